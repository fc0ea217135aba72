/**
 * Every endpoint of the stand-in and its shape. Sources: Celerium/Datto-PowerShellWrapper ("[C]": the
 * example bodies of `DattoAPI/Resources/{Device,Asset,Alert}.ps1` at its first commit 1c5e7ac, Datto's
 * documented examples; `Public/BCDR/Get-Datto*.ps1`), SimonBuckner/dattoapi `model.go` ("[S]", types
 * "taken from portal.dattobackup.com/integrations/api"), veeemlab/datto-bcdr-mcp ("[V]": `src/format.ts`,
 * `src/views.ts`, `test/health.test.ts`), itsimplyltd/datto-bcdr-mcp `src/datto-api.ts` ("[I]", shapes
 * measured on the live API 2026-09-21), seatosky-chris/ITG-AutoDoc `Datto Backups.ps1` ("[T]").
 */
import { DATTO_DEMO } from '../../../sandbox/datto/seeds';
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { get } from '../standInFetch';

const NOW = new Date('2026-03-01T12:00:00Z');
let d: DattoStandIn;
const acme = DATTO_DEMO.clients[0];
const bluebird = DATTO_DEMO.clients[1];

beforeAll(async () => {
	d = await startDatto({ seed: 'demo', now: () => NOW });
});
afterAll(() => d.close());
afterEach(() => d.reset());

const ISO_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
const DEVICE_KEYS = [
	'serialNumber',
	'name',
	'model',
	'lastSeenDate',
	'clientCompanyName',
	'organizationId',
	'organizationName',
	'hidden',
	'servicePlan',
	'registrationDate',
	'servicePeriod',
	'warrantyExpire',
	'localStorageUsed',
	'localStorageAvailable',
	'offsiteStorageUsed',
	'internalIP',
	'activeTickets',
	'resellerCompanyName',
	'agentCount',
	'shareCount',
	'alertCount',
	'uptime',
	'remoteWebUrl',
];
const ASSET_KEYS = [
	'name',
	'volume',
	'localIp',
	'os',
	'protectedVolumesCount',
	'unprotectedVolumesCount',
	'protectedVolumeNames',
	'unprotectedVolumeNames',
	'agentVersion',
	'isPaused',
	'isArchived',
	'latestOffsite',
	'localSnapshots',
	'lastSnapshot',
	'lastScreenshotAttempt',
	'lastScreenshotAttemptStatus',
	'lastScreenshotUrl',
	'fqdn',
	'backups',
	'type',
	'assetId',
];

describe('Datto BCDR stand-in endpoints', () => {
	it('serves under /v1 on loopback [C Invoke-DattoRequest: https://api.datto.com/v1 + /bcdr/…; wyre-technology/node-datto-bcdr src/config.ts]', () => {
		expect(d.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(d.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_datto$/);
	});

	it('GET /bcdr/device → {pagination {page, perPage, totalPages, count}, items} [C Device.ps1 example; S Pagination]', async () => {
		const r = await get(d, '/bcdr/device');
		expect(r.status).toBe(200);
		expect(r.contentType).toMatch(/^application\/json/);
		expect(Object.keys(r.body)).toEqual(['pagination', 'items']);
		expect(r.body.pagination).toEqual({ page: 1, perPage: 50, totalPages: 1, count: 9 });
		expect(r.body.items.map((x: any) => x.serialNumber)).toEqual(
			DATTO_DEMO.clients.flatMap((c) => c.serialNumbers),
		);
	});

	it('a device has the documented fields in the documented order, organizationId / organizationName added [C Device.ps1 example; S Device]', async () => {
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}`);
		expect(r.status).toBe(200);
		expect(Object.keys(r.body)).toEqual(DEVICE_KEYS);
		expect(r.body).toMatchObject({
			clientCompanyName: 'ACME Insurance',
			organizationId: acme.organizationId,
			organizationName: 'ACME Insurance',
			hidden: false,
		});
		expect(typeof r.body.organizationId).toBe('number');
		for (const k of ['lastSeenDate', 'registrationDate', 'servicePeriod', 'warrantyExpire'])
			expect([k, r.body[k]]).toEqual([k, expect.stringMatching(ISO_OFFSET)]);
		expect(r.body.uptime).toBe(30 * 86_400);
	});

	it('storage is {size, units} with units "GB" by default [C Device.ps1 example; S Storage; V test/health.test.ts units "GB"]', async () => {
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}`);
		const plan = DATTO_DEMO.plans[acme.organizationId];
		expect(r.body.localStorageUsed).toEqual({ size: plan.localGb, units: 'GB' });
		expect(r.body.offsiteStorageUsed).toEqual({ size: plan.offsiteGb, units: 'GB' });
		expect(r.body.localStorageAvailable.units).toBe('GB');
		expect(
			r.body.localStorageUsed.size /
				(r.body.localStorageUsed.size + r.body.localStorageAvailable.size),
		).toBeLessThanOrEqual(0.6);
	});

	it('other units convert in binary multiples, as public clients read them [T Convert-Size (Bytes, B, KB, MB, GB, TB by 1024); V format.ts]', async () => {
		d.setSettings({ localUnits: 'MB', offsiteUnits: 'TB' });
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}`);
		expect(r.body.localStorageUsed).toEqual({ size: 500 * 1024, units: 'MB' });
		expect(r.body.offsiteStorageUsed).toEqual({
			size: Math.round((800 / 1024) * 100) / 100,
			units: 'TB',
		});
		d.setSettings({ localUnits: 'Bytes' });
		expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}`)).body.localStorageUsed).toEqual({
			size: 500 * 1024 ** 3,
			units: 'Bytes',
		});
	});

	it('older responses without organizationId / organizationName (setting) [issue #13: "where present"; V views.ts falls back between the names]', async () => {
		d.setSettings({ organizationFields: false });
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}`);
		expect(r.body).not.toHaveProperty('organizationId');
		expect(r.body).not.toHaveProperty('organizationName');
		expect(r.body.clientCompanyName).toBe('ACME Insurance');
	});

	it('agentCount and shareCount count the assets by type [C Device.ps1 example]', async () => {
		const r = await get(d, `/bcdr/device/${bluebird.serialNumbers[0]}`);
		const plan = DATTO_DEMO.plans[bluebird.organizationId];
		const second = await get(d, `/bcdr/device/${bluebird.serialNumbers[1]}`);
		expect(r.body.agentCount + second.body.agentCount).toBe(plan.servers + plan.workstations);
		expect([r.body.shareCount, second.body.shareCount]).toEqual([1, 0]);
	});

	it('GET /bcdr/device/{serial}/asset → an object keyed "0", "1", … of agents and shares, not paged [I normalizeIndexKeyedAssets (live)]', async () => {
		const r = await get(d, `/bcdr/device/${bluebird.serialNumbers[0]}/asset?_page=2&_perPage=1`);
		expect(r.status).toBe(200);
		expect(Array.isArray(r.body)).toBe(false);
		const keys = Object.keys(r.body);
		expect(keys).toEqual(keys.map((_, i) => String(i)));
		const assets = Object.values(r.body) as any[];
		expect(assets.map((a) => a.type).sort()).toEqual([
			...Array(assets.length - 1).fill('agent'),
			'share',
		]);
		expect(Object.keys(assets[0])).toEqual(ASSET_KEYS);
	});

	it('with assetListShape "envelope": {pagination, items} paged by _page/_perPage [C Get-DattoAsset pages with _page/_perPage; T reads .items]', async () => {
		d.setSettings({ assetListShape: 'envelope' });
		const all = await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset?_perPage=5`);
		expect(all.body.pagination).toEqual({ page: 1, perPage: 5, totalPages: 3, count: 13 });
		const third = await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset?_perPage=5&_page=3`);
		expect(third.body.items).toHaveLength(3);
	});

	it('asset times are unix seconds; an agent carries its screenshot result [C Asset.ps1 example (1584817262, true, URL); V format.ts]', async () => {
		const assets = Object.values(
			(await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset`)).body,
		) as any[];
		const a = assets[0];
		for (const k of ['lastSnapshot', 'latestOffsite', 'lastScreenshotAttempt']) {
			expect(Number.isInteger(a[k])).toBe(true);
			expect(a[k]).toBeLessThanOrEqual(NOW.getTime() / 1000);
			expect(a[k]).toBeGreaterThan(NOW.getTime() / 1000 - 86_400);
		}
		expect(a.lastScreenshotAttemptStatus).toBe(true);
		expect(a.lastScreenshotUrl).toMatch(/\.png\?cb=\d+$/);
		expect(a.volume).toMatch(/^[0-9a-f]{32}$/);
		expect(a).toMatchObject({
			isPaused: false,
			isArchived: false,
			type: 'agent',
			protectedVolumesCount: a.protectedVolumeNames.length,
		});
	});

	it('backups: newest first, ten at most, ISO timestamps, status "success" with verification; the screenshotted one says status "1" [C Asset.ps1 example; T backups[0], status "success", Max 10; V views.ts "1" / "" / null]', async () => {
		const a = (
			Object.values((await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset`)).body) as any[]
		)[0];
		expect(a.backups).toHaveLength(10);
		const times = a.backups.map((b: any) => Date.parse(b.timestamp));
		expect(times).toEqual([...times].sort((x, y) => y - x));
		expect(a.backups[0].timestamp).toMatch(ISO_OFFSET);
		expect(Date.parse(a.backups[0].timestamp) / 1000).toBe(a.lastSnapshot);
		expect(a.backups[0]).toMatchObject({
			backup: { status: 'success', errorMessage: null },
			localVerification: { status: 'success', errors: [] },
		});
		const shots = a.backups.filter(
			(b: any) => b.advancedVerification.screenshotVerification !== null,
		);
		expect(shots).toHaveLength(1);
		expect(shots[0].advancedVerification.screenshotVerification).toEqual({
			status: '1',
			image: a.lastScreenshotUrl,
		});
	});

	it('a share has no OS, agent version or screenshot [C Asset.ps1 "agents and shares"; V views.ts isShare skips screenshots]', async () => {
		const share = (
			Object.values((await get(d, `/bcdr/device/${bluebird.serialNumbers[0]}/asset`)).body) as any[]
		).find((x) => x.type === 'share');
		expect(share).toMatchObject({
			name: 'Scans',
			os: null,
			agentVersion: null,
			lastScreenshotAttempt: 0,
			lastScreenshotAttemptStatus: false,
			lastScreenshotUrl: null,
		});
	});

	it('GET …/asset/agent and …/asset/share list one kind each [C Get-DattoAgent, Get-DattoShare, Get-DattoBCDR endpoints]', async () => {
		const agents = Object.values(
			(await get(d, `/bcdr/device/${bluebird.serialNumbers[0]}/asset/agent`)).body,
		) as any[];
		const shares = Object.values(
			(await get(d, `/bcdr/device/${bluebird.serialNumbers[0]}/asset/share`)).body,
		) as any[];
		expect(agents.every((a) => a.type === 'agent')).toBe(true);
		expect(shares.map((s) => s.name)).toEqual(['Scans']);
	});

	it('GET …/asset/{volume} → an array with that asset; an unknown volume → [] [C Get-DattoVolume; I unwrapAssetArray (live)]', async () => {
		const first = (
			Object.values((await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset`)).body) as any[]
		)[0];
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset/${first.volume}`);
		expect(r.status).toBe(200);
		expect(r.body).toEqual([first]);
		expect(
			(await get(d, `/bcdr/device/${acme.serialNumbers[0]}/asset/0000000000000000000000000000ffff`))
				.body,
		).toEqual([]);
	});

	it('GET …/alert → {pagination, items} of {type, threshold, unit, dateTriggered, dateSent}, no id, no asset [C Alert.ps1 example; S Alert]', async () => {
		expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}/alert`)).body).toEqual({
			pagination: { page: 1, perPage: 100, totalPages: 0, count: 0 },
			items: [],
		});
		d.model.appliances[0].alerts.push({
			type: 'Device Not Seen Alert',
			threshold: 60,
			unit: 'Minutes',
			triggeredAt: NOW.getTime() - 60_000,
			sentAt: NOW.getTime() - 60_000,
		});
		const r = await get(d, `/bcdr/device/${acme.serialNumbers[0]}/alert`);
		expect(r.body.items).toEqual([
			{
				type: 'Device Not Seen Alert',
				threshold: 60,
				unit: 'Minutes',
				dateTriggered: '2026-03-01T11:59:00+00:00',
				dateSent: '2026-03-01T11:59:00+00:00',
			},
		]);
		expect((await get(d, `/bcdr/device/${acme.serialNumbers[0]}`)).body.alertCount).toBe(1);
	});

	it('the alert endpoint ignores _perPage: 100 per page [C Get-DattoAlert notes: "PerPage always gets set to 100 regardless of value"]', async () => {
		const a = d.model.appliances[0];
		for (let i = 0; i < 101; i++)
			a.alerts.push({
				type: 'Backup Failure',
				threshold: 1,
				unit: 'Failures',
				triggeredAt: NOW.getTime() - i * 60_000,
				sentAt: NOW.getTime() - i * 60_000,
			});
		const r = await get(d, `/bcdr/device/${a.serialNumber}/alert?_perPage=10`);
		expect(r.body.pagination).toEqual({ page: 1, perPage: 100, totalPages: 2, count: 101 });
		expect(r.body.items).toHaveLength(100);
		expect((await get(d, `/bcdr/device/${a.serialNumber}/alert?_page=2`)).body.items).toHaveLength(
			1,
		);
	});
});
