/**
 * Issue #11: each fact about real Autotask tenants that the client and the sandbox once misread
 * together, held against the sandbox (which now answers as the public record says), one test per
 * fact, its source named. The sandbox's own side of each fact is in test/sandbox/; an independent
 * client's run is in docs/autotask-conformance.md. Facts held through the nodes rather than the client:
 * 3 (due date: a ticket is created on a tenant whose categories supply none) in
 * test/nodes/openOrCloseTicket.test.ts "on tenants with ticket rules" and test/workflows/ticketing.test.ts
 * (the shipped template on the demo tenant); 6 (credential test per zone) in test/nodes/autotaskCredential.test.ts.
 */
import { AutotaskClient } from '../../nodes/autotask/client';
import { AutotaskApiError } from '../../nodes/autotask/errors';
import { KeyedLimiter } from '../../nodes/autotask/limiter';
import { FieldsCache } from '../../nodes/autotask/picklists';
import { ZoneCache } from '../../nodes/autotask/zone';
import type { AutotaskCredentials } from '../../nodes/autotask/types';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { axiosTransport } from '../../tools/axiosTransport';

const sandboxes: Sandbox[] = [];
afterAll(() => Promise.all(sandboxes.map((s) => s.close())));

async function sandbox(options: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
	const sb = await startSandbox({ port: 0, ...options });
	sandboxes.push(sb);
	return sb;
}

function clientFor(
	sb: Sandbox,
	credentials: Partial<AutotaskCredentials> = {},
	limiter = new KeyedLimiter(),
): AutotaskClient {
	return new AutotaskClient({
		credentials: { ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl, ...credentials },
		transport: axiosTransport(),
		limiter,
		zoneCache: new ZoneCache(),
		fieldsCache: new FieldsCache(),
		sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
	});
}

const routes = (sb: Sandbox) => sb.counts().byRoute as Record<string, number>;

describe('1. paging: POST the query body to nextPageUrl (WYRE-AI/autotask-mcp PR #170; a GET there answers 405)', () => {
	it('reads a 1,200-company tenant to the last row, every next page by POST', async () => {
		const sb = await sandbox({ seed: 1200 });
		const companies = await clientFor(sb).query('Companies', {
			filter: [],
			includeFields: ['companyName'],
		});
		expect(companies).toHaveLength(sb.store.all('Companies').length);
		expect(new Set(companies.map((c) => c.id)).size).toBe(companies.length);
		expect(routes(sb)).toMatchObject({ 'POST Companies/query': 1, 'POST Companies/query/next': 2 });
		expect(routes(sb)['GET Companies/query/next']).toBeUndefined();
	});
});

describe('2. refusals come as HTTP 500 with errors[] (autotask-mcp PR #288, KelvinTegelaar/AutotaskAPI#74)', () => {
	it("a refused write is sent once and reported with Autotask's own text", async () => {
		const sb = await sandbox({ seed: 'demo' });
		const queue = (sb.store as any).picklists['Tickets.queueID'].find(
			(v: { label: string }) => v.label === 'Managed Services Alerts',
		).value;
		// a valid ticket but for dueDateTime, which the demo tenant's categories do not supply
		const error = await clientFor(sb)
			.create('Tickets', {
				companyID: 0,
				title: 'x',
				status: 1,
				priority: 6,
				queueID: Number(queue),
			})
			.catch((e) => e);
		expect(error).toBeInstanceOf(AutotaskApiError);
		expect(error).toMatchObject({ status: 500, kind: 'refused' });
		expect(error.errors.join('; ')).toContain('dueDateTime is required.');
		expect(routes(sb)['POST Tickets']).toBe(1);
		expect(sb.store.all('Tickets')).toHaveLength(0);
	});

	it('a refused read is not retried either (maxCountOfRecordsToReturn must be between 1 and 500)', async () => {
		const sb = await sandbox({ seed: 'empty' });
		const error = await clientFor(sb)
			.query('Companies', { filter: [], maxRecords: 0 })
			.catch((e) => e);
		// maxRecords 0 sends MaxRecords 0, outside 1..500
		expect(error).toMatchObject({
			status: 500,
			kind: 'refused',
			errors: ['maxCountOfRecordsToReturn must be between 1 and 500'],
		});
		expect(routes(sb)['POST Companies/query']).toBe(1);
	});

	it('an injected 500 without a body stays transient: the read is retried and succeeds', async () => {
		const sb = await sandbox({ seed: 'empty' });
		sb.setRouteFault('POST Companies/query', { status: 500, times: 1 });
		await expect(clientFor(sb).query('Companies', { filter: [] })).resolves.toEqual(
			expect.any(Array),
		);
		expect(routes(sb)['POST Companies/query']).toBe(2);
	});
});

describe('3. thread limit: 3 per endpoint per integration code, whichever user (Autotask "Thread limiting"; msoukhomlinov/n8n-nodes-autotask PR #107)', () => {
	it('absorbs "Thread Threshold Exceeded" caused by a second process sharing the integration code', async () => {
		const sb = await sandbox({
			seed: 40,
			latencyMs: 30,
			extraUsers: [{ username: 'other-tool@msp.example', secret: 'other-secret' }],
		});
		// the other process: its own user, the same integration code, its own limiter (another n8n or tool),
		// a burst of 3 × 8 reads; ours overlaps it with its real backoff (shortened), not a busy loop
		const other = clientFor(sb, { username: 'other-tool@msp.example', secret: 'other-secret' });
		const noise = Promise.all(
			[0, 1, 2].map(async () => {
				for (let i = 0; i < 8; i++)
					await other.query('Companies', { filter: [], maxRecords: 5 }).catch(() => undefined);
			}),
		);
		const ours = new AutotaskClient({
			credentials: { ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl },
			transport: axiosTransport(),
			limiter: new KeyedLimiter(),
			zoneCache: new ZoneCache(),
			fieldsCache: new FieldsCache(),
			retry: { baseDelayMs: 50, maxDelayMs: 500 },
		});
		const reads = await Promise.all(
			Array.from({ length: 12 }, () => ours.query('Companies', { filter: [], maxRecords: 5 })),
		);
		await noise;
		expect(reads.every((r) => r.length === 5)).toBe(true);
		const refusals = sb
			.requestLog()
			.filter((r) => r.route === 'POST Companies/query' && r.status === 500);
		expect(refusals.length).toBeGreaterThan(0); // the limit really was hit, and absorbed
	});

	it('does not count the zone lookup (zoneInformation is not thread-limited)', async () => {
		const sb = await sandbox({ seed: 'empty', threadLimit: 1, latencyMs: 50 });
		const lookups = await Promise.all(
			[0, 1, 2, 3].map(() =>
				fetch(
					`${sb.baseUrl}/zoneInformation?user=${encodeURIComponent(sb.credentials.username)}`,
				).then((r) => r.status),
			),
		);
		expect(lookups).toEqual([200, 200, 200, 200]);
	});
});

describe('5. smaller points', () => {
	it('reads the capital-M Message of a route-level 405 (autotask-mcp #9, Anteris-Dev/autotask-client#12)', async () => {
		const sb = await sandbox({ seed: 'empty' });
		const error = await clientFor(sb)
			.update('ContractServiceUnits', { id: 1 })
			.catch((e) => e); // query-only entity
		expect(error).toBeInstanceOf(AutotaskApiError);
		expect(error.status).toBe(405);
		expect(error.errors[0]).toMatch(/does not support http method/i);
	});

	// `udf: true` is documented on single conditions, not on `in`: the client sends an or of udf eq items
	it('finds companies by a user-defined field value list with the documented udf form', async () => {
		const sb = await sandbox({ seed: 'demo' });
		const found = await clientFor(sb).queryIn(
			'Companies',
			'BDR Customer ID',
			['bdr-cust-001', 'bdr-cust-002', 'nobody'],
			{ udf: true },
		);
		expect(found.map((c) => c.companyName).sort()).toEqual(['ACME Insurance', 'Bluebird Dental']);
	});

	it('creates TicketNotes only through the child URL (autotask-mcp #24)', async () => {
		const sb = await sandbox({ seed: 'demo' });
		const error = await clientFor(sb)
			.create('TicketNotes', { ticketID: 1, description: 'x' })
			.catch((e) => e);
		expect(error).toMatchObject({ status: 404, kind: 'refused' });
	});
});
