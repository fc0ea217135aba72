/**
 * Paging as real Autotask does it:
 * - POST query → nextPageUrl `…/query/next?paging=…`; the next page is a POST of the same body there, a GET
 *   answers 405 { Message } (WYRE-AI/autotask-mcp PR #170, reproduced live; msoukhomlinov/n8n-nodes-autotask
 *   get-many.ts and panoramicdata/AutoTask.Psa.Api AutoTaskClient.cs page the same way);
 * - GET query (`?search=`) → its page URLs carry the search and are followed with GET
 *   (KelvinTegelaar/AutotaskAPI Get-AutotaskAPIResource.ps1, panoramicdata GetAllInternalAsync);
 * - a different or missing body on a page URL: the record is silent, the sandbox refuses (strict reading).
 */
import { Sandbox, startSandbox } from '../../sandbox/server';
import { Reply, call, query } from './sandbox-fetch';

let sb: Sandbox;
beforeAll(async () => {
	// 1,180 generated customers plus our own company: three pages of Companies.
	sb = await startSandbox({ seed: 1180, port: 0 });
});
afterAll(() => sb.close());

const generated = {
	filter: [{ op: 'beginsWith', field: 'companyName', value: 'Generated Customer' }],
};

async function pageAll(first: Reply, follow: (next: string) => Promise<Reply>) {
	const seen: number[] = [];
	const sizes: number[] = [];
	for (let page = first; ; ) {
		expect(page.status).toBe(200);
		seen.push(...page.body.items.map((i: any) => i.id));
		sizes.push(page.body.pageDetails.count);
		const next = page.body.pageDetails.nextPageUrl;
		if (next === null) return { seen, sizes };
		expect(next.startsWith(sb.baseUrl)).toBe(true);
		page = await follow(next);
	}
}

it('POST query: nextPageUrl is …/query/next?paging=… and the next page is a POST of the same body (PR #170)', async () => {
	const first = await call(sb, 'POST', 'Companies/query', generated);
	expect(first.body.pageDetails.nextPageUrl).toMatch(
		new RegExp(`^${sb.baseUrl}/Companies/query/next\\?paging=[^&]+$`),
	);
	const { seen, sizes } = await pageAll(first, (next) => call(sb, 'POST', next, generated));
	expect(sizes).toEqual([500, 500, 180]);
	expect(new Set(seen).size).toBe(1180);
	expect(seen).toEqual([...seen].sort((a, b) => a - b));
});

it('POST query: a GET on its nextPageUrl answers 405 { Message } word for word (PR #170)', async () => {
	const first = await call(sb, 'POST', 'Companies/query', generated);
	const r = await call(sb, 'GET', first.body.pageDetails.nextPageUrl);
	expect(r).toEqual({
		status: 405,
		body: { Message: "The requested resource does not support http method 'GET'." },
	});
});

it('GET query: its page URLs carry the search and are followed with GET (KelvinTegelaar, panoramicdata)', async () => {
	const first = await call(
		sb,
		'GET',
		`Companies/query?search=${encodeURIComponent(JSON.stringify(generated))}`,
	);
	expect(first.body.pageDetails.nextPageUrl).toContain('&search=');
	const { sizes } = await pageAll(first, (next) => call(sb, 'GET', next));
	expect(sizes).toEqual([500, 500, 180]);
});

it('refuses a page URL POSTed with a different or a missing body (strict reading: the record is silent)', async () => {
	const first = await call(sb, 'POST', 'Companies/query', generated);
	const next = first.body.pageDetails.nextPageUrl;
	const other = await call(sb, 'POST', next, { filter: [{ op: 'exist', field: 'id' }] });
	expect(other.status).toBe(500);
	expect(other.body.errors[0]).toMatch(
		/^paging: the query sent to this page URL is not the query that produced it/,
	);
	const none = await call(sb, 'POST', next);
	expect(none.status).toBe(500);
	expect(none.body.errors[0]).toMatch(/query body is missing/);
	// The same query re-serialised (other key order and case) is the same query.
	const reordered = await call(sb, 'POST', next, {
		Filter: [{ value: 'Generated Customer', field: 'companyName', op: 'beginsWith' }],
	});
	expect(reordered.status).toBe(200);
});

it('refuses a paging token it did not write', async () => {
	const r = await call(
		sb,
		'POST',
		'Companies/query/next?paging=%7B%22pageSize%22%3A500%7D',
		generated,
	);
	expect(r.status).toBe(500);
	expect(r.body.errors[0]).toMatch(/^paging:/);
});

it('offers prevPageUrl from the second page on', async () => {
	const all = { filter: [{ op: 'exist', field: 'id' }], MaxRecords: 100 };
	const first = await call(sb, 'POST', 'Companies/query', all);
	expect(first.body.pageDetails.prevPageUrl).toBeNull();
	const second = await call(sb, 'POST', first.body.pageDetails.nextPageUrl, all);
	expect(second.body.pageDetails.requestCount).toBe(100);
	const back = await call(sb, 'POST', second.body.pageDetails.prevPageUrl, all);
	expect(back.body.items.map((i: any) => i.id)).toEqual(first.body.items.map((i: any) => i.id));
});

it('keeps IncludeFields on following pages', async () => {
	const body = { filter: [{ op: 'exist', field: 'id' }], IncludeFields: ['companyName'] };
	const first = await query(sb, 'Companies', body.filter, { IncludeFields: body.IncludeFields });
	const second = await call(sb, 'POST', first.body.pageDetails.nextPageUrl, body);
	expect(Object.keys(second.body.items[0]).sort()).toEqual(['companyName', 'id']);
});

// msoukhomlinov/n8n-nodes-autotask get-many.ts POSTs only {filter} to page URLs, against live tenants since
// Feb 2025; the independent-client run (docs/autotask-conformance.md) found the sandbox refusing it.
it("accepts a page body that leaves IncludeFields out (the first page's apply), refuses one that changes them", async () => {
	const filter = [{ op: 'exist', field: 'id' }];
	const first = await query(sb, 'Companies', filter, { IncludeFields: ['companyName'] });
	const second = await call(sb, 'POST', first.body.pageDetails.nextPageUrl, { filter });
	expect(second.status).toBe(200);
	expect(Object.keys(second.body.items[0]).sort()).toEqual(['companyName', 'id']);
	const changed = await call(sb, 'POST', first.body.pageDetails.nextPageUrl, {
		filter,
		IncludeFields: ['phone'],
	});
	expect(changed.status).toBe(500);
	expect(changed.body.errors[0]).toMatch(/^paging: /);
});

it('refuses MaxRecords above 500 instead of capping it (WYRE-AI/autotask-mcp AutotaskHttpClient)', async () => {
	for (const MaxRecords of [501, 0]) {
		const r = await call(sb, 'POST', 'Companies/query', { ...generated, MaxRecords });
		expect(r).toEqual({
			status: 500,
			body: { errors: ['maxCountOfRecordsToReturn must be between 1 and 500'] },
		});
	}
});
