/** The Axcient x360Recover API credential: fields, the x-api-key header, and a test that really authenticates. */
import nock from 'nock';
import { Expression, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';

import { BdrX360RecoverApi } from '../../credentials/BdrX360RecoverApi.credentials';
import { loadPackageCredentialTypes } from '../harness/packageTypes';

const KEY = 'x360-credential-test-key-1234567890';
const credential = new BdrX360RecoverApi();

/** An n8n expression ("={{ … }}") evaluated with the credential's values, as n8n does for credentials. */
const resolve = (values: IDataObject, v: unknown) =>
	typeof v === 'string' && v.startsWith('=')
		? Expression.resolveWithoutWorkflow(v.slice(1), { $credentials: values } as never)
		: v;

/** The credential's `authenticate` applied to a request (its generic form: headers from expressions). */
function authenticate(values: IDataObject, options: IHttpRequestOptions): IHttpRequestOptions {
	const headers: Record<string, unknown> = { ...(options.headers ?? {}) };
	for (const [name, value] of Object.entries(credential.authenticate.properties.headers ?? {}))
		headers[name] = resolve(values, value);
	return { ...options, headers: headers as IHttpRequestOptions['headers'] };
}

/** What n8n's credential tester sends for a declarative test: the request with its expressions resolved and the credential applied. */
async function testRequest(values: IDataObject): Promise<IHttpRequestOptions> {
	const request = credential.test.request;
	const options: IHttpRequestOptions = {
		url: `${String(resolve(values, request.baseURL))}${String(request.url)}`,
		method: request.method ?? 'GET',
		json: true,
	};
	return authenticate(values, options);
}

async function send(options: IHttpRequestOptions): Promise<number> {
	const response = await fetch(options.url, {
		method: options.method,
		headers: options.headers as Record<string, string>,
	});
	return response.status;
}

describe('BdrX360RecoverApi', () => {
	it('is discovered by name with the fields of the brief: apiKey (password), environment, customUrl (custom only)', () => {
		expect(loadPackageCredentialTypes().get('bdrX360RecoverApi')?.displayName).toBe(
			'Axcient x360Recover API',
		);
		expect(credential.properties.map((p) => p.name)).toEqual([
			'apiKey',
			'environment',
			'customUrl',
		]);
		expect(credential.properties[0].typeOptions).toEqual({ password: true });
		expect(credential.properties[1]).toMatchObject({
			default: 'production',
			options: [{ value: 'production' }, { value: 'custom' }],
		});
		expect(credential.properties[2].displayOptions).toEqual({ show: { environment: ['custom'] } });
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({
			light: 'file:x360recover.svg',
			dark: 'file:x360recover.dark.svg',
		});
	});

	it('puts the key in the x-api-key header, nowhere else', async () => {
		const options = authenticate({ apiKey: KEY }, { url: 'https://example.invalid/x' });
		expect(options.headers).toEqual({ 'x-api-key': KEY });
		expect(options.url).not.toContain(KEY);
	});

	it('tests with GET /organization on production, or on the custom URL (trailing slash ignored)', async () => {
		expect((await testRequest({ apiKey: KEY, environment: 'production' })).url).toBe(
			'https://axapi.axcient.com/x360recover/organization',
		);
		expect(
			(
				await testRequest({
					apiKey: KEY,
					environment: 'custom',
					customUrl: 'http://127.0.0.1:8086/x360recover/',
				})
			).url,
		).toBe('http://127.0.0.1:8086/x360recover/organization');
	});

	describe('against a server', () => {
		afterEach(() => nock.cleanAll());

		it('passes with the right key, fails with a wrong one (401), as n8n reads any non-2xx answer', async () => {
			nock('http://127.0.0.1:18087', { reqheaders: { 'x-api-key': KEY } })
				.get('/x360recover/organization')
				.reply(200, { id: 26, name: 'MSP', active: true });
			nock('http://127.0.0.1:18087')
				.get('/x360recover/organization')
				.reply(401, { message: 'Unauthorized' });
			const base = { environment: 'custom', customUrl: 'http://127.0.0.1:18087/x360recover' };
			expect(await send(await testRequest({ apiKey: KEY, ...base }))).toBe(200);
			expect(await send(await testRequest({ apiKey: 'wrong-key-000', ...base }))).toBe(401);
		});
	});
});
