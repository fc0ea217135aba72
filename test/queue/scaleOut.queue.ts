/**
 * Scale-out on n8n's own engine: n8n 2.41.1 in queue mode (Redis + Postgres from Debian's packages,
 * a main process answering the production webhooks, two `n8n worker` processes running the
 * executions) with the shipped templates, against the Autotask sandbox. Proves that concurrency
 * across workers opens no duplicate ticket and bills exactly, and that a fresh worker (nothing cached)
 * decides the same, because every decision is read from Autotask.
 * Needs `npm run build` first (npm run test:queue does it); installs redis-server/postgresql when missing (root).
 */
import { makeEvent } from '../../sandbox/simulator/events';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { generatedBdrCustomerId } from '../../sandbox/tenant/generated';
import { startQueueMode, type QueueMode, type QueueWorker } from '../../tools/n8n/queueMode';
import { sandboxCredentials } from '../../tools/n8n/server';
import {
	contractOf,
	countRoutes,
	nodeOutputs,
	openTickets,
	postAll,
	template,
	unitsToday,
	waitForNew,
	webhookPathOf,
	type FinishedExecution,
	type NodeOutput,
} from './support';

const SECRET = `queue-webhook-secret-${process.pid}-${Date.now().toString(36)}`;
const KEYS = 20;
const EVENTS_PER_KEY = 10;
const BILLING_CUSTOMERS = 40;

const ticketing = template('bdr-ticketing.json');
const billing = template('bdr-billing.json');
// Live billing (the template ships as a dry run); every execution's data kept so outcomes can be read back.
billing.nodes.find((n: any) => n.name === 'Sync Billing').parameters.dryRun = false;
for (const wf of [ticketing, billing])
	wf.settings = { ...wf.settings, saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' };

let sb: Sandbox;
let q: QueueMode;
let ticketingId: string;
let billingId: string;
const log = (line: string) => process.stderr.write(`[queue] ${line}\n`);

beforeAll(async () => {
	sb = await startSandbox({
		seed: BILLING_CUSTOMERS,
		port: 0,
		latencyMs: 20,
		hourlyBudget: 100_000,
	});
	q = await startQueueMode({
		workers: 2,
		credentials: sandboxCredentials(sb, SECRET),
		workflows: [ticketing, billing],
		log,
	});
	ticketingId = q.main.workflows.find((w) => w.name === ticketing.name)!.id;
	billingId = q.main.workflows.find((w) => w.name === billing.name)!.id;
});

afterAll(async () => {
	await q?.stop();
	await sb?.close();
});

const ticketingUrl = () => q.main.webhookUrl(webhookPathOf(ticketing));
const billingUrl = () => q.main.webhookUrl(webhookPathOf(billing));
const ranOn = (worker: QueueWorker, executions: FinishedExecution[]) =>
	executions.filter((e) => worker.executionIds().includes(e.id));
/** Executions already looked at (each test waits for the new ones only). */
const seen = new Set<string>();

/** A backup failure of customer k's file server (one alert key per customer); `at` orders the repeats. */
const failure = (k: number, at: number, kind: 'failure' | 'recovery' = 'failure') =>
	makeEvent({
		kind,
		customer: { id: generatedBdrCustomerId(k), name: `Generated Customer ${k}` },
		machine: 'FS01',
		occurredAt: new Date(Date.now() - 600_000 + at * 1000),
	});

/** A usage report whose units are whole numbers, so the expected units are the reported numbers. */
const usage = (k: number, bump = 0) =>
	makeEvent({
		kind: 'usage',
		customer: { id: generatedBdrCustomerId(k) },
		usage: {
			licenses: {
				appliance: 1 + (k % 2),
				server: 2 + (k % 3) + bump,
				workstation: 5 + k,
				virtual: k % 4,
			},
			storage: { unit: 'GB', local: 100 + 7 * k, offsite: 200 + 11 * k + bump },
		},
	});
const expectedUnits = (e: ReturnType<typeof usage>) => {
	const u = e.usage as any;
	return [
		u.licenses.appliance,
		u.licenses.server,
		u.licenses.workstation,
		u.licenses.virtual,
		u.storage.local,
		u.storage.offsite,
	];
};

/** Ids of the tickets that stay open per customer, filled by the ticketing test and used by the cold-worker test. */
const survivors = new Map<number, number>();
const customerOfEvent = new Map<string, number>();

describe('n8n queue mode: main + 2 workers on Redis and Postgres', () => {
	it('runs in queue mode: the main reports executionMode "queue" and both workers are up', async () => {
		const settings = await q.main.restClient.request<{ executionMode: string }>('GET', '/settings');
		expect(settings.executionMode).toBe('queue');
		expect(q.workers).toHaveLength(2);
		for (const w of q.workers) expect(w.exited()).toBeUndefined();
	});

	it('200 events for 20 keys, posted concurrently, leave exactly 20 open tickets; every event has an outcome; both workers ran executions', async () => {
		const events = [];
		for (let j = 0; j < EVENTS_PER_KEY; j++) {
			for (let k = 1; k <= KEYS; k++) {
				const e = failure(k, j);
				customerOfEvent.set(String(e.eventId), k);
				events.push(e);
			}
		}
		sb.resetCounts();
		const statuses = await postAll(
			ticketingUrl(),
			SECRET,
			events.map((e) => [e]),
		);
		expect(statuses.filter((s) => s !== 202)).toEqual([]);

		const executions = await waitForNew(q, ticketingId, events.length, seen);
		expect(executions).toHaveLength(events.length);
		expect(executions.filter((e) => e.status !== 'success').map((e) => e.id)).toEqual([]);

		const outputs = nodeOutputs(executions, 'Open or Close Ticket');
		expect(outputs.map((o) => o.json.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
		const byCustomer = new Map<number, NodeOutput[]>();
		for (const o of outputs)
			byCustomer.set(customerOfEvent.get(o.json.eventId)!, [
				...(byCustomer.get(customerOfEvent.get(o.json.eventId)!) ?? []),
				o,
			]);

		const open = openTickets(sb);
		expect(open).toHaveLength(KEYS);
		expect(new Set(open.map((t) => t.externalID)).size).toBe(KEYS);
		const notes = sb.store.all('TicketNotes');
		for (const [k, items] of byCustomer) {
			const keys = new Set(items.map((o) => o.json.alertKey));
			expect(keys.size).toBe(1);
			const ticket = open.find((t) => t.externalID === items[0].json.alertKey)!;
			expect(ticket).toBeDefined();
			survivors.set(k, ticket.id);
			// every event of the key ends on the one open ticket: one created it, the others are notes on it
			expect(items.map((o) => o.json.outcome).sort()).toEqual([
				'created',
				...Array(EVENTS_PER_KEY - 1).fill('noted'),
			]);
			expect(new Set(items.map((o) => o.json.ticketId))).toEqual(new Set([ticket.id]));
			expect(notes.filter((n) => n.ticketID === ticket.id)).toHaveLength(EVENTS_PER_KEY - 1);
		}
		expect(byCustomer.size).toBe(KEYS);
		// a twin two workers created at the same instant is closed, pointing at the ticket that stays open
		for (const twin of sb.store.all('Tickets').filter((t) => t.status === 5)) {
			const kept = open.find((t) => t.externalID === twin.externalID)!;
			expect(kept.id).toBeLessThan(twin.id);
			expect(notes.filter((n) => n.ticketID === twin.id).map((n) => n.description)).toContainEqual(
				expect.stringContaining(`id ${kept.id})`),
			);
		}

		const [w1, w2] = q.workers;
		expect(ranOn(w1, executions).length).toBeGreaterThan(0);
		expect(ranOn(w2, executions).length).toBeGreaterThan(0);
		expect(ranOn(w1, executions).length + ranOn(w2, executions).length).toBe(executions.length);
		const twins = sb.store.all('Tickets').length - KEYS;
		const calls = sb.counts().total;
		const throttled = sb.requestLog().filter((r) => r.status === 429).length;
		log(
			`ticketing: ${events.length} events → ${KEYS} open tickets; worker-1 ran ${ranOn(w1, executions).length}, worker-2 ${ranOn(w2, executions).length} executions; ` +
				`${twins} concurrent twin(s) created and closed; ${calls} Autotask requests (${(calls / events.length).toFixed(1)} per event), ${throttled} answered 429 (thread limit)`,
		);
	});

	it('a billing sync split across workers (one request per customer, all at once) converges to exact units with one adjustment per change and one note per contract; the same reports again write nothing', async () => {
		const reports = Array.from({ length: BILLING_CUSTOMERS }, (_, i) => usage(i + 1));
		const contracts = reports.map((_, i) => contractOf(sb, generatedBdrCustomerId(i + 1)));
		const before = contracts.map((c) => unitsToday(sb, c));
		const changedServices = reports.map(
			(r, i) => expectedUnits(r).filter((u, s) => u !== before[i][s]).length,
		);
		expect(changedServices.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		const adjustmentsBefore = sb.store.all('ContractServiceAdjustments').length;

		const statuses = await postAll(
			billingUrl(),
			SECRET,
			reports.map((r) => [r]),
		);
		expect(statuses.filter((s) => s !== 202)).toEqual([]);
		const executions = await waitForNew(q, billingId, reports.length, seen);
		expect(executions).toHaveLength(reports.length);
		expect(executions.filter((e) => e.status !== 'success').map((e) => e.id)).toEqual([]);

		contracts.forEach((c, i) =>
			expect({ customer: i + 1, units: unitsToday(sb, c) }).toEqual({
				customer: i + 1,
				units: expectedUnits(reports[i]),
			}),
		);
		const adjustments = sb.store.all('ContractServiceAdjustments').slice(adjustmentsBefore);
		expect(adjustments).toHaveLength(changedServices.reduce((a, b) => a + b, 0));
		expect(new Set(adjustments.map((a) => `${a.contractID}/${a.serviceID}`)).size).toBe(
			adjustments.length,
		);
		contracts.forEach((c, i) =>
			expect(sb.store.all('ContractNotes').filter((n) => n.contractID === c)).toHaveLength(
				changedServices[i] ? 1 : 0,
			),
		);

		const outputs = nodeOutputs(executions, 'Sync Billing');
		expect(outputs.flatMap((o) => o.json.sourceEventIds).sort()).toEqual(
			reports.map((r) => r.eventId).sort(),
		);
		for (const o of outputs)
			expect(o.json.outcome).toBe(
				changedServices[contracts.indexOf(o.json.contractId)] ? 'updated' : 'unchanged',
			);
		const [w1, w2] = q.workers;
		expect(ranOn(w1, executions).length).toBeGreaterThan(0);
		expect(ranOn(w2, executions).length).toBeGreaterThan(0);
		log(
			`billing: ${reports.length} customers, ${adjustments.length} adjustments; worker-1 ran ${ranOn(w1, executions).length}, worker-2 ${ranOn(w2, executions).length} executions`,
		);

		// the same reports again, all at once: nothing left to write
		const notesBefore = sb.store.all('ContractNotes').length;
		await postAll(
			billingUrl(),
			SECRET,
			reports.map((r) => [{ ...r, eventId: `${r.eventId}-again` }]),
		);
		const again = await waitForNew(q, billingId, reports.length, seen);
		expect(again.filter((e) => e.status !== 'success').map((e) => e.id)).toEqual([]);
		expect(nodeOutputs(again, 'Sync Billing').map((o) => o.json.outcome)).toEqual(
			Array(reports.length).fill('unchanged'),
		);
		expect(sb.store.all('ContractServiceAdjustments').length).toBe(
			adjustmentsBefore + adjustments.length,
		);
		expect(sb.store.all('ContractNotes').length).toBe(notesBefore);
	});

	it("the same report delivered twice at once (a device re-sending) ends exact: the later execution sets the units to the earlier note's targets and marks its note superseded", async () => {
		// Customers 1-5 only, with a bump the fresh-worker test below changes again (it expects them updated).
		const reports = Array.from({ length: 5 }, (_, i) => usage(i + 1, 1));
		const contracts = reports.map((_, i) => contractOf(sb, generatedBdrCustomerId(i + 1)));
		const notesBefore = new Set(sb.store.all('ContractNotes').map((n) => n.id));
		// At 20 ms a sync is over before the second delivery's execution starts on the other worker; a
		// slower Autotask (300 ms per request, as under load) makes the two overlap, as in production.
		const latency = async (latencyMs: number) =>
			expect(
				(
					await fetch(`${sb.adminUrl}/settings`, {
						method: 'PUT',
						body: JSON.stringify({ latencyMs }),
					})
				).status,
			).toBe(200);
		await latency(300);
		let executions: FinishedExecution[] = [];
		try {
			const statuses = await postAll(
				billingUrl(),
				SECRET,
				reports.flatMap((r) => [[r], [{ ...r, eventId: `${r.eventId}-resent` }]]),
			);
			expect(statuses.filter((s) => s !== 202)).toEqual([]);
			executions = await waitForNew(q, billingId, reports.length * 2, seen);
		} finally {
			await latency(20);
		}
		expect(executions.filter((e) => e.status !== 'success').map((e) => e.id)).toEqual([]);

		contracts.forEach((c, i) =>
			expect({ customer: i + 1, units: unitsToday(sb, c) }).toEqual({
				customer: i + 1,
				units: expectedUnits(reports[i]),
			}),
		);
		const reasons = nodeOutputs(executions, 'Sync Billing').map((o) => o.json.reason as string);
		expect(
			reasons.filter(
				(r) => !['units-changed', 'concurrent-sync-corrected', 'units-match'].includes(r),
			),
		).toEqual([]);
		let raced = 0;
		for (const c of contracts) {
			const notes = sb.store
				.all('ContractNotes')
				.filter((n) => n.contractID === c && !notesBefore.has(n.id));
			expect(notes.filter((n) => !String(n.title).startsWith('Superseded: '))).toHaveLength(1);
			if (notes.length > 1) raced++;
		}
		expect(raced).toBeGreaterThan(0); // the two deliveries did overlap (else this case proves nothing)
		expect(reasons.filter((r) => r === 'concurrent-sync-corrected')).toHaveLength(raced);
		log(
			`same report twice at once, 5 customers: ${raced} contract(s) synced by both executions at once, corrected to exact units`,
		);
	});

	it('a fresh worker (new process, empty caches) carries on from what Autotask holds: repeats note the same tickets, OKs close them, billing stays exact', async () => {
		expect(survivors.size).toBe(KEYS);
		const [w1, w2] = q.workers;
		await w1.stop();
		await w2.stop();
		const cold = await q.addWorker();
		sb.resetCounts();
		const ticketCount = sb.store.all('Tickets').length;

		// one more failure per key: noted on the ticket opened before, found in Autotask (not in any memory)
		const repeats = Array.from({ length: KEYS }, (_, i) => failure(i + 1, EVENTS_PER_KEY + 1));
		expect(
			(
				await postAll(
					ticketingUrl(),
					SECRET,
					repeats.map((e) => [e]),
				)
			).filter((s) => s !== 202),
		).toEqual([]);
		let executions = await waitForNew(q, ticketingId, KEYS, seen);
		const noted = nodeOutputs(executions, 'Open or Close Ticket');
		expect(noted).toHaveLength(KEYS);
		for (const o of noted) {
			const k = repeats.findIndex((e) => e.eventId === o.json.eventId) + 1;
			expect({ k, outcome: o.json.outcome, ticketId: o.json.ticketId }).toEqual({
				k,
				outcome: 'noted',
				ticketId: survivors.get(k),
			});
		}
		expect(sb.store.all('Tickets')).toHaveLength(ticketCount);
		expect(ranOn(cold, executions)).toHaveLength(executions.length);

		// OK for half the keys: those tickets close with the Complete status
		const oks = Array.from({ length: KEYS / 2 }, (_, i) =>
			failure(i + 1, EVENTS_PER_KEY + 2, 'recovery'),
		);
		await postAll(
			ticketingUrl(),
			SECRET,
			oks.map((e) => [e]),
		);
		executions = await waitForNew(q, ticketingId, oks.length, seen);
		const closed = nodeOutputs(executions, 'Open or Close Ticket');
		expect(closed.map((o) => o.json.outcome)).toEqual(Array(oks.length).fill('closed'));
		expect(
			openTickets(sb)
				.map((t) => t.id)
				.sort(),
		).toEqual(
			[...survivors]
				.filter(([k]) => k > KEYS / 2)
				.map(([, id]) => id)
				.sort(),
		);
		expect(ranOn(cold, executions)).toHaveLength(executions.length);

		// billing: five customers changed, the rest as before
		const reports = Array.from({ length: BILLING_CUSTOMERS }, (_, i) =>
			usage(i + 1, i < 5 ? 3 : 0),
		);
		await postAll(
			billingUrl(),
			SECRET,
			reports.map((r) => [r]),
		);
		const billed = await waitForNew(q, billingId, reports.length, seen);
		expect(billed.filter((e) => e.status !== 'success').map((e) => e.id)).toEqual([]);
		reports.forEach((r, i) =>
			expect({
				customer: i + 1,
				units: unitsToday(sb, contractOf(sb, generatedBdrCustomerId(i + 1))),
			}).toEqual({ customer: i + 1, units: expectedUnits(r) }),
		);
		const outcomes = nodeOutputs(billed, 'Sync Billing').map((o) => o.json.outcome);
		expect(outcomes.filter((o) => o === 'updated')).toHaveLength(5);
		expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(BILLING_CUSTOMERS - 5);
		expect(ranOn(cold, billed)).toHaveLength(billed.length);

		// the new worker had nothing cached: it read the picklists it needed from Autotask itself
		expect(countRoutes(sb, /entityInformation\/fields/)).toBeGreaterThan(0);
		log(
			`cold worker: ${KEYS} repeats noted on the existing tickets, ${oks.length} closed, 5 contracts re-billed; ${countRoutes(sb, /entityInformation\/fields/)} picklist reads`,
		);
	});
});
