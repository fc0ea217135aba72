/**
 * Every production quirk of x360Recover, met by the node through n8n-core against the stand-in
 * (sandbox/x360recover), which answers each one as the public record describes it: lists as arrays,
 * 401 JSON for a bad key, 401 text/html for an unknown route, 404 and 403 problem+json, 429 with
 * Retry-After, 5xx, a system added between two /device pages.
 */
import { runWorkflow, type WorkflowJson } from '../harness';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

const LIMITED_KEY = 'x360-key-without-x360recover-0001';
let x360: X360Recover;
beforeAll(async () => {
	x360 = await startX360Recover({
		seed: 'demo',
		port: 0,
		extraKeys: [{ key: LIMITED_KEY, products: ['billing'] }],
	});
});
afterAll(async () => x360.close());
beforeEach(() => x360.reset());

function workflow(parameters: Record<string, unknown>): WorkflowJson {
	return {
		name: 'x360 quirks',
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'x360Recover',
				type: 'n8n-nodes-bdr-autotask.bdrX360Recover',
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { bdrX360RecoverApi: { id: '1', name: 'x360Recover (stand-in)' } },
			},
		],
		connections: { Start: { main: [[{ node: 'x360Recover', type: 'main', index: 0 }]] } },
	};
}
const run = (parameters: Record<string, unknown>, over: Record<string, unknown> = {}) =>
	runWorkflow(workflow(parameters), {
		credentials: {
			bdrX360RecoverApi: {
				apiKey: x360.apiKey,
				environment: 'custom',
				customUrl: x360.baseUrl,
				...over,
			},
		},
	});
const out = (r: Awaited<ReturnType<typeof run>>) =>
	(r.outputs.x360Recover?.[0] ?? []).map((i) => i.json as Record<string, any>);
const errorOf = (r: Awaited<ReturnType<typeof run>>) =>
	r.error as unknown as { name: string; message: string; description?: string; httpCode?: string };

describe('x360Recover quirks through the node, against the stand-in', () => {
	it('lists documented as one object come back as arrays: every client is listed', async () => {
		const r = await run({ operation: 'listClients' });
		expect(
			out(r)
				.map((c) => c.clientId)
				.sort(),
		).toEqual(X360_DEMO.clients.map((c) => c.clientId).sort());
	});

	it('a bad key: 401 JSON → "refused the API key", the key nowhere in the run', async () => {
		const r = await run({ operation: 'listClients' }, { apiKey: 'wrong-key-1234567890' });
		expect(errorOf(r)).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(errorOf(r).message).toMatch(/refused the API key/);
		expect(JSON.stringify(r.run)).not.toContain('wrong-key-1234567890');
	});

	it('a wrong base path: 401 text/html → "does not know the address", pointing at the Base URL, not the key', async () => {
		const r = await run({ operation: 'listClients' }, { customUrl: `${x360.baseUrl}/v2` });
		expect(errorOf(r).message).toMatch(/does not know the address \/client/);
		expect(errorOf(r).description).toMatch(/Base URL/);
		expect(JSON.stringify(r.run)).not.toContain(x360.apiKey);
	});

	it('a key without the x360Recover permission: 403 → names the permission to grant', async () => {
		const r = await run({ operation: 'listClients' }, { apiKey: LIMITED_KEY });
		expect(errorOf(r)).toMatchObject({ name: 'NodeApiError', httpCode: '403' });
		expect(errorOf(r).message).toMatch(/lacks the x360Recover permission/);
		expect(errorOf(r).description).toMatch(/Settings → API Keys.*tick the x360Recover permission/);
	});

	it('429 with Retry-After on a /device page is waited out; the poll completes', async () => {
		x360.setFault('GET /device', { status: 429, retryAfter: 1, times: 1 });
		const started = Date.now();
		const r = await run({ operation: 'usage' });
		expect(r.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(out(r)).toHaveLength(X360_DEMO.clients.length);
		expect(x360.requestLog().filter((e) => e.status === 429)).toHaveLength(1);
	});

	it('5xx on a read is retried; a lasting one stops the poll with the status', async () => {
		x360.setFault('GET /client', { status: 502, times: 2 });
		expect((await run({ operation: 'listClients' })).error).toBeUndefined();
		x360.setFault('GET /client', { status: 500 });
		const r = await run({ operation: 'listClients' });
		expect(errorOf(r)).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(x360.requestLog().filter((e) => e.status === 500)).toHaveLength(4);
	});

	it('404 problem+json on a detail read costs the quote only; the event still goes out', async () => {
		const [device] = x360.model.devices;
		await fetch(`${x360.adminUrl}/device/${device.id}/health`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ status: 'TROUBLED', reason: 'BACKUP_FAILED' }),
		});
		x360.setFault('GET /client/{client_id}/device/{device_id}/job/{job_id}/history', {
			status: 404,
		});
		const r = await run({ operation: 'deviceHealth', healthOptions: { conditions: ['backup'] } });
		expect(r.error).toBeUndefined();
		const [problem] = out(r).filter((e) => e.severity !== 'ok');
		expect(problem).toMatchObject({ device: { id: `device:${device.id}` }, severity: 'error' });
		expect(problem.x360.detailError).toMatch(/no such record/);
	});

	it('a system added between two /device pages (shifting them) is neither lost nor doubled', async () => {
		const client = X360_DEMO.clients[7];
		x360.armMidScan({ clientId: client.clientId, position: 'start', name: 'MID-SCAN-01' });
		const r = await run({ operation: 'deviceHealth', healthOptions: { conditions: ['backup'] } });
		const ids = out(r).map((e) => e.device.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(x360.model.devices.length);
		expect(out(r).some((e) => e.device.name === 'MID-SCAN-01')).toBe(true);
	});

	it('every event of a live poll carries ISO UTC times (zone-less vendor times are read as UTC: test/logic/x360Health.test.ts)', async () => {
		const r = await run({ operation: 'deviceHealth' });
		expect(r.error).toBeUndefined();
		for (const e of out(r)) {
			expect(e.occurredAt).toMatch(/Z$/);
			expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
		}
	});
});
