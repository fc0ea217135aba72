import { AutotaskClient, endpointOf } from '../../nodes/autotask/client';
import {
	AutotaskApiError,
	AutotaskNetworkError,
	AutotaskWriteUnknownError,
} from '../../nodes/autotask/errors';
import { KeyedLimiter } from '../../nodes/autotask/limiter';
import { LookupCache } from '../../nodes/autotask/lookupCache';
import { FieldsCache } from '../../nodes/autotask/picklists';
import { RequestCounter } from '../../nodes/autotask/requestCounter';
import { ZoneCache } from '../../nodes/autotask/zone';
import type { HttpRequest } from '../../nodes/autotask/types';
import { BASE, CREDS, fail, ok, scriptedTransport, type Responder } from './fakeTransport';

function clientWith(
	responder: Responder,
	extra: Partial<ConstructorParameters<typeof AutotaskClient>[0]> = {},
) {
	const transport = scriptedTransport(responder);
	const sleeps: number[] = [];
	const client = new AutotaskClient({
		credentials: { ...CREDS },
		transport,
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		random: () => 0.5,
		limiter: new KeyedLimiter(),
		zoneCache: new ZoneCache(),
		fieldsCache: new FieldsCache(),
		counter: new RequestCounter(),
		...extra,
	});
	return { client, transport, sleeps };
}

const page = (items: unknown[], nextPageUrl: string | null = null) =>
	ok({ items, pageDetails: { count: items.length, nextPageUrl } });

describe('requests', () => {
	it('sends the three auth headers and JSON to the base URL', async () => {
		const { client, transport } = clientWith(() => ok({ item: { id: 7 } }));
		await client.get('Companies', 7);
		const call = transport.calls[0];
		expect(call.url).toBe(`${BASE}/Companies/7`);
		expect(call.headers).toMatchObject({
			ApiIntegrationCode: CREDS.integrationCode,
			UserName: CREDS.username,
			Secret: CREDS.secret,
			'Content-Type': 'application/json',
		});
	});

	it('returns undefined for a 404 and for a null item', async () => {
		const { client } = clientWith((r) =>
			r.url.endsWith('/1') ? fail(404, ['not found']) : ok({ item: null }),
		);
		await expect(client.get('Tickets', 1)).resolves.toBeUndefined();
		await expect(client.get('Tickets', 2)).resolves.toBeUndefined();
	});
});

describe('query', () => {
	// Real tenants answer a GET on a POST query's nextPageUrl with 405: the next page is a POST of the
	// same body to it (WYRE-AI/autotask-mcp PR #170, panoramicdata/AutoTask.Psa.Api GetAllInternalAsync).
	it('posts the filter, MaxRecords and IncludeFields (id added) and POSTs the same body to each nextPageUrl', async () => {
		const { client, transport } = clientWith((r) => {
			if (r.method !== 'POST')
				return {
					status: 405,
					headers: {},
					body: { Message: "The requested resource does not support http method 'GET'." },
				};
			if (r.url.endsWith('page=2')) return page([{ id: 3 }], `${BASE}/Companies/query/next?page=3`);
			if (r.url.endsWith('page=3')) return page([{ id: 4 }]);
			return page([{ id: 1 }, { id: 2 }], `${BASE}/Companies/query/next?page=2`);
		});
		const items = await client.query('Companies', {
			filter: [
				{
					op: 'and',
					items: [
						{ op: 'eq', field: 'isActive', value: true },
						{ op: 'beginsWith', field: 'companyName', value: 'A' },
					],
				},
			],
			includeFields: ['companyName'],
		});
		expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4]);
		expect(transport.calls).toHaveLength(3);
		expect(transport.calls[0].body).toEqual({
			MaxRecords: 500,
			IncludeFields: ['id', 'companyName'],
			filter: [
				{
					op: 'and',
					items: [
						{ op: 'eq', field: 'isActive', value: true },
						{ op: 'beginsWith', field: 'companyName', value: 'A' },
					],
				},
			],
		});
		expect(transport.calls.map((c) => c.method)).toEqual(['POST', 'POST', 'POST']);
		expect(transport.calls.slice(1).map((c) => c.body)).toEqual([
			transport.calls[0].body,
			transport.calls[0].body,
		]);
	});

	it('uses an "id exists" filter when none is given (a query needs one)', async () => {
		const { client, transport } = clientWith(() => page([]));
		await client.query('Services', { filter: [] });
		expect((transport.calls[0].body as any).filter).toEqual([{ op: 'exist', field: 'id' }]);
	});

	it('stops at maxRecords', async () => {
		const { client, transport } = clientWith(() =>
			page([{ id: 1 }, { id: 2 }, { id: 3 }], `${BASE}/X/query/next`),
		);
		const items = await client.query('X', { filter: [], maxRecords: 2 });
		expect(items).toHaveLength(2);
		expect(transport.calls).toHaveLength(1);
		expect((transport.calls[0].body as any).MaxRecords).toBe(2);
	});

	it('refuses to follow a page link to another host (the credential would leak)', async () => {
		const { client, transport } = clientWith(() =>
			page([{ id: 1 }], 'http://evil.invalid/ATServicesRest/V1.0/X/query/next'),
		);
		await expect(client.query('X', { filter: [] })).rejects.toThrow(/another host/);
		expect(transport.calls).toHaveLength(1);
	});

	it('chunks an in-filter at 500 values, dedupes, and skips empty lists', async () => {
		const { client, transport } = clientWith((r) =>
			page(((r.body as any).filter[0].value as number[]).map((id) => ({ id }))),
		);
		const values = Array.from({ length: 1201 }, (_, i) => i + 1).concat([1, 2, 3]);
		const items = await client.queryIn('Tickets', 'id', values, {
			filter: [{ op: 'noteq', field: 'status', value: 5 }],
		});
		expect(items).toHaveLength(1201);
		const sizes = transport.calls.map((c) => (c.body as any).filter[0].value.length);
		expect(sizes).toEqual([500, 500, 201]);
		expect((transport.calls[0].body as any).filter[1]).toEqual({
			op: 'noteq',
			field: 'status',
			value: 5,
		});
		await expect(client.queryIn('Tickets', 'id', [])).resolves.toEqual([]);
		expect(transport.calls).toHaveLength(3);
	});

	// `udf: true` is documented on single conditions; on `in` it is not (autotask-api.md), so a UDF
	// list is sent as an `or` of documented `eq` conditions, which works under either reading.
	it('matches a user-defined field with an or-group of udf eq conditions', async () => {
		const { client, transport } = clientWith(() => page([]));
		await client.queryIn('Companies', 'BDR Customer ID', ['a', 'b'], { udf: true });
		expect((transport.calls[0].body as any).filter[0]).toEqual({
			op: 'or',
			items: [
				{ op: 'eq', field: 'BDR Customer ID', value: 'a', udf: true },
				{ op: 'eq', field: 'BDR Customer ID', value: 'b', udf: true },
			],
		});
	});

	// The SOAP API capped a query at 500 OR conditions and the REST docs name no higher cap: the
	// values of every in/notIn of one query stay within 500 together.
	it('keeps all list values of one query within 500 when another filter holds a list too', async () => {
		const { client, transport } = clientWith((r) =>
			page(((r.body as any).filter[0].value as number[]).map((id) => ({ id }))),
		);
		const values = Array.from({ length: 1000 }, (_, i) => i + 1);
		await client.queryIn('Tickets', 'id', values, {
			filter: [{ op: 'notIn', field: 'status', value: [5, 14, 15, 16] }],
		});
		const sizes = transport.calls.map((c) => (c.body as any).filter[0].value.length);
		expect(sizes).toEqual([496, 496, 8]);
	});

	it('counts through query/count', async () => {
		const { client, transport } = clientWith(() => ok({ queryCount: 42 }));
		await expect(client.count('Tickets', [{ op: 'eq', field: 'status', value: 1 }])).resolves.toBe(
			42,
		);
		expect(transport.calls[0].url).toBe(`${BASE}/Tickets/query/count`);
	});
});

describe('writes', () => {
	it('creates through the child URL and returns itemId; updates with PATCH by default', async () => {
		const { client, transport } = clientWith((r) => ok({ itemId: r.method === 'POST' ? 99 : 5 }));
		await expect(client.create('Tickets/5/Notes', { title: 't' })).resolves.toBe(99);
		await expect(client.update('Tickets', { id: 5, status: 5 })).resolves.toBe(5);
		expect(transport.calls.map((c) => `${c.method} ${c.url.slice(BASE.length)}`)).toEqual([
			'POST /Tickets/5/Notes',
			'PATCH /Tickets',
		]);
	});

	it('never resends a write whose answer was lost', async () => {
		const { client, transport } = clientWith(() =>
			Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
		);
		await expect(client.create('Tickets', { title: 'x' })).rejects.toBeInstanceOf(
			AutotaskWriteUnknownError,
		);
		expect(transport.calls).toHaveLength(1);
	});

	// Real Autotask refuses invalid writes with 500 and errors[] (autotask-mcp PR #288: "dueDateTime is required.")
	it('does not resend a write refused with a 500 and a reason, and marks it refused', async () => {
		const { client, transport } = clientWith(() =>
			fail(500, ['dueDateTime is required.', 'on record number [0].']),
		);
		await expect(client.create('Tickets', {})).rejects.toMatchObject({
			status: 500,
			kind: 'refused',
			errors: ['dueDateTime is required.', 'on record number [0].'],
		});
		expect(transport.calls).toHaveLength(1);
	});

	it('does not resend a write that got a 500 without a reason: its outcome is unknown', async () => {
		const { client, transport } = clientWith(() => ({ status: 500, headers: {}, body: '' }));
		await expect(client.create('Tickets', {})).rejects.toMatchObject({
			status: 500,
			kind: 'unknown',
		});
		expect(transport.calls).toHaveLength(1);
	});

	// msoukhomlinov/n8n-nodes-autotask PR #107: "Thread Threshold Exceeded", not always a 429
	it.each([429, 500])(
		'resends a write refused by the thread limit with %i (it was not processed)',
		async (status) => {
			let n = 0;
			const { client, transport } = clientWith(() =>
				++n <= 2
					? fail(status, [
							'Thread Threshold Exceeded (Itgenatr005): the thread threshold of 3 threads has been exceeded.',
						])
					: ok({ itemId: 3 }),
			);
			await expect(client.create('Tickets', {})).resolves.toBe(3);
			expect(transport.calls).toHaveLength(3);
		},
	);
});

describe('retries of reads', () => {
	it('retries 429, 5xx and network errors with growing jittered backoff', async () => {
		const answers: Array<ReturnType<Responder>> = [
			fail(503, ['busy']),
			Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }),
			fail(429, ['Thread threshold exceeded']),
			ok({ item: { id: 1 } }),
		];
		const { client, transport, sleeps } = clientWith(() => answers.shift()!);
		await expect(client.get('Companies', 1)).resolves.toEqual({ id: 1 });
		expect(transport.calls).toHaveLength(4);
		expect(sleeps).toHaveLength(3);
		expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
		expect(sleeps[2]).toBeGreaterThan(sleeps[1]);
	});

	it('honours Retry-After', async () => {
		const answers = [fail(429, ['slow down'], { 'retry-after': '7' }), ok({ item: { id: 1 } })];
		const { client, sleeps } = clientWith(() => answers.shift()!);
		await client.get('Companies', 1);
		expect(sleeps[0]).toBe(7000);
	});

	it("gives up after the configured retries with Autotask's message", async () => {
		const { client, transport } = clientWith(() => fail(503, ['Service Unavailable']), {
			retry: { retries: 2 },
		});
		await expect(client.get('Companies', 1)).rejects.toThrow('Service Unavailable');
		expect(transport.calls).toHaveLength(3);
	});

	it('does not retry a read refused with a 500 and a reason (maxCountOfRecordsToReturn…)', async () => {
		const { client, transport } = clientWith(() =>
			fail(500, ['maxCountOfRecordsToReturn must be between 1 and 500']),
		);
		await expect(client.query('X', { filter: [] })).rejects.toMatchObject({
			status: 500,
			kind: 'refused',
		});
		expect(transport.calls).toHaveLength(1);
	});

	it('reports a network failure as AutotaskNetworkError after retries', async () => {
		const { client } = clientWith(
			() => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
			{ retry: { retries: 1 } },
		);
		await expect(client.get('Companies', 1)).rejects.toBeInstanceOf(AutotaskNetworkError);
	});

	it('does not retry a spent hourly budget and flags it', async () => {
		const { client, transport } = clientWith(() =>
			fail(429, [
				'The API request limit of 10000 requests per hour has been exceeded for this database.',
			]),
		);
		const error = await client.get('Companies', 1).catch((e) => e);
		expect(error).toBeInstanceOf(AutotaskApiError);
		expect(error.isBudget).toBe(true);
		expect(transport.calls).toHaveLength(1);
	});

	it('does not retry 4xx other than 429', async () => {
		const { client, transport } = clientWith(() => fail(401, ['Unauthorized']));
		await expect(client.query('X', { filter: [] })).rejects.toMatchObject({
			status: 401,
			errors: ['Unauthorized'],
		});
		expect(transport.calls).toHaveLength(1);
	});
});

describe('thread limit', () => {
	async function peakInFlight(max: number | undefined, endpoints: string[]) {
		let inFlight = 0;
		let peak = 0;
		const { client } = clientWith(
			async () => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((r) => setImmediate(r));
				await new Promise((r) => setImmediate(r));
				inFlight--;
				return ok({ item: { id: 1 } });
			},
			{ maxInFlightPerEndpoint: max },
		);
		await Promise.all(endpoints.map((e, i) => client.get(e, i)));
		return peak;
	}

	it('keeps at most 3 requests in flight per endpoint by default', async () => {
		expect(await peakInFlight(undefined, Array(12).fill('Tickets'))).toBe(3);
	});

	it('is configurable', async () => {
		expect(await peakInFlight(1, Array(6).fill('Tickets'))).toBe(1);
	});

	it('limits each endpoint separately', async () => {
		expect(
			await peakInFlight(2, [
				'Tickets',
				'Tickets',
				'Tickets',
				'Companies',
				'Companies',
				'Companies',
			]),
		).toBe(4);
	});

	// Autotask counts threads per tracking identifier (integration code) and endpoint, whichever
	// user sends them (developer help "Thread limiting"; msoukhomlinov/n8n-nodes-autotask PR #107).
	it('shares the limit between API users of one integration code, not between integration codes', async () => {
		const limiter = new KeyedLimiter();
		let inFlight = 0;
		let peak = 0;
		const slow = async () => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
			inFlight--;
			return ok({ item: { id: 1 } });
		};
		const as = (username: string, integrationCode: string) =>
			clientWith(slow, { limiter, credentials: { ...CREDS, username, integrationCode } }).client;
		const [a, b] = [as('one@x', 'CODE1'), as('two@x', 'CODE1')];
		await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? a : b).get('Tickets', i)));
		expect(peak).toBe(3);
		peak = 0;
		const [c, d] = [as('one@x', 'CODE1'), as('one@x', 'CODE2')];
		await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? c : d).get('Tickets', i)));
		expect(peak).toBe(6);
	});

	it('counts a child URL against the child entity (Tickets/12/Notes is TicketNotes)', () => {
		expect(endpointOf('Tickets/12/Notes')).toBe('TicketNotes');
		expect(endpointOf('Companies/3/Notes')).toBe('CompanyNotes');
		expect(endpointOf('Contracts/5/ServiceAdjustments')).toBe('ContractServiceAdjustments');
		expect(endpointOf('Tickets/query/next?paging=x')).toBe('Tickets');
		expect(endpointOf('Tickets/12')).toBe('Tickets');
		expect(endpointOf('Tickets/entityInformation/fields')).toBe('Tickets');
	});
});

describe('zone', () => {
	it('looks the zone up once per username and uses its URL', async () => {
		const zoneCache = new ZoneCache();
		const responder: Responder = (r) =>
			r.url.includes('zoneInformation')
				? ok({ zoneName: 'Zone 5', url: 'http://127.0.0.1:9/ATServicesRest/' })
				: ok({ item: { id: 1 } });
		const a = clientWith(responder, {
			credentials: { ...CREDS, zone: 'auto' },
			zoneCache,
			zoneLookupUrl: 'http://127.0.0.1:9/atservicesrest/v1.0/zoneInformation',
		});
		await a.client.get('Companies', 1);
		const b = clientWith(responder, {
			credentials: { ...CREDS, zone: 'auto' },
			zoneCache,
			zoneLookupUrl: 'http://127.0.0.1:9/atservicesrest/v1.0/zoneInformation',
		});
		await b.client.get('Companies', 1);
		expect(a.transport.calls[0].url).toBe(
			`http://127.0.0.1:9/atservicesrest/v1.0/zoneInformation?user=${encodeURIComponent(CREDS.username)}`,
		);
		expect(a.transport.calls[0].headers.Secret).toBeUndefined();
		expect(a.transport.calls[1].url).toBe('http://127.0.0.1:9/ATServicesRest/V1.0/Companies/1');
		expect(b.transport.calls.map((c) => c.url)).toEqual([
			'http://127.0.0.1:9/ATServicesRest/V1.0/Companies/1',
		]);
	});

	it('explains an unknown API user', async () => {
		const { client } = clientWith(() => ok({}), {
			credentials: { ...CREDS, zone: 'auto' },
			zoneLookupUrl: 'http://127.0.0.1:9/z',
		});
		await expect(client.baseUrl()).rejects.toThrow(/No Autotask zone was found for API user/);
	});

	it('accepts a non-Autotask URL only with the custom choice', async () => {
		const explicit = clientWith(() => ok({}), {
			credentials: { ...CREDS, zone: 'explicit', customUrl: 'http://127.0.0.1:9' },
		});
		await expect(explicit.client.baseUrl()).rejects.toThrow(/not an Autotask host.*Custom URL/);
		const zone = clientWith(() => ok({}), {
			credentials: {
				...CREDS,
				zone: 'explicit',
				customUrl: 'https://webservices5.autotask.net/atservicesrest/',
			},
		});
		await expect(zone.client.baseUrl()).resolves.toBe(
			'https://webservices5.autotask.net/atservicesrest/V1.0',
		);
		const custom = clientWith(() => ok({}), {
			credentials: { ...CREDS, zone: 'custom', customUrl: 'http://127.0.0.1:9/' },
		});
		await expect(custom.client.baseUrl()).resolves.toBe('http://127.0.0.1:9/ATServicesRest/V1.0');
	});
});

describe('picklists', () => {
	const fields = (labels: Array<[string, string]>) =>
		ok({
			fields: [
				{ name: 'id', isPickList: false },
				{
					name: 'queueID',
					isPickList: true,
					picklistValues: labels.map(([value, label], i) => ({
						value,
						label,
						isActive: true,
						isDefaultValue: false,
						sortOrder: i,
					})),
				},
			],
		});

	it('maps labels case-insensitively and caches the fields for a few minutes', async () => {
		let now = 1_000_000;
		const { client, transport } = clientWith(
			() =>
				fields([
					['29682833', 'Managed Services Alerts'],
					['5', 'Level I Support'],
				]),
			{
				now: () => now,
			},
		);
		await expect(
			client.picklistValue('Tickets', 'queueID', 'managed services ALERTS'),
		).resolves.toBe('29682833');
		await expect(client.picklistValue('Tickets', 'queueID', 'Level I Support')).resolves.toBe('5');
		expect(transport.calls).toHaveLength(1);
		now += 6 * 60 * 1000;
		await client.picklist('Tickets', 'queueID');
		expect(transport.calls).toHaveLength(2);
	});

	it('re-reads once when a label is missing, then names the field and the choices', async () => {
		const answers = [
			fields([['1', 'New']]),
			fields([
				['1', 'New'],
				['9', 'Awaiting Vendor'],
			]),
			fields([['1', 'New']]),
			fields([['1', 'New']]),
		];
		const { client, transport } = clientWith(() => answers.shift()!);
		await expect(client.picklistValue('Tickets', 'queueID', 'Awaiting Vendor')).resolves.toBe('9');
		expect(transport.calls).toHaveLength(2);
		await expect(client.picklistValue('Tickets', 'queueID', 'Nope')).rejects.toThrow(
			/"Nope" is not a Tickets queueID.*New/,
		);
	});

	it('shares one read between concurrent callers of the same entity', async () => {
		const { client, transport } = clientWith(() => fields([['7', 'Medium']]));
		const lists = await Promise.all([
			client.picklist('Tickets', 'queueID'),
			client.picklist('Tickets', 'queueID'),
			client.fields('Tickets'),
		]);
		expect(lists[0].valueOf('Medium')).toBe('7');
		expect(transport.calls).toHaveLength(1);
		await client.picklist('Tickets', 'queueID', true);
		expect(transport.calls).toHaveLength(2);
	});

	it('accepts a value id chosen from a list', async () => {
		const { client } = clientWith(() => fields([['7', 'Medium']]));
		await expect(client.picklistValue('Tickets', 'queueID', '7')).resolves.toBe('7');
	});
});

describe('request counter', () => {
	it('counts by method and route with ids folded', async () => {
		const counter = new RequestCounter();
		const { client } = clientWith(
			(r: HttpRequest) => (r.method === 'GET' ? ok({ item: { id: 1 } }) : ok({ itemId: 2 })),
			{ counter },
		);
		await client.get('Tickets', 12);
		await client.get('Tickets', 13);
		await client.create('Tickets/12/Notes', {});
		expect(counter.snapshot()).toEqual({
			total: 3,
			byRoute: { 'GET Tickets/{id}': 2, 'POST Tickets/{id}/Notes': 1 },
		});
	});
});

describe('lookup cache', () => {
	it('never answers a client with another secret from what a first client found (a wrong secret must reach Autotask)', async () => {
		const lookupCache = new LookupCache();
		const a = clientWith((r) => page([{ id: 7, companyName: 'A' }]), { lookupCache });
		const b = clientWith(() => fail(401, ['Unauthorized']), {
			lookupCache,
			credentials: { ...CREDS, secret: 'another-secret' },
		});
		await a.client.queryInCached('Companies', 'id', [7], {}, (c: any) => [String(c.id)]);
		await expect(
			b.client.queryInCached('Companies', 'id', [7], {}, (c: any) => [String(c.id)]),
		).rejects.toMatchObject({ status: 401 });
		const again = clientWith(() => fail(500, []), { lookupCache });
		await expect(
			again.client.queryInCached('Companies', 'id', [7], {}, (c: any) => [String(c.id)]),
		).resolves.toEqual([{ id: 7, companyName: 'A' }]);
		expect(again.transport.calls).toHaveLength(0);
	});
});
