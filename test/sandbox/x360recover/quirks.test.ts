/**
 * Production quirks and error answers, each with its public source: adamburley/AxcientAPI `ApiNotes.md`
 * ("[N]"), WYRE-AI/node-axcient README "Known API quirks" and `src/http.ts` ("[W]"), the OpenAPI file
 * x360Recover.yaml ("[Y]"), Axcient's health-status help page ("[H]"), SimonBuckner/axcientapi ("[S]").
 */
import { X360_DEMO } from '../../../sandbox/x360recover/seeds';
import { X360Recover, startX360Recover } from '../../../sandbox/x360recover/server';
import { admin, get } from '../standInFetch';

let x: X360Recover;
const acme = X360_DEMO.clients[0];

beforeAll(async () => {
	x = await startX360Recover({
		seed: 'demo',
		apiKey: 'good-key',
		extraKeys: [{ key: 'cloud-only-key', products: [] }],
	});
});
afterAll(() => x.close());

describe('x360Recover production quirks', () => {
	it('lists the spec documents as one object come back as arrays: /client, /appliance, /client/{id}/appliance, /vault, job history [W README; Y]', async () => {
		const d = x.model.devices[0];
		for (const path of [
			'/client',
			'/appliance',
			`/client/${acme.clientId}/appliance`,
			'/vault',
			`/client/${d.clientId}/device/${d.id}/job/${d.backupJobId}/history`,
		]) {
			expect([path, Array.isArray((await get(x, path)).body)]).toEqual([path, true]);
		}
	});

	it('a missing or wrong key: 401 application/json {"message": "Unauthorized"} [N "Invalid API Key"; W http.ts shape 1]', async () => {
		for (const headers of [{}, { 'x-api-key': 'wrong' }]) {
			const r = await get(x, '/organization', headers);
			expect(r.status).toBe(401);
			expect(r.contentType).toBe('application/json');
			expect(r.body).toEqual({ message: 'Unauthorized' });
		}
	});

	it('the header is x-api-key (any case); the intro docs\' x-api-headers is not accepted [N "Auth header mismatch"; Y securitySchemes]', async () => {
		expect((await get(x, '/organization', { 'X-API-Key': 'good-key' })).status).toBe(200);
		expect((await get(x, '/organization', { 'x-api-headers': 'good-key' })).status).toBe(401);
	});

	it('an unknown route or a non-numeric id: 401, text/html; charset=utf-8, body {"code": 401, "msg": "Unauthorized"} (the spec promises 400) [N "Invalid URI"; W README]', async () => {
		for (const path of [
			'/organisation',
			'/client/thisshouldbeanumber',
			'/device/12abc',
			'/client/4101/nothing',
			'/billing/usage/billable',
		]) {
			const r = await get(x, path);
			expect([path, r.status, r.contentType]).toEqual([path, 401, 'text/html; charset=utf-8']);
			expect(r.body).toEqual({ code: 401, msg: 'Unauthorized' });
		}
		expect((await get(x, '/organization', { 'x-api-key': 'good-key' }, 'DELETE')).status).toBe(401);
	});

	it('an unknown id: 404 application/problem+json {detail, status, title, type: NotFoundException} [N "Not Found"]', async () => {
		const r = await get(x, '/client/12');
		expect(r.status).toBe(404);
		expect(r.contentType).toBe('application/problem+json');
		expect(r.body).toEqual({
			detail: 'Client with such id = 12 is not found',
			status: 404,
			title: 'Client not found',
			type: 'NotFoundException',
		});
		for (const [path, title] of [
			['/device/1', 'Device not found'],
			['/appliance/1', 'Appliance not found'],
			['/vault/1', 'Vault not found'],
			[`/client/${acme.clientId}/device/1/job`, 'Device not found'],
		]) {
			const nf = await get(x, path);
			expect([path, nf.status, nf.body.title, nf.body.type]).toEqual([
				path,
				404,
				title,
				'NotFoundException',
			]);
		}
		const d = x.model.devices[0];
		expect((await get(x, `/client/${d.clientId}/device/${d.id}/job/1/history`)).body.title).toBe(
			'Job not found',
		);
	});

	it('a key without the x360Recover product permission: 403 problem+json ForbiddenException [N "Permissions"; Liongard KB: a key without Billing gets 403 on billing]', async () => {
		const r = await get(x, '/client', { 'x-api-key': 'cloud-only-key' });
		expect(r.status).toBe(403);
		expect(r.contentType).toBe('application/problem+json');
		expect(r.body).toEqual({
			detail: "User doesn't have enough permissions to process this request",
			status: 403,
			title: 'Not enough permissions',
			type: 'ForbiddenException',
		});
	});

	it('bad query values: 400 problem+json, type about:blank [N "Bad Request" shape]', async () => {
		for (const path of [
			'/device?limit=ten',
			'/vault?vault_type=Public',
			'/client?include_appliances=maybe',
		]) {
			const r = await get(x, path);
			expect([path, r.status, r.contentType, r.body.type, r.body.title]).toEqual([
				path,
				400,
				'application/problem+json',
				'about:blank',
				'Bad Request',
			]);
		}
	});

	it('a trailing slash is accepted (the mock refuses it; production does not) [N "Known differences" 2]', async () => {
		expect((await get(x, '/client/')).status).toBe(200);
		expect((await get(x, `/client/${acme.clientId}/`)).body.id).toBe(acme.clientId);
	});

	it("restore-point times carry no zone, the device's latest_*_rp do [S RestorePointTimestamp; Y examples]", async () => {
		const d = x.model.devices[0];
		const rp = (await get(x, `/device/${d.id}/restore_point`)).body[0].restore_points[0].timestamp;
		expect(rp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
		expect(Number.isNaN(Date.parse(`${rp}Z`))).toBe(false);
		expect((await get(x, `/device/${d.id}`)).body.latest_cloud_rp.endsWith('Z')).toBe(true);
	});

	it("storage figures are bytes (integers; the seed's GB × 10^9) [Y storage_details example 58581416960; public dashboards divide by 1e9]", async () => {
		const devices = (await get(x, `/client/${acme.clientId}/device`)).body;
		expect(devices.reduce((s: number, d: any) => s + d.local_usage, 0)).toBe(500e9);
		expect(devices.reduce((s: number, d: any) => s + d.cloud_usage, 0)).toBe(800e9);
	});

	it('health states are spelled NORMAL, WARNED, TROUBLED, PARKED; the previous state moves to previous_health_status [Y examples; H four states]', async () => {
		const d = x.model.devices[1];
		for (const status of ['WARNED', 'TROUBLED', 'PARKED', 'NORMAL']) {
			expect((await admin(x, 'POST', `/device/${d.id}/health`, { status })).status).toBe(200);
			expect((await get(x, `/device/${d.id}`)).body.current_health_status.status).toBe(status);
		}
		expect((await get(x, `/device/${d.id}`)).body.previous_health_status.status).toBe('PARKED');
		expect((await admin(x, 'POST', `/device/${d.id}/health`, { status: 'Troubled' })).status).toBe(
			400,
		);
		await admin(x, 'POST', '/reset');
	});
});
