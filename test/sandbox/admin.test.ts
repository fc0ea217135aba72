import { Sandbox, startSandbox } from '../../sandbox/server';
import { admin, authHeaders, call, query } from './sandbox-fetch';

let sb: Sandbox;
beforeEach(async () => {
	sb = await startSandbox({
		seed: 'demo',
		port: 0,
		credentials: { secret: 'very-secret-value-123', integrationCode: 'INTEGRATION-CODE-XYZ' },
	});
});
afterEach(() => sb.close());

const newCompany = {
	companyName: 'Added Ltd',
	companyType: 1,
	phone: '1',
	ownerResourceID: 29682886,
};

it('lists its routes', async () => {
	const r = await admin(sb, 'GET', '');
	expect(r.body.routes).toEqual(
		expect.arrayContaining([
			'POST /_sandbox/reset',
			'GET /_sandbox/snapshot',
			'PUT /_sandbox/faults',
		]),
	);
});

it("answers in the API's JSON content type, bad admin JSON with 400 {errors}, an unknown admin route with 404 naming it", async () => {
	const r = await fetch(`${sb.adminUrl}/counts`);
	expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
	const bad = await fetch(`${sb.adminUrl}/seed`, { method: 'POST', body: '{' });
	expect([bad.status, bad.headers.get('content-type'), await bad.json()]).toEqual([
		400,
		'application/json; charset=utf-8',
		{ errors: ['The admin request body is not valid JSON.'] },
	]);
	const unknown = await admin(sb, 'GET', 'nothing');
	expect(unknown.status).toBe(404);
	expect(unknown.body.errors[0]).toMatch(
		/^No admin route GET \/_sandbox\/nothing; available: GET \/_sandbox\//,
	);
});

it('snapshot returns the whole store; reset restores the seed', async () => {
	const before = (await admin(sb, 'GET', 'snapshot')).body;
	expect(before.tables.Companies.length).toBe(sb.store.all('Companies').length);
	expect(before.picklists['Tickets.queueID'].map((v: any) => v.label)).toContain(
		'Managed Services Alerts',
	);
	await call(sb, 'POST', 'Companies', newCompany);
	expect((await admin(sb, 'GET', 'snapshot')).body.tables.Companies.length).toBe(
		before.tables.Companies.length + 1,
	);
	await admin(sb, 'POST', 'reset');
	const after = (await admin(sb, 'GET', 'snapshot')).body;
	expect(after.tables.Companies.map((c: any) => c.companyName)).toEqual(
		before.tables.Companies.map((c: any) => c.companyName),
	);
	expect((await admin(sb, 'GET', 'counts')).body).toEqual({ total: 0, byRoute: {} });
});

it('seed switches the tenant (same store object) and refuses a bad seed', async () => {
	expect((await admin(sb, 'POST', 'seed', { seed: 5 })).status).toBe(200);
	expect(sb.store.all('Contracts')).toHaveLength(5);
	expect((await admin(sb, 'POST', 'seed', { seed: 'empty' })).status).toBe(200);
	expect(sb.store.all('Contracts')).toHaveLength(0);
	const bad = await admin(sb, 'POST', 'seed', { seed: 'lots' });
	expect(bad.status).toBe(400);
	expect(bad.body.errors[0]).toContain('seed');
});

it('counts and counts/reset', async () => {
	await query(sb, 'Companies', [{ op: 'exist', field: 'id' }]);
	expect((await admin(sb, 'GET', 'counts')).body).toEqual({
		total: 1,
		byRoute: { 'POST Companies/query': 1 },
	});
	await admin(sb, 'POST', 'counts/reset');
	expect(sb.counts().total).toBe(0);
});

it('PUT faults sets rates and route faults; GET faults shows them', async () => {
	const r = await admin(sb, 'PUT', 'faults', {
		rate500: 0,
		routes: { 'GET Companies/{id}': { status: 500, message: 'boom', times: 1 } },
	});
	expect(r.body.routes['GET Companies/{id}']).toEqual({
		status: 500,
		message: 'boom',
		remaining: 1,
	});
	expect((await call(sb, 'GET', 'Companies/0')).status).toBe(500);
	expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
	expect((await admin(sb, 'PUT', 'faults', { rate500: 2 })).status).toBe(400);
});

it('PUT settings changes limits and the notes-on-complete rule', async () => {
	const r = await admin(sb, 'PUT', 'settings', {
		hourlyBudget: 1,
		refuseNotesOnCompletedTickets: false,
	});
	expect(r.body).toEqual(
		expect.objectContaining({
			hourlyBudget: 1,
			threadLimit: 3,
			refuseNotesOnCompletedTickets: false,
		}),
	);
	expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
	expect((await call(sb, 'GET', 'Companies/0')).status).toBe(429);
});

it('is not reachable through the Autotask prefix, and Autotask credentials are not needed for it', async () => {
	const viaApi = await call(sb, 'POST', '_sandbox/reset');
	expect(viaApi.status).toBe(404);
	const res = await fetch(`${sb.adminUrl}/counts`);
	expect(res.status).toBe(200);
	expect(sb.counts().byRoute).toEqual({ 'POST _sandbox/reset': 1 });
});

it('the request log holds method, route, status and ms, never header values or bodies', async () => {
	await call(sb, 'POST', 'Companies', { ...newCompany, companyName: 'Log Check Ltd' });
	await call(sb, 'GET', 'Companies/0', undefined, {
		...authHeaders(sb),
		Secret: 'wrong-secret-abc',
	});
	const log = (await admin(sb, 'GET', 'requests')).body;
	expect(log).toEqual([
		{
			at: expect.any(String),
			method: 'POST',
			route: 'POST Companies',
			status: 200,
			ms: expect.any(Number),
		},
		{
			at: expect.any(String),
			method: 'GET',
			route: 'GET Companies/{id}',
			status: 401,
			ms: expect.any(Number),
		},
	]);
	const text = JSON.stringify(log) + JSON.stringify(sb.requestLog()) + JSON.stringify(sb.counts());
	for (const secret of [
		'very-secret-value-123',
		'INTEGRATION-CODE-XYZ',
		'wrong-secret-abc',
		'Log Check Ltd',
	])
		expect(text).not.toContain(secret);
});
