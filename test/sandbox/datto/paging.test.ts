/**
 * The paging rules of `/bcdr/device` (and of the asset list with assetListShape "envelope"). Sources:
 * Celerium/Datto-PowerShellWrapper ("[C]": `Private/apiCalls/Invoke-DattoRequest.ps1` -allPages loop,
 * `Public/BCDR/Get-DattoDevice.ps1`), wyre-technology/node-datto-bcdr `src/pagination.ts` ("[W]"),
 * veeemlab/datto-bcdr-mcp `src/datto-client.ts` ("[V]"). Where the record is silent the test says "ours".
 */
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { allDattoDevices as allDevices, get } from '../standInFetch';

let d: DattoStandIn;

beforeAll(async () => {
	d = await startDatto({
		seed: { organizations: 120, agents: 120 },
		now: () => new Date('2026-03-01T12:00:00Z'),
	});
});
afterAll(() => d.close());
afterEach(() => d.reset());

describe('Datto BCDR paging', () => {
	it('_page counts from 1; without _perPage a page holds 50 [W pagination.ts "default 50, max 250"]', async () => {
		const r = await get(d, '/bcdr/device');
		expect(r.body.pagination).toEqual({ page: 1, perPage: 50, totalPages: 3, count: 120 });
		expect(r.body.items).toHaveLength(50);
	});

	it('_perPage above 250 is cut to 250 [W pagination.ts max 250; V "API maximum" 250; cutting rather than refusing is ours]', async () => {
		const r = await get(d, '/bcdr/device?_perPage=1000');
		expect(r.body.pagination).toEqual({ page: 1, perPage: 250, totalPages: 1, count: 120 });
	});

	it('the last page is short, a page past the end is empty with the same totals [C -allPages stops at totalPages; W stops on an empty page]', async () => {
		expect((await get(d, '/bcdr/device?_page=3&_perPage=50')).body.items).toHaveLength(20);
		const past = await get(d, '/bcdr/device?_page=4&_perPage=50');
		expect(past.status).toBe(200);
		expect(past.body).toEqual({
			pagination: { page: 4, perPage: 50, totalPages: 3, count: 120 },
			items: [],
		});
	});

	it('walking every page gives every device once [C Invoke-DattoRequest -allPages]', async () => {
		const all = await allDevices(d, 7);
		expect(all).toHaveLength(120);
		expect(new Set(all.map((x) => x.serialNumber)).size).toBe(120);
	});

	it('nothing to list: count 0 and totalPages 0 [C -allPages loop ends on "totalPages -ne 0"]', async () => {
		d.seed('empty');
		try {
			expect((await get(d, '/bcdr/device')).body).toEqual({
				pagination: { page: 1, perPage: 50, totalPages: 0, count: 0 },
				items: [],
			});
		} finally {
			d.seed({ organizations: 120, agents: 120 });
		}
	});

	it('a bad _page or _perPage (0, negative, not a number) → 400 {code, message} naming it [C ValidateRange(1, …) on page and perPage; the answer is ours]', async () => {
		for (const q of ['_page=0', '_page=-1', '_page=two', '_perPage=0', '_perPage=1.5']) {
			const r = await get(d, `/bcdr/device?${q}`);
			expect([q, r.status]).toEqual([q, 400]);
			expect(r.body).toEqual({
				code: 'BadRequest',
				message: expect.stringContaining(q.split('=')[0]),
			});
		}
	});

	it('showHiddenDevices: hidden devices are listed by default; "0" leaves them out; other values change nothing [C Get-DattoDevice: "By default 1", "only 0 or 1 appear to do anything"]', async () => {
		d.model.appliances[0].hidden = true;
		const serial = d.model.appliances[0].serialNumber;
		const has = async (q: string) =>
			(await allDevices(d, 250)).length === 120 &&
			(await get(d, `/bcdr/device?_perPage=250&${q}`)).body.items.some(
				(x: any) => x.serialNumber === serial,
			);
		expect(await has('')).toBe(true);
		expect(await has('showHiddenDevices=1')).toBe(true);
		expect(await has('showHiddenDevices=0')).toBe(false);
		expect(await has('showHiddenDevices=7')).toBe(true);
		expect((await get(d, '/bcdr/device?showHiddenDevices=0')).body.pagination.count).toBe(119);
		expect((await get(d, `/bcdr/device/${serial}`)).body.hidden).toBe(true);
	});

	it('showChildResellerDevices is accepted (the sandbox has no child resellers) [C Get-DattoDevice]', async () => {
		expect((await get(d, '/bcdr/device?showChildResellerDevices=0')).body.pagination.count).toBe(
			120,
		);
	});
});
