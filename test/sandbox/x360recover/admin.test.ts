/**
 * The admin API under /_x360/: what it changes is what the product API then reports, in the record's
 * shapes (x360Recover.yaml; reasons APPLIANCE_OFFLINE, FULL_90_PERCENT, VAULT_OFFLINE are the file's
 * examples; AutoVerify `status` / `is_healthy` as the file describes them).
 */
import { X360_DEMO } from '../../../sandbox/x360recover/seeds';
import { X360Recover, startX360Recover } from '../../../sandbox/x360recover/server';
import { admin, get } from '../standInFetch';

const NOW = new Date('2026-03-01T12:00:00Z');
let x: X360Recover;
const acme = X360_DEMO.clients[0];

beforeAll(async () => {
	x = await startX360Recover({ seed: 'demo', now: () => NOW });
});
afterEach(() => x.reset());
afterAll(() => x.close());

const firstDevice = () => x.model.devices[0];

describe('x360Recover admin API', () => {
	it('GET /_x360/ lists its routes; unknown routes answer 404 with the list; bad JSON 400', async () => {
		expect((await admin(x, 'GET', '/')).body.routes).toContain('POST /_x360/device/{id}/health');
		expect((await admin(x, 'GET', '/nothing')).status).toBe(404);
		const bad = await fetch(`${x.adminUrl}/seed`, { method: 'POST', body: '{' });
		expect(bad.status).toBe(400);
	});

	it('health: status, reason, timestamp; TROUBLED makes later job runs Failed with the message; the client turns TROUBLED', async () => {
		const d = firstDevice();
		const r = await admin(x, 'POST', `/device/${d.id}/health`, {
			status: 'TROUBLED',
			reason: 'BACKUP_FAILED',
			timestamp: '2026-03-01T09:00:00Z',
			message: 'VSS snapshot could not be created',
		});
		expect(r.body.current_health_status).toEqual({
			status: 'TROUBLED',
			reason: 'BACKUP_FAILED',
			timestamp: '2026-03-01T09:00:00.000Z',
		});
		expect(r.body.previous_health_status).toEqual(expect.objectContaining({ status: 'NORMAL' }));
		await admin(x, 'POST', `/device/${d.id}/restore-point-age`, { localMinutes: 300 });
		const history = (
			await get(x, `/client/${d.clientId}/device/${d.id}/job/${d.backupJobId}/history`)
		).body;
		expect(history[0]).toEqual(
			expect.objectContaining({ status: 'Failed', error_msg: 'VSS snapshot could not be created' }),
		);
		expect(history.find((h: any) => h.status === 'Completed')).toBeDefined();
		expect((await get(x, `/client/${acme.clientId}`)).body.health_status).toBe('TROUBLED');
		await admin(x, 'POST', `/device/${d.id}/health`, { status: 'NORMAL' });
		expect(
			(await get(x, `/client/${d.clientId}/device/${d.id}/job/${d.backupJobId}/history`)).body[0]
				.status,
		).toBe('Completed');
		expect((await get(x, `/client/${acme.clientId}`)).body.health_status).toBe('NORMAL');
	});

	it('restore-point age moves latest_local_rp / latest_cloud_rp (and the restore points) back', async () => {
		const d = firstDevice();
		const r = await admin(x, 'POST', `/device/${d.id}/restore-point-age`, {
			localMinutes: 90,
			cloudMinutes: 3 * 24 * 60,
		});
		expect(r.body.latest_local_rp).toBe('2026-03-01T10:30:00.000Z');
		expect(r.body.latest_cloud_rp).toBe('2026-02-26T12:00:00.000Z');
		expect(
			(await get(x, `/device/${d.id}/restore_point`)).body[0].restore_points[0].timestamp,
		).toBe('2026-02-26T12:00:00');
		expect((await admin(x, 'POST', `/device/${d.id}/restore-point-age`, {})).status).toBe(400);
	});

	it('AutoVerify: healthy, screenshot_failed (completed, is_healthy false), not_completed (status failure)', async () => {
		const d = firstDevice();
		await admin(x, 'POST', `/device/${d.id}/autoverify`, { result: 'screenshot_failed' });
		let av = (await get(x, `/device/${d.id}/autoverify`)).body[0].autoverify_details[0];
		expect([av.status, av.is_healthy, av.timestamp]).toEqual([
			'success',
			false,
			'2026-03-01T12:00:00.000Z',
		]);
		await admin(x, 'POST', `/device/${d.id}/autoverify`, { result: 'not_completed' });
		av = (await get(x, `/device/${d.id}`)).body.latest_autoverify_details;
		expect([av.status, av.is_healthy]).toEqual(['failure', false]);
		expect((await admin(x, 'POST', `/device/${d.id}/autoverify`, { result: 'meh' })).status).toBe(
			400,
		);
	});

	it('appliance tunnel DOWN → tunnel_status DOWN, WARNED APPLIANCE_OFFLINE; UP → NORMAL, last_tunnel_up now', async () => {
		const a = x.model.appliances[0];
		const down = await admin(x, 'POST', `/appliance/${a.id}/tunnel`, { status: 'DOWN' });
		expect(down.body).toEqual(
			expect.objectContaining({
				tunnel_status: 'DOWN',
				health_status: 'WARNED',
				health_status_reason: 'APPLIANCE_OFFLINE',
			}),
		);
		expect((await get(x, `/appliance/${a.id}`)).body.tunnel_status).toBe('DOWN');
		await admin(x, 'POST', `/appliance/${a.id}/tunnel`, { status: 'DOWN', health: 'TROUBLED' });
		expect((await get(x, `/appliance/${a.id}`)).body.health_status).toBe('TROUBLED');
		const up = await admin(x, 'POST', `/appliance/${a.id}/tunnel`, { status: 'UP' });
		expect(up.body).toEqual(
			expect.objectContaining({
				tunnel_status: 'UP',
				health_status: 'NORMAL',
				health_status_reason: null,
				last_tunnel_up: '2026-03-01T12:00:00.000Z',
			}),
		);
	});

	it('vault tunnel DOWN → VAULT_OFFLINE', async () => {
		const r = await admin(x, 'POST', `/vault/${X360_DEMO.cloudVaultId}/tunnel`, { status: 'DOWN' });
		expect(r.body).toEqual(
			expect.objectContaining({ tunnel_status: 'DOWN', health_status_reason: 'VAULT_OFFLINE' }),
		);
	});

	it('appliance storage fill: ≥ 90 % → TROUBLED FULL_90_PERCENT; below → NORMAL again', async () => {
		const a = x.model.appliances[0];
		const full = await admin(x, 'POST', `/appliance/${a.id}/storage`, { fraction: 0.93 });
		expect(full.body.storage_details.used_size).toBe(Math.round(a.storage.driveBytes * 0.93));
		expect([full.body.health_status, full.body.health_status_reason]).toEqual([
			'TROUBLED',
			'FULL_90_PERCENT',
		]);
		const ok = await admin(x, 'POST', `/appliance/${a.id}/storage`, { fraction: 0.5 });
		expect([ok.body.health_status, ok.body.health_status_reason]).toEqual(['NORMAL', null]);
	});

	it("usage: a system's local and cloud bytes; the appliance and vault totals follow", async () => {
		const d = firstDevice();
		const applianceBefore = x.model.appliances.find((a) => a.id === d.applianceId)!.storage
			.usedBytes;
		const r = await admin(x, 'POST', `/device/${d.id}/usage`, {
			localBytes: d.localUsage + 1e9,
			cloudBytes: 0,
		});
		expect(r.body.cloud_usage).toBe(0);
		expect((await get(x, `/appliance/${d.applianceId}`)).body.storage_details.used_size).toBe(
			applianceBefore + 1e9,
		);
	});

	it('adds a device now (POST /_x360/device)', async () => {
		const r = await admin(x, 'POST', '/device', {
			clientId: acme.clientId,
			name: 'ACME-LAPTOP',
			type: 'WORKSTATION',
		});
		expect(r.body).toEqual(
			expect.objectContaining({ name: 'ACME-LAPTOP', client_id: acme.clientId }),
		);
		expect(
			(await get(x, `/client/${acme.clientId}`)).body.devices_counters.appliance_based[1].count,
		).toBe(11);
	});

	it('counts, request log (method, route, query, status, ms; never headers or bodies), snapshot, seed and reset', async () => {
		await get(x, '/device?limit=5&offset=0');
		await get(x, '/client/999');
		await get(x, '/nope');
		const counts = (await admin(x, 'GET', '/counts')).body;
		expect(counts).toEqual({
			total: 3,
			byRoute: { 'GET /device': 1, 'GET /client/{client_id}': 1, 'unknown route': 1 },
		});
		const log = (await admin(x, 'GET', '/requests')).body;
		expect(log.map((e: any) => [e.route, e.query, e.status])).toEqual([
			['GET /device', 'limit=5&offset=0', 200],
			['GET /client/{client_id}', '', 404],
			['unknown route', '', 401],
		]);
		expect(Object.keys(log[0]).sort()).toEqual(['at', 'method', 'ms', 'query', 'route', 'status']);
		expect(JSON.stringify(log)).not.toContain(x.apiKey);
		expect((await admin(x, 'GET', '/snapshot')).body.clients).toHaveLength(8);
		await admin(x, 'POST', '/seed', { seed: 3 });
		expect((await get(x, '/client')).body).toHaveLength(3);
		expect(x.model.clients).toHaveLength(3); // the same model object
		await admin(x, 'POST', '/seed', { seed: 'demo' });
		await admin(x, 'POST', '/reset');
		expect((await admin(x, 'GET', '/counts')).body).toEqual({ total: 0, byRoute: {} });
		expect((await admin(x, 'POST', '/seed', { seed: 'lots' })).status).toBe(400);
	});
});
