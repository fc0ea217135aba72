/**
 * Every endpoint of the stand-in and its shape. Sources: Axcient's OpenAPI file as published in
 * adamburley/AxcientAPI (`x360Recover.yaml` 0.3.1, "[Y]"), WYRE-AI/node-axcient `src/types/*.ts` and
 * `tests/fixtures/index.ts` ("[W]"), SimonBuckner/axcientapi `model.go` ("[S]").
 */
import { X360_DEMO } from '../../../sandbox/x360recover/seeds';
import { X360Recover, startX360Recover } from '../../../sandbox/x360recover/server';
import { get } from '../standInFetch';

const NOW = new Date('2026-03-01T12:00:00Z');
let x: X360Recover;
const acme = X360_DEMO.clients[0];
const bluebird = X360_DEMO.clients[1];

beforeAll(async () => {
	x = await startX360Recover({ seed: 'demo', now: () => NOW });
});
afterAll(() => x.close());

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/;

describe('x360Recover stand-in endpoints', () => {
	it('serves under /x360recover on loopback [Y servers: https://axapi.axcient.com/x360recover]', () => {
		expect(x.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x360recover$/);
		expect(x.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_x360$/);
	});

	it('GET /organization → {id, name, active, brand_id, salesforce_id} [Y org_level_organization, W fixture]', async () => {
		const r = await get(x, '/organization');
		expect(r.status).toBe(200);
		expect(r.contentType).toMatch(/^application\/json/);
		expect(Object.keys(r.body).sort()).toEqual([
			'active',
			'brand_id',
			'id',
			'name',
			'salesforce_id',
		]);
	});

	it('GET /client → an array of clients with devices_counters [Y org_level_client; W types Client[]]', async () => {
		const r = await get(x, '/client');
		expect(Array.isArray(r.body)).toBe(true);
		expect(r.body.map((c: any) => c.id)).toEqual(X360_DEMO.clients.map((c) => c.clientId));
		const c = r.body[0];
		expect(c).toEqual({
			id: acme.clientId,
			name: 'ACME Insurance',
			client_code: 'acme-insurance',
			active: true,
			health_status: 'NORMAL',
			devices_counters: {
				appliance_based: [
					{ type: 'SERVER', count: 3 },
					{ type: 'WORKSTATION', count: 10 },
				],
				d2c: [
					{ type: 'SERVER', count: 0 },
					{ type: 'WORKSTATION', count: 0 },
				],
				cloud_archive: [
					{ type: 'SERVER', count: 0 },
					{ type: 'WORKSTATION', count: 0 },
				],
			},
		});
	});

	it('GET /client/{id} → one client; include_appliances adds short appliances [Y get_clients_by_client_id, org_level_short_appliance]', async () => {
		const plain = await get(x, `/client/${bluebird.clientId}`);
		expect(plain.body.id).toBe(bluebird.clientId);
		expect(plain.body.appliances).toBeUndefined();
		const withAppliances = await get(x, `/client/${bluebird.clientId}?include_appliances=true`);
		expect(withAppliances.body.appliances).toHaveLength(2);
		expect(Object.keys(withAppliances.body.appliances[0]).sort()).toEqual([
			'active',
			'alias',
			'id',
			'ip_address',
			'product',
			'server_id',
			'service_id',
			'service_type',
		]);
		expect(
			(await get(x, '/client?include_appliances=true')).body.every((c: any) =>
				Array.isArray(c.appliances),
			),
		).toBe(true);
	});

	it('GET /appliance → array; include_devices (default true) lists short devices; service_id filters [Y get_appliances, org_level_appliance]', async () => {
		const r = await get(x, '/appliance');
		expect(r.body).toHaveLength(9); // eight customers, Bluebird Dental has two
		const a = r.body[0];
		expect(a).toEqual(
			expect.objectContaining({
				client_id: acme.clientId,
				service_type: 'HARDWARE',
				tunnel_status: 'UP',
				health_status: 'NORMAL',
				health_status_reason: null,
				product: 'X360RECOVER',
			}),
		);
		expect(a.service_id).toMatch(/^[0-9a-z]{4}$/);
		expect(a.last_tunnel_up).toMatch(ISO_Z);
		expect(a.storage_details.used_size).toBe(500 * 1e9);
		expect(a.storage_details.drive_size).toBeGreaterThan(a.storage_details.used_size);
		expect(a.devices).toHaveLength(13);
		expect(Object.keys(a.devices[0]).sort()).toEqual([
			'id',
			'ip_address',
			'latest_local_rp',
			'local_usage',
			'name',
			'os',
			'type',
		]);
		expect((await get(x, '/appliance?include_devices=false')).body[0].devices).toBeUndefined();
		expect(
			(await get(x, `/appliance?service_id=${a.service_id}`)).body.map((b: any) => b.id),
		).toEqual([a.id]);
	});

	it('GET /appliance/{id} and /client/{id}/appliance [Y get_appliance_by_id, get_appliances_by_client_id]', async () => {
		const list = (await get(x, `/client/${bluebird.clientId}/appliance`)).body;
		expect(list).toHaveLength(2);
		expect(list.every((a: any) => a.client_id === bluebird.clientId)).toBe(true);
		const one = await get(x, `/appliance/${list[1].id}?include_devices=false`);
		expect(one.body.id).toBe(list[1].id);
		expect(one.body.devices).toBeUndefined();
		// Bluebird's 5 servers and 18 workstations alternate between its two appliances
		expect(list[0].devices.length + list[1].devices.length).toBe(23);
	});

	it('GET /device pages with limit/offset and gives no total: a short page is the end [Y get_devices_by_org_id_org_level; W pagination.ts; P Get-Device pages by 100]', async () => {
		const total = x.model.devices.length;
		const first = await get(x, '/device?limit=100&offset=0');
		expect(Array.isArray(first.body)).toBe(true);
		expect(first.body).toHaveLength(100);
		expect(first.headers.get('x-total-count')).toBeNull();
		const last = await get(x, `/device?limit=100&offset=${100 * Math.floor(total / 100)}`);
		expect(last.body).toHaveLength(total % 100);
		expect((await get(x, '/device')).body).toHaveLength(total);
	});

	it('a device has the documented fields, bytes, ISO times with Z, health objects and thresholds [Y org_level_device, W types/device.ts, S OrgLevelDevice]', async () => {
		const d = (await get(x, `/client/${acme.clientId}/device`)).body[0];
		expect(d).toEqual(
			expect.objectContaining({
				client_id: acme.clientId,
				type: 'SERVER',
				product: 'X360RECOVER',
				d2c: false,
				previous_health_status: null,
			}),
		);
		expect(d.current_health_status).toEqual({
			status: 'NORMAL',
			reason: null,
			timestamp: expect.stringMatching(ISO_Z),
		});
		for (const k of ['latest_local_rp', 'latest_cloud_rp', 'latest_vault_rp'])
			expect(d[k]).toMatch(ISO_Z);
		expect(d.vaults).toEqual([
			{
				id: X360_DEMO.cloudVaultId,
				type: 'Cloud',
				latest_vault_rp: d.latest_cloud_rp,
				device_usage: d.cloud_usage,
			},
		]);
		expect(Number.isInteger(d.local_usage) && Number.isInteger(d.cloud_usage)).toBe(true);
		expect(d.thresholds.local_rp_threshold).toEqual({
			value: 480,
			enabled: true,
			overridden: false,
		});
		expect(d.jobs).toHaveLength(2);
		expect(d.latest_autoverify_details).toEqual(
			expect.objectContaining({
				status: 'success',
				is_healthy: true,
				screenshot_url: expect.any(String),
				timestamp: expect.stringMatching(ISO_Z),
			}),
		);
		expect(d.os).toEqual({ os_type: 'WINDOWS', bits: 64, os_name: expect.any(String) });
		expect((await get(x, `/device/${d.id}`)).body).toEqual(d);
	});

	it('/client/{id}/device filters: service_id (the appliance SID) and d2c_only [Y get_devices_by_client_id]', async () => {
		const appliances = (
			await get(x, `/client/${bluebird.clientId}/appliance?include_devices=false`)
		).body;
		const bySid = (
			await get(x, `/client/${bluebird.clientId}/device?service_id=${appliances[1].service_id}`)
		).body;
		expect(bySid.length).toBeGreaterThan(0);
		expect(bySid.every((d: any) => d.service_id === appliances[1].service_id)).toBe(true);
		expect((await get(x, `/client/${bluebird.clientId}/device?d2c_only=true`)).body).toEqual([]);
	});

	it('GET /device/{id}/autoverify → [{vault_id, appliance_id, autoverify_details[]}] [Y org_level_machine_autoverify_details, W fixture]', async () => {
		const d = x.model.devices[0];
		const r = await get(x, `/device/${d.id}/autoverify`);
		expect(r.body).toEqual([
			{
				vault_id: d.vaultId,
				appliance_id: d.applianceId,
				autoverify_details: [expect.objectContaining({ is_healthy: true, status: 'success' })],
			},
		]);
	});

	it('GET /device/{id}/restore_point → per vault, timestamps without a zone [Y machine_restore_points example "2021-07-01T10:08:00"; S RestorePointTimestamp]', async () => {
		const d = x.model.devices[0];
		const r = (await get(x, `/device/${d.id}/restore_point`)).body;
		expect(r).toHaveLength(1);
		expect(r[0]).toEqual(
			expect.objectContaining({ vault_id: d.vaultId, status: 'OK', error_msg: '' }),
		);
		expect(r[0].restore_points.length).toBeGreaterThan(1);
		for (const p of r[0].restore_points)
			expect(p.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
	});

	it('jobs: /client/{c}/device/{d}/job lists a backup and a replication job; /job/{j} one [Y org_level_jobs_response, org_level_replibit_job]', async () => {
		const d = x.model.devices[0];
		const jobs = (await get(x, `/client/${d.clientId}/device/${d.id}/job`)).body;
		expect(jobs.map((j: any) => j.offsite)).toEqual([false, true]);
		expect(jobs[1].vault).toEqual(expect.objectContaining({ id: d.vaultId, type: 'Cloud' }));
		expect(jobs[0].thresholds.vault_rp_threshold).toEqual({
			value: 1440,
			enabled: true,
			overridden: false,
		});
		expect((await get(x, `/client/${d.clientId}/device/${d.id}/job/${jobs[0].id}`)).body).toEqual(
			jobs[0],
		);
	});

	it('job history: an array of {status, start_time, end_time, rp, error_msg}, limit/offset and starttime_begin (unix seconds) [Y job_history; P Get-BackupJobHistory pages; W GetJobHistoryParams]', async () => {
		const d = x.model.devices[0];
		const path = `/client/${d.clientId}/device/${d.id}/job/${d.backupJobId}/history`;
		const all = (await get(x, path)).body;
		expect(Array.isArray(all)).toBe(true);
		expect(all[0]).toEqual({
			status: 'Completed',
			start_time: expect.stringMatching(ISO_Z),
			end_time: expect.stringMatching(ISO_Z),
			rp: expect.stringMatching(ISO_Z),
			error_msg: '',
		});
		const page2 = (await get(x, `${path}?limit=5&offset=5`)).body;
		expect(page2).toEqual(all.slice(5, 10));
		const sinceSec = Math.floor(NOW.getTime() / 1000) - 6 * 3600;
		const recent = (await get(x, `${path}?starttime_begin=${sinceSec}`)).body;
		expect(recent.length).toBeGreaterThan(0);
		expect(recent.length).toBeLessThan(all.length);
		expect(recent.every((h: any) => Date.parse(h.start_time) >= sinceSec * 1000)).toBe(true);
	});

	it('GET /vault: array; vault_type, include_devices, limit; /vault/{id} [Y get_vaults, org_level_vault, org_level_short_device]', async () => {
		const all = (await get(x, '/vault')).body;
		expect(all.map((v: any) => v.type)).toEqual(['Cloud', 'Private']);
		const cloud = (await get(x, '/vault?vault_type=Cloud')).body;
		expect(cloud).toHaveLength(1);
		expect(cloud[0].vault_thresholds).toEqual({
			vault_id: X360_DEMO.cloudVaultId,
			connectivity_threshold: 240,
		});
		expect(cloud[0].devices).toHaveLength(x.model.devices.length);
		expect(cloud[0].devices[0]).toEqual(
			expect.objectContaining({
				client: { id: acme.clientId, name: 'ACME Insurance' },
				appliance_id: expect.any(Number),
				vault_usage: expect.any(Number),
			}),
		);
		expect(cloud[0].storage_details.used_size).toBe(
			x.model.devices.reduce((s, d) => s + d.cloudUsage, 0),
		);
		expect((await get(x, '/vault?include_devices=false')).body[0].devices).toBeUndefined();
		expect((await get(x, '/vault?limit=1')).body).toHaveLength(1);
		expect((await get(x, `/vault/${X360_DEMO.privateVaultId}`)).body).toEqual(
			expect.objectContaining({ type: 'Private', devices: [] }),
		);
	});

	it('vault connectivity threshold: GET and POST {threshold} minutes [Y get/set_threshold_by_vault_id, vault_threshold_body]', async () => {
		const path = `/vault/${X360_DEMO.privateVaultId}/threshold/connectivity`;
		expect((await get(x, path)).body).toEqual({ threshold: 240 });
		expect(
			(
				await get(x, path, { 'x-api-key': x.apiKey, 'Content-Type': 'application/json' }, 'POST', {
					threshold: 120,
				})
			).body,
		).toEqual({ threshold: 120 });
		expect((await get(x, path)).body).toEqual({ threshold: 120 });
	});

	it('the billing usage endpoint is not served: its response shape is not on the public record (README)', async () => {
		const r = await get(x, '/billing/usage/billable?start_date=2026-02-01&end_date=2026-02-28');
		expect(r.status).toBe(401);
	});
});
