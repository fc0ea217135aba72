import { Sandbox, startSandbox } from '../../sandbox/server';
import { call, ids, query } from './sandbox-fetch';

let sb: Sandbox;
const c: Record<string, number> = {};

beforeAll(async () => {
	sb = await startSandbox({ seed: 'empty', port: 0 });
	const add = (key: string, companyName: string, extra: Record<string, unknown>) => {
		c[key] = sb.store.insert('Companies', {
			companyName,
			companyType: 1,
			isActive: true,
			phone: '1',
			ownerResourceID: 29682886,
			...extra,
		}).id;
	};
	add('alpha', 'Alpha Backup Ltd', {
		city: 'Leeds',
		createDate: '2026-01-10T08:00:00Z',
		userDefinedFields: [{ name: 'BDR Customer ID', value: 'bdr-A' }],
	});
	add('beta', 'Beta Dental', {
		city: 'York',
		companyType: 2,
		createDate: '2026-03-01T00:00:00Z',
		userDefinedFields: [{ name: 'BDR Customer ID', value: 'bdr-B' }],
	});
	add('gamma', 'gamma backup', { city: null, isActive: false, createDate: '2026-06-15T12:30:00Z' });
	add('delta', 'Delta Freight', {
		city: 'leeds',
		companyType: 3,
		createDate: '2026-09-01T00:00:00Z',
	});
});
afterAll(() => sb.close());

const mine = async (filter: unknown[]) =>
	(await ids(sb, 'Companies', [{ op: 'gte', field: 'id', value: c.alpha }, ...filter])).sort(
		(a, b) => a - b,
	);
const expectIds = (...keys: string[]) => keys.map((k) => c[k]).sort((a, b) => a - b);

describe('filter operators', () => {
	it.each([
		['eq (case-insensitive)', [{ op: 'eq', field: 'city', value: 'LEEDS' }], ['alpha', 'delta']],
		['noteq (nulls included)', [{ op: 'noteq', field: 'city', value: 'leeds' }], ['beta', 'gamma']],
		['gt on integer', [{ op: 'gt', field: 'companyType', value: 1 }], ['beta', 'delta']],
		['gte on integer', [{ op: 'gte', field: 'companyType', value: 2 }], ['beta', 'delta']],
		['lt on integer', [{ op: 'lt', field: 'companyType', value: 2 }], ['alpha', 'gamma']],
		['lte on integer', [{ op: 'lte', field: 'companyType', value: 2 }], ['alpha', 'beta', 'gamma']],
		['beginsWith', [{ op: 'beginsWith', field: 'companyName', value: 'ALPHA' }], ['alpha']],
		['endsWith', [{ op: 'endsWith', field: 'companyName', value: 'BACKUP' }], ['gamma']],
		['contains', [{ op: 'contains', field: 'companyName', value: 'backup' }], ['alpha', 'gamma']],
		['exist', [{ op: 'exist', field: 'city' }], ['alpha', 'beta', 'delta']],
		['notExist', [{ op: 'notExist', field: 'city' }], ['gamma']],
		['in', [{ op: 'in', field: 'companyType', value: [2, '3'] }], ['beta', 'delta']],
		['notIn', [{ op: 'notIn', field: 'city', value: ['York', 'LEEDS'] }], ['gamma']],
		['eq on boolean', [{ op: 'eq', field: 'isActive', value: false }], ['gamma']],
		[
			'gt on a date compares dates, not strings',
			[{ op: 'gt', field: 'createDate', value: '2026-03-01' }],
			['gamma', 'delta'],
		],
		[
			'lte on a date-time',
			[{ op: 'lte', field: 'createDate', value: '2026-03-01T00:00:00.000Z' }],
			['alpha', 'beta'],
		],
		['udf eq', [{ op: 'eq', field: 'bdr customer id', udf: true, value: 'BDR-b' }], ['beta']],
		['udf exist', [{ op: 'exist', field: 'BDR Customer ID', udf: true }], ['alpha', 'beta']],
		[
			'field names are case-insensitive',
			[{ op: 'eq', field: 'CompanyName', value: 'delta freight' }],
			['delta'],
		],
	])('%s', async (_name, filter, expected) => {
		expect(await mine(filter)).toEqual(expectIds(...expected));
	});

	it('a top-level array is an implicit and; groups nest', async () => {
		const filter = [
			{
				op: 'or',
				items: [
					{ op: 'eq', field: 'city', value: 'York' },
					{
						op: 'and',
						items: [
							{ op: 'contains', field: 'companyName', value: 'backup' },
							{ op: 'eq', field: 'isActive', value: true },
						],
					},
				],
			},
			{ op: 'noteq', field: 'companyType', value: 3 },
		];
		expect(await mine(filter)).toEqual(expectIds('alpha', 'beta'));
	});
});

describe('query errors', () => {
	it.each([
		['no filter', {}, 'at least one filter item'],
		['empty filter', { filter: [] }, 'at least one filter item'],
		['unknown field', { filter: [{ op: 'eq', field: 'colour', value: 1 }] }, '"colour"'],
		['unknown udf', { filter: [{ op: 'eq', field: 'Nope', udf: true, value: 1 }] }, '"Nope"'],
		['unknown operator', { filter: [{ op: 'like', field: 'id', value: 1 }] }, '"like"'],
		['in without an array', { filter: [{ op: 'in', field: 'id', value: 3 }] }, 'array'],
		[
			'in with more than 500 values',
			{ filter: [{ op: 'in', field: 'id', value: Array.from({ length: 501 }, (_, i) => i) }] },
			'at most 500',
		],
		['empty group', { filter: [{ op: 'or', items: [] }] }, 'items'],
		['bad number', { filter: [{ op: 'gt', field: 'id', value: 'abc' }] }, 'not a valid'],
		[
			'unknown IncludeFields',
			{ filter: [{ op: 'exist', field: 'id' }], IncludeFields: ['nope'] },
			'IncludeFields',
		],
	])('%s → refused (500, as Autotask refuses) naming the problem', async (_name, body, text) => {
		const r = await call(sb, 'POST', 'Companies/query', body);
		expect(r.status).toBe(500);
		expect(r.body.errors.join(' ')).toContain(text);
	});
});

describe('query shape', () => {
	it('IncludeFields returns only those fields plus id', async () => {
		const r = await query(sb, 'Companies', [{ op: 'eq', field: 'id', value: c.beta }], {
			IncludeFields: ['companyName'],
		});
		expect(r.body.items).toEqual([{ id: c.beta, companyName: 'Beta Dental' }]);
	});

	it('returns userDefinedFields as [{ name, value }]', async () => {
		const r = await query(sb, 'Companies', [{ op: 'eq', field: 'id', value: c.alpha }]);
		expect(r.body.items[0].userDefinedFields).toContainEqual({
			name: 'BDR Customer ID',
			value: 'bdr-A',
		});
	});

	it('counts with /query/count', async () => {
		const r = await call(sb, 'POST', 'Companies/query/count', {
			filter: [{ op: 'contains', field: 'companyName', value: 'backup' }],
		});
		expect(r.body).toEqual({ queryCount: 2 });
	});

	it('answers GET /query?search= like the POST form', async () => {
		const search = encodeURIComponent(
			JSON.stringify({ filter: [{ op: 'eq', field: 'city', value: 'york' }] }),
		);
		const r = await call(sb, 'GET', `Companies/query?search=${search}`);
		expect(r.body.items.map((i: any) => i.id)).toEqual([c.beta]);
		const count = await call(sb, 'GET', `Companies/query/count?search=${search}`);
		expect(count.body.queryCount).toBe(1);
	});

	it('MaxRecords sets the page size (above 500 is refused: see paging.test.ts)', async () => {
		const small = await query(sb, 'Companies', [{ op: 'exist', field: 'id' }], { MaxRecords: 2 });
		expect(small.body.items).toHaveLength(2);
		expect(small.body.pageDetails).toEqual(
			expect.objectContaining({ count: 2, requestCount: 2, nextPageUrl: expect.any(String) }),
		);
		const max = await query(sb, 'Companies', [{ op: 'exist', field: 'id' }], { MaxRecords: 500 });
		expect(max.body.pageDetails.requestCount).toBe(500);
	});

	it('queries a child collection (Tickets/{id}/Notes/query) within its parent', async () => {
		const ticketID = sb.store.insert('Tickets', {
			companyID: c.alpha,
			title: 't',
			status: 1,
			priority: 6,
			queueID: 29683498,
		}).id;
		const other = sb.store.insert('Tickets', {
			companyID: c.alpha,
			title: 'u',
			status: 1,
			priority: 6,
			queueID: 29683498,
		}).id;
		const mineNote = sb.store.insert('TicketNotes', {
			ticketID,
			title: 'a',
			description: 'b',
			noteType: 3,
			publish: 1,
		}).id;
		sb.store.insert('TicketNotes', {
			ticketID: other,
			title: 'a',
			description: 'b',
			noteType: 3,
			publish: 1,
		});
		const r = await call(sb, 'POST', `Tickets/${ticketID}/Notes/query`, {
			filter: [{ op: 'exist', field: 'id' }],
		});
		expect(r.body.items.map((n: any) => n.id)).toEqual([mineNote]);
	});
});
