import axios from 'axios';

import { BdrAutotaskApi } from '../../credentials/BdrAutotaskApi.credentials';
import { startSandbox } from '../../sandbox/server';
import { credentialsFor } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'empty', port: 0 });
});
afterAll(() => sb.close());

const credential = new BdrAutotaskApi();

/** Evaluates one of the credential's `={{ … }}` expressions the way n8n would, for these values. */
function resolve(expression: string, values: Record<string, unknown>): string {
	if (!expression.startsWith('={{')) return expression;
	const body = expression.slice(3, -2);
	return new Function('$credentials', `return (${body});`)(values);
}

async function runTest(values: Record<string, unknown>) {
	const request = credential.test.request;
	const headers = Object.fromEntries(
		Object.entries(credential.authenticate.properties.headers ?? {}).map(([k, v]) => [k, resolve(String(v), values)]),
	);
	const url = resolve(String(request.baseURL), values) + request.url;
	return { url, response: await axios.get(url, { headers, validateStatus: () => true }) };
}

describe('BDR Autotask API credential', () => {
	it('has password fields for the secret and the integration code', () => {
		const field = (name: string) => credential.properties.find((p) => p.name === name);
		expect(field('secret')?.typeOptions?.password).toBe(true);
		expect(field('integrationCode')?.typeOptions?.password).toBe(true);
	});

	it('its test authenticates for real: 200 with the right secret, 401 with a wrong one', async () => {
		const good = await runTest(credentialsFor(sb));
		expect(good.url).toBe(`${sb.baseUrl}/ThresholdInformation`);
		expect(good.response.status).toBe(200);
		expect(good.response.data).toHaveProperty('externalRequestThreshold');
		const bad = await runTest({ ...credentialsFor(sb), secret: 'wrong' });
		expect(bad.response.status).toBe(401);
	});

	it('normalises every accepted spelling of the base URL', async () => {
		const origin = sb.baseUrl.replace(/\/ATServicesRest\/V1\.0$/, '');
		for (const spelling of [origin, `${origin}/`, `${origin}/atservicesrest`, `${origin}/ATServicesRest/V1.0/`, `${origin}/atservicesrest/v1.0`]) {
			const { url, response } = await runTest({ ...credentialsFor(sb), customUrl: spelling });
			expect(url).toBe(`${origin}/ATServicesRest/V1.0/ThresholdInformation`);
			expect(response.status).toBe(200);
		}
	});

	it('with auto-detection asks Autotask\'s own host (which forwards to the zone)', () => {
		expect(resolve(String(credential.test.request.baseURL), { zone: 'auto' })).toBe('https://webservices.autotask.net/ATServicesRest/V1.0');
	});
});
