import { Sandbox, startSandbox } from '../../sandbox/server';
import { authHeaders, call } from './sandbox-fetch';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0 });
});
afterAll(() => sb.close());

describe('auth headers', () => {
	it('accepts ApiIntegrationCode / UserName / Secret', async () => {
		const r = await call(sb, 'GET', 'Companies/0');
		expect(r.status).toBe(200);
		expect(r.body.item.id).toBe(0);
	});

	it('accepts the other spellings clients send (APIIntegrationcode, Username) and the lower-case path', async () => {
		const headers = {
			APIIntegrationcode: sb.credentials.integrationCode,
			Username: sb.credentials.username.toUpperCase(),
			secret: sb.credentials.secret,
		};
		const r = await call(
			sb,
			'GET',
			sb.baseUrl.replace('/ATServicesRest/V1.0', '/atservicesrest/v1.0') + '/Companies/0',
			undefined,
			headers,
		);
		expect(r.status).toBe(200);
	});

	it.each([
		['wrong secret', { Secret: 'nope' }],
		['wrong integration code', { ApiIntegrationCode: 'OTHER' }],
		['wrong user', { UserName: 'someone@else' }],
	])('answers 401 with an Autotask error body for a %s', async (_label, override) => {
		const r = await call(sb, 'GET', 'Companies/0', undefined, { ...authHeaders(sb), ...override });
		expect(r.status).toBe(401);
		expect(r.body.errors).toEqual([expect.stringContaining('Authentication failed')]);
		expect(JSON.stringify(r.body)).not.toContain(sb.credentials.secret);
	});

	it('answers 401 when the headers are missing', async () => {
		const r = await call(
			sb,
			'POST',
			'Companies/query',
			{ filter: [{ op: 'exist', field: 'id' }] },
			{ 'Content-Type': 'application/json' },
		);
		expect(r.status).toBe(401);
	});
});

describe('zoneInformation, ThresholdInformation, Version', () => {
	it('answers zoneInformation without auth with the sandbox base URL', async () => {
		const r = await call(
			sb,
			'GET',
			`zoneInformation?user=${encodeURIComponent(sb.credentials.username)}`,
			undefined,
			{},
		);
		expect(r.status).toBe(200);
		expect(r.body.url).toBe(sb.baseUrl.replace(/V1\.0$/, ''));
		expect(`${r.body.url}V1.0`).toBe(sb.baseUrl);
		expect(r.body).toEqual(
			expect.objectContaining({
				zoneName: expect.any(String),
				webUrl: expect.any(String),
				ci: expect.any(Number),
			}),
		);
	});

	it('answers 404 for a user the sandbox does not know', async () => {
		const r = await call(sb, 'GET', 'zoneInformation?user=unknown%40x.test', undefined, {});
		expect(r.status).toBe(404);
		expect(r.body.errors).toHaveLength(1);
	});

	it('reports the budget in ThresholdInformation', async () => {
		const before = (await call(sb, 'GET', 'ThresholdInformation')).body;
		await call(sb, 'GET', 'Companies/0');
		const after = (await call(sb, 'GET', 'ThresholdInformation')).body;
		expect(before.externalRequestThreshold).toBe(10000);
		expect(before.requestThresholdTimeframe).toBe(60);
		expect(after.currentTimeframeRequestCount).toBe(before.currentTimeframeRequestCount + 1);
	});

	it('answers Version and versioninformation', async () => {
		expect((await call(sb, 'GET', 'Version')).body).toEqual({ apiVersions: ['1.0'] });
		const res = await fetch(sb.baseUrl.replace('/V1.0', '/versioninformation'));
		expect(await res.json()).toEqual({ apiVersions: ['1.0'] });
	});

	it('answers 404 outside the API and admin prefixes', async () => {
		const res = await fetch(sb.baseUrl.replace('/ATServicesRest/V1.0', '/somewhere'));
		expect(res.status).toBe(404);
	});
});
