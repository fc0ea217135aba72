/**
 * The admin API under /_datto/ and what each change shows through the public API. The shapes the
 * changes produce follow the same sources as endpoints.test.ts: Celerium/Datto-PowerShellWrapper
 * example bodies ("[C]"), veeemlab/datto-bcdr-mcp `src/views.ts` / `test/health.test.ts` ("[V]": backup
 * status "failure" with errorMessage, screenshot status "" when it failed), seatosky-chris/ITG-AutoDoc
 * `Datto Backups.ps1` ("[T]": a failed screenshot is a falsy status). The admin API itself is ours.
 */
import { DATTO_DEMO } from '../../../sandbox/datto/seeds';
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { admin, get } from '../standInFetch';

const NOW = new Date('2026-03-01T12:00:00Z');
const T = NOW.getTime() / 1000;
let d: DattoStandIn;
const acme = DATTO_DEMO.clients[0];
const serial = acme.serialNumbers[0];
const assets = async () =>
	Object.values((await get(d, `/bcdr/device/${serial}/asset`)).body) as any[];
const agent = async (name = 'ACME-SRV01') => (await assets()).find((a) => a.name === name);

beforeAll(async () => {
	d = await startDatto({ seed: 'demo', now: () => NOW, publicKey: 'p', secretKey: 's' });
});
afterAll(() => d.close());
afterEach(() => d.reset());

describe('Datto BCDR admin API', () => {
	it('GET /_datto/ lists the routes; unknown routes 404; bad JSON 400 [ours]', async () => {
		expect((await admin(d, 'GET', '/')).body.routes).toContain(
			'POST /_datto/device/{serial}/asset/{name}/backup',
		);
		expect((await admin(d, 'GET', '/nothing')).status).toBe(404);
		const bad = await fetch(`${d.adminUrl}/seed`, { method: 'POST', body: '{' });
		expect(bad.status).toBe(400);
	});

	it('counts by route and a request log without headers or bodies; the admin API is not counted [ours]', async () => {
		await get(d, '/bcdr/device?_page=1');
		await get(d, `/bcdr/device/${serial}/alert`);
		await get(d, '/bcdr/device', {});
		const counts = (await admin(d, 'GET', '/counts')).body;
		expect(counts).toEqual({
			total: 3,
			byRoute: { 'GET /bcdr/device': 2, 'GET /bcdr/device/{serialNumber}/alert': 1 },
		});
		const log = (await admin(d, 'GET', '/requests')).body;
		expect(log.map((e: any) => [e.route, e.query, e.status])).toEqual([
			['GET /bcdr/device', '_page=1', 200],
			['GET /bcdr/device/{serialNumber}/alert', '', 200],
			['GET /bcdr/device', '', 401],
		]);
		expect(Object.keys(log[0]).sort()).toEqual(['at', 'method', 'ms', 'query', 'route', 'status']);
		expect(JSON.stringify(log)).not.toMatch(/Basic|authorization/i);
		await admin(d, 'POST', '/counts/reset');
		expect(d.counts().total).toBe(0);
	});

	it('snapshot, seed and reset; settings read, changed and refused when unknown or wrong [ours]', async () => {
		expect((await admin(d, 'GET', '/snapshot')).body.organizations).toHaveLength(8);
		expect((await admin(d, 'POST', '/seed', { seed: 3 })).status).toBe(200);
		expect((await get(d, '/bcdr/device')).body.pagination.count).toBe(3);
		expect((await admin(d, 'POST', '/seed', { seed: 'lots' })).status).toBe(400);
		await admin(d, 'POST', '/seed', { seed: 'demo' });
		expect(
			(await admin(d, 'PUT', '/settings', { assetListShape: 'envelope', latencyMs: 5 })).body,
		).toMatchObject({ assetListShape: 'envelope', latencyMs: 5 });
		expect((await admin(d, 'PUT', '/settings', { colour: 'blue' })).status).toBe(400);
		expect((await admin(d, 'PUT', '/settings', { localUnits: 'PB' })).status).toBe(400);
		await admin(d, 'POST', '/reset');
		expect((await admin(d, 'GET', '/settings')).body).toMatchObject({
			assetListShape: 'indexed',
			latencyMs: 0,
			seed: 'demo',
		});
	});

	it('appliance offline: lastSeenDate that long ago, and a "Device Not Seen Alert" (60 Minutes) once it passes an hour [C Alert.ps1 example]', async () => {
		const r = await admin(d, 'POST', `/device/${serial}/last-seen`, { minutesAgo: 30 });
		expect(r.body.lastSeenDate).toBe('2026-03-01T11:30:00+00:00');
		expect(r.body.alertCount).toBe(0);
		await admin(d, 'POST', `/device/${serial}/last-seen`, { minutesAgo: 180 });
		await admin(d, 'POST', `/device/${serial}/last-seen`, { minutesAgo: 240 });
		const alerts = (await get(d, `/bcdr/device/${serial}/alert`)).body.items;
		expect(alerts).toEqual([
			{
				type: 'Device Not Seen Alert',
				threshold: 60,
				unit: 'Minutes',
				dateTriggered: '2026-03-01T10:00:00+00:00',
				dateSent: '2026-03-01T10:00:00+00:00',
			},
		]);
	});

	it('local storage fill and usage in GB [C localStorageUsed / localStorageAvailable / offsiteStorageUsed]', async () => {
		const full = (await admin(d, 'POST', `/device/${serial}/storage`, { fraction: 0.96 })).body;
		expect(
			full.localStorageUsed.size / (full.localStorageUsed.size + full.localStorageAvailable.size),
		).toBeCloseTo(0.96, 2);
		const used = (
			await admin(d, 'POST', `/device/${serial}/usage`, { localUsedGb: 620, offsiteUsedGb: 950.5 })
		).body;
		expect([used.localStorageUsed, used.offsiteStorageUsed]).toEqual([
			{ size: 620, units: 'GB' },
			{ size: 950.5, units: 'GB' },
		]);
		expect((await admin(d, 'POST', `/device/${serial}/storage`, { fraction: 2 })).status).toBe(400);
	});

	it('an agent\'s backups fail with an errorMessage, newest first; success ends it with a new snapshot [V backup.status "failure" + errorMessage; T backups[0]]', async () => {
		const before = await agent();
		const r = await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/backup`, {
			status: 'failure',
			errorMessage: 'VSS writer timed out',
			since: '2026-03-01T09:30:00Z',
		});
		expect(
			r.body.backups
				.slice(0, 3)
				.map((b: any) => [b.timestamp, b.backup.status, b.backup.errorMessage]),
		).toEqual([
			['2026-03-01T11:30:00+00:00', 'failure', 'VSS writer timed out'],
			['2026-03-01T10:30:00+00:00', 'failure', 'VSS writer timed out'],
			['2026-03-01T09:30:00+00:00', 'failure', 'VSS writer timed out'],
		]);
		expect(r.body.backups[3].backup.status).toBe('success');
		expect(r.body.lastSnapshot).toBe(before.lastSnapshot);
		const ok = (
			await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/backup`, { status: 'success' })
		).body;
		expect(ok.lastSnapshot).toBe(T);
		expect(ok.backups[0]).toMatchObject({
			timestamp: '2026-03-01T12:00:00+00:00',
			backup: { status: 'success' },
		});
	});

	it('last snapshot and latest offsite ages; offsite never (null) [C lastSnapshot, latestOffsite unix seconds]', async () => {
		expect(
			(await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/snapshot-age`, { minutes: 1500 }))
				.body.lastSnapshot,
		).toBe(T - 1500 * 60);
		expect(
			(await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/offsite-age`, { minutes: 3000 }))
				.body.latestOffsite,
		).toBe(T - 3000 * 60);
		expect(
			(await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/offsite-age`, { minutes: null }))
				.body.latestOffsite,
		).toBeNull();
	});

	it('screenshot verification failed: lastScreenshotAttemptStatus false, the backup\'s screenshotVerification.status "" [V views.ts; T "!status"]', async () => {
		const r = (
			await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/screenshot`, { result: 'failed' })
		).body;
		expect([r.lastScreenshotAttempt, r.lastScreenshotAttemptStatus]).toEqual([T, false]);
		expect(r.backups[0].advancedVerification.screenshotVerification).toEqual({
			status: '',
			image: r.lastScreenshotUrl,
		});
		expect(
			(
				await admin(d, 'POST', `/device/${serial}/asset/ACME-SRV01/screenshot`, {
					result: 'passed',
				})
			).body.lastScreenshotAttemptStatus,
		).toBe(true);
	});

	it('agent paused; a share refuses a screenshot; an unknown asset is refused [C isPaused]', async () => {
		expect(
			(await admin(d, 'POST', `/device/${serial}/asset/ACME-WS01/pause`, { paused: true })).body
				.isPaused,
		).toBe(true);
		expect((await agent('ACME-WS01')).isPaused).toBe(true);
		const bluebird = DATTO_DEMO.clients[1].serialNumbers[0];
		expect(
			(await admin(d, 'POST', `/device/${bluebird}/asset/Scans/screenshot`, { result: 'failed' }))
				.status,
		).toBe(400);
		expect(
			(await admin(d, 'POST', `/device/${serial}/asset/NOPE/pause`, { paused: true })).status,
		).toBe(400);
	});

	it('alerts added and cleared; hidden devices [C Alert.ps1, Device.ps1 hidden]', async () => {
		await admin(d, 'POST', `/device/${serial}/alert`, {
			type: 'Backup Failure Alert',
			threshold: 2,
			unit: 'Failures',
			dateTriggered: '2026-03-01T08:00:00Z',
		});
		await admin(d, 'POST', `/device/${serial}/alert`, {
			type: 'Device Not Seen Alert',
			threshold: 60,
			unit: 'Minutes',
		});
		expect(
			(await get(d, `/bcdr/device/${serial}/alert`)).body.items.map((a: any) => a.type),
		).toEqual(['Device Not Seen Alert', 'Backup Failure Alert']);
		expect((await admin(d, 'DELETE', `/device/${serial}/alerts`)).body.alertCount).toBe(0);
		expect((await admin(d, 'POST', `/device/${serial}/hidden`, { hidden: true })).body.hidden).toBe(
			true,
		);
	});

	it('a new appliance and a new agent [ours]', async () => {
		const dev = (
			await admin(d, 'POST', '/device', { organizationId: acme.organizationId, agents: 2 })
		).body;
		expect(dev).toMatchObject({
			organizationId: acme.organizationId,
			agentCount: 2,
			clientCompanyName: 'ACME Insurance',
		});
		expect((await get(d, '/bcdr/device')).body.pagination.count).toBe(10);
		const x = (
			await admin(d, 'POST', `/device/${serial}/asset`, { name: 'ACME-SRV09', server: true })
		).body;
		expect(x).toMatchObject({
			name: 'ACME-SRV09',
			type: 'agent',
			os: 'Windows Server 2022 Standard',
		});
		expect((await get(d, `/bcdr/device/${serial}`)).body.agentCount).toBe(14);
		expect((await admin(d, 'POST', '/device', { organizationId: 99 })).status).toBe(400);
	});
});
