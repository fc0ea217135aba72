/**
 * Fault injection and the polite rate limit. The record publishes no rate limit; public clients keep
 * to ~10 requests/s and retry 429/5xx honouring Retry-After (WYRE-AI/node-axcient `src/config.ts`,
 * `src/http.ts`). Faulted answers carry production's error shapes (adamburley/AxcientAPI `ApiNotes.md`).
 */
import { X360_DEMO } from '../../../sandbox/x360recover/seeds';
import { X360Recover, startX360Recover } from '../../../sandbox/x360recover/server';
import { admin, allX360Devices as allDevices, get } from '../standInFetch';

let x: X360Recover;
beforeAll(async () => {
	x = await startX360Recover({ seed: 'demo' });
});
afterEach(() => x.reset());
afterAll(() => x.close());

describe('route faults', () => {
	it.each([
		[401, 'application/json', { message: 'Unauthorized' }],
		[
			403,
			'application/problem+json',
			expect.objectContaining({ type: 'ForbiddenException', status: 403 }),
		],
		[
			404,
			'application/problem+json',
			expect.objectContaining({ type: 'NotFoundException', title: 'Client not found' }),
		],
		[500, 'application/problem+json', expect.objectContaining({ status: 500 })],
		[
			503,
			'application/problem+json',
			expect.objectContaining({ status: 503, title: 'Service Unavailable' }),
		],
	])('status %i answers with its production shape', async (status, contentType, body) => {
		x.setFault('GET /client/{client_id}', { status: status as 401 });
		const r = await get(x, `/client/${X360_DEMO.clients[0].clientId}`);
		expect([r.status, r.contentType]).toEqual([status, contentType]);
		expect(r.body).toEqual(body);
		expect((await get(x, '/client')).status).toBe(200); // other routes untouched
	});

	it('429 carries Retry-After; `times` clears the fault after that many answers', async () => {
		x.setFault('GET /device', { status: 429, retryAfter: 3, times: 2 });
		const a = await get(x, '/device?limit=10');
		expect(a.status).toBe(429);
		expect(a.headers.get('retry-after')).toBe('3');
		expect((await get(x, '/device?limit=10')).status).toBe(429);
		expect((await get(x, '/device?limit=10')).status).toBe(200);
	});

	it('slowMs delays the answer (with or without a status); * applies to every route', async () => {
		x.setFault('*', { slowMs: 300, times: 1 });
		const t0 = Date.now();
		expect((await get(x, '/organization')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
	});

	it('faults are set and cleared over the admin API too; unknown routes and statuses are refused', async () => {
		const put = await admin(x, 'PUT', '/faults', { routes: { 'GET /vault': { status: 502 } } });
		expect(put.body.routes).toEqual({ 'GET /vault': { status: 502 } });
		expect((await get(x, '/vault')).status).toBe(502);
		await admin(x, 'PUT', '/faults', { routes: { 'GET /vault': null } });
		expect((await get(x, '/vault')).status).toBe(200);
		expect(
			(await admin(x, 'PUT', '/faults', { routes: { 'GET /nothing': { status: 500 } } })).status,
		).toBe(400);
		expect(
			(await admin(x, 'PUT', '/faults', { routes: { 'GET /vault': { status: 418 } } })).status,
		).toBe(400);
	});
});

describe('rate limit', () => {
	it('optional: past N requests per second answers 429 with Retry-After, and serves again after', async () => {
		await admin(x, 'PUT', '/settings', { rateLimitPerSecond: 3 });
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await get(x, '/organization')).status);
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		const limited = await get(x, '/organization');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		await new Promise((r) => setTimeout(r, 1100));
		expect((await get(x, '/organization')).status).toBe(200);
	});

	it('latencyMs slows every answer', async () => {
		await admin(x, 'PUT', '/settings', { latencyMs: 200 });
		const t0 = Date.now();
		await get(x, '/organization');
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
		expect((await admin(x, 'PUT', '/settings', { nope: 1 })).status).toBe(400);
	});
});

describe('a device added mid-scan', () => {
	it('position start: inserted between two /device pages, every later page shifts by one (one system seen twice, the new one missed)', async () => {
		const before = x.model.devices.length;
		expect(
			(
				await admin(x, 'POST', '/faults/device-mid-scan', {
					clientId: X360_DEMO.clients[2].clientId,
					name: 'CEDAR-NEW01',
				})
			).status,
		).toBe(200);
		const seen = await allDevices(x, 50);
		expect(x.model.devices).toHaveLength(before + 1);
		const ids = seen.map((d) => d.id);
		expect(ids).toHaveLength(before + 1);
		expect(new Set(ids).size).toBe(before); // the device at the first page boundary comes twice
		expect(seen.some((d) => d.name === 'CEDAR-NEW01')).toBe(false);
		const again = await allDevices(x, 50);
		expect(
			again.some((d) => d.name === 'CEDAR-NEW01' && d.client_id === X360_DEMO.clients[2].clientId),
		).toBe(true);
	});

	it('position end, after the second page: the scan that is under way finds it on its last page', async () => {
		x.armMidScan({
			clientId: X360_DEMO.clients[0].clientId,
			afterPages: 2,
			position: 'end',
			name: 'ACME-NEW',
		});
		const seen = await allDevices(x, 50);
		expect(seen[seen.length - 1].name).toBe('ACME-NEW');
		expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
	});

	it('an unknown client is refused', async () => {
		expect((await admin(x, 'POST', '/faults/device-mid-scan', { clientId: 1 })).status).toBe(400);
	});
});
