import { Sandbox, startSandbox } from '../../sandbox/server';
import { call, query } from './sandbox-fetch';

let sb: Sandbox;
beforeAll(async () => {
	// 1,180 generated customers plus our own company: three pages of Companies.
	sb = await startSandbox({ seed: 1180, port: 0 });
});
afterAll(() => sb.close());

it('pages past 500 records with nextPageUrl (a full GET URL) until it is null', async () => {
	const filter = [{ op: 'beginsWith', field: 'companyName', value: 'Generated Customer' }];
	let page = await query(sb, 'Companies', filter);
	const seen: number[] = [];
	const sizes: number[] = [];
	for (;;) {
		expect(page.status).toBe(200);
		seen.push(...page.body.items.map((i: any) => i.id));
		sizes.push(page.body.pageDetails.count);
		const next = page.body.pageDetails.nextPageUrl;
		if (next === null) break;
		expect(next.startsWith(sb.baseUrl)).toBe(true);
		page = await call(sb, 'GET', next);
	}
	expect(sizes).toEqual([500, 500, 180]);
	expect(new Set(seen).size).toBe(1180);
	expect(seen).toEqual([...seen].sort((a, b) => a - b));
});

it('offers prevPageUrl from the second page on', async () => {
	const first = await query(sb, 'Companies', [{ op: 'exist', field: 'id' }], { MaxRecords: 100 });
	expect(first.body.pageDetails.prevPageUrl).toBeNull();
	const second = await call(sb, 'GET', first.body.pageDetails.nextPageUrl);
	const back = await call(sb, 'GET', second.body.pageDetails.prevPageUrl);
	expect(back.body.items.map((i: any) => i.id)).toEqual(first.body.items.map((i: any) => i.id));
});

it('keeps IncludeFields on following pages', async () => {
	const first = await query(sb, 'Companies', [{ op: 'exist', field: 'id' }], { IncludeFields: ['companyName'] });
	const second = await call(sb, 'GET', first.body.pageDetails.nextPageUrl);
	expect(Object.keys(second.body.items[0]).sort()).toEqual(['companyName', 'id']);
});
