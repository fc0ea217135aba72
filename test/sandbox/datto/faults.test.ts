/**
 * Injected faults, the optional rate limit and a device added between two pages: what a Datto client
 * must survive. Sources: Celerium/Datto-PowerShellWrapper `Private/apiCalls/Invoke-DattoRequest.ps1`
 * ("[C]": handles 404, 429 "API rate limited", 504 "Gateway Timeout"), wyre-technology/node-datto-bcdr
 * ("[W]": `src/config.ts` ~120 requests / minute, `src/rate-limiter.ts` "429 with a Retry-After header",
 * `src/http.ts` retries 429 by Retry-After and 5xx), veeemlab/datto-bcdr-mcp `src/datto-client.ts`
 * ("[V]": retries 429, 502, 503, 504 honouring Retry-After; "~120 req/min per key").
 */
import { DATTO_DEMO } from '../../../sandbox/datto/seeds';
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { admin, allDattoDevices as allDevices, get } from '../standInFetch';

let d: DattoStandIn;
const acme = DATTO_DEMO.clients[0];

beforeAll(async () => {
	d = await startDatto({ seed: 'demo' });
});
afterAll(() => d.close());
afterEach(() => d.reset());

describe('Datto BCDR faults', () => {
	it("401, 403, 404 per route in the stand-in's shapes; other routes unaffected [what clients must survive; V hints 401 keys, 403 restricted key]", async () => {
		for (const [status, code] of [
			[401, 'Unauthorized'],
			[403, 'Forbidden'],
			[404, 'NotFound'],
		] as const) {
			d.setFault('GET /bcdr/device/{serialNumber}/asset', { status });
			const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset`);
			expect([status, r.status, r.body.code]).toEqual([status, status, code]);
			expect((await get(d, '/bcdr/device')).status).toBe(200);
		}
		d.setFault('GET /bcdr/device/{serialNumber}/asset', null);
		expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset`)).status).toBe(200);
	});

	it('429 with Retry-After in seconds [W rate-limiter.ts "429 with a Retry-After header"; C "API rate limited"]', async () => {
		d.setFault('GET /bcdr/device', { status: 429, retryAfter: 7, times: 1 });
		const r = await get(d, '/bcdr/device');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('7');
		expect(r.body.code).toBe('TooManyRequests');
		expect((await get(d, '/bcdr/device')).status).toBe(200);
	});

	it('500, 502, 503, 504, each `times` times, then answers again [C 504 "Gateway Timeout"; V retries 502/503/504; W retries 5xx]', async () => {
		for (const status of [500, 502, 503, 504] as const) {
			d.setFault('*', { status, times: 2 });
			expect((await get(d, '/bcdr/device')).status).toBe(status);
			expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}/alert`)).status).toBe(status);
			expect((await get(d, '/bcdr/device')).status).toBe(200);
		}
	});

	it('slowMs delays the answer; with a status, the status comes late [ours]', async () => {
		d.setFault('GET /bcdr/device/{serialNumber}', { slowMs: 300, times: 1 });
		const t = Date.now();
		expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}`)).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(280);
	});

	it('a fault for an unknown route or status is refused (admin 400) [ours]', async () => {
		expect(
			(await admin(d, 'PUT', '/faults', { routes: { 'GET /bcdr/agent': { status: 500 } } })).status,
		).toBe(400);
		expect(
			(await admin(d, 'PUT', '/faults', { routes: { 'GET /bcdr/device': { status: 418 } } }))
				.status,
		).toBe(400);
		expect(
			(
				await admin(d, 'PUT', '/faults', {
					routes: { 'GET /bcdr/device': { status: 503, times: 1 } },
				})
			).body.routes,
		).toEqual({ 'GET /bcdr/device': { status: 503, times: 1 } });
	});

	it('the optional rate limit: past N requests in a rolling minute, 429 + Retry-After; off by default [W config.ts, V config.ts: about 120 a minute, unofficial]', async () => {
		for (let i = 0; i < 130; i++)
			expect((await get(d, '/bcdr/device?_perPage=1')).status).toBe(200);
		d.setSettings({ rateLimitPerMinute: 3 });
		for (let i = 0; i < 3; i++) expect((await get(d, '/bcdr/device?_perPage=1')).status).toBe(200);
		const r = await get(d, '/bcdr/device?_perPage=1');
		expect(r.status).toBe(429);
		expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(60);
	});

	it('a device added at the start between two pages: the next page shifts, one device comes twice and the new one is missed until the next scan [ours: what a paging client must tolerate]', async () => {
		d.armMidScan({ organizationId: acme.organizationId, afterPages: 1, position: 'start' });
		const first = await get(d, '/bcdr/device?_page=1&_perPage=5');
		const second = await get(d, '/bcdr/device?_page=2&_perPage=5');
		expect(second.body.pagination.count).toBe(10);
		expect(second.body.items[0].serialNumber).toBe(first.body.items[4].serialNumber);
		const seen = [...first.body.items, ...second.body.items].map((x: any) => x.serialNumber);
		expect(new Set(seen).size).toBe(9);
		expect((await allDevices(d, 5)).length).toBe(10);
	});

	it('a device added at the end between two pages is found by the running scan [ours]', async () => {
		await admin(d, 'POST', '/faults/device-mid-scan', {
			organizationId: acme.organizationId,
			afterPages: 1,
			position: 'end',
		});
		expect((await allDevices(d, 5)).map((x) => x.organizationId).slice(-1)).toEqual([
			acme.organizationId,
		]);
		expect(d.model.appliances).toHaveLength(10);
	});
});
