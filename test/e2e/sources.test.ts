/**
 * Issue #12's scenario through a real n8n 2.x against both stand-ins: the shipped x360Recover templates
 * (workflows/x360recover-tickets.json and x360recover-billing.json), then the same for Datto BCDR
 * (workflows/datto-tickets.json, datto-billing.json, the Datto stand-in sandbox/datto) in the same n8n,
 * each imported with one change made here: its Schedule Trigger replaced by n8n's Webhook node, so the test runs a poll on demand and waits
 * for that execution to finish; and, in the billing copy, Sync Billing's Dry Run turned off.
 *
 * The x360Recover stand-in (sandbox/x360recover) is changed through its admin API; the Autotask state is
 * read from the Autotask sandbox's store (tickets, their status, Resolution and notes) and its own unit
 * model (unitsOn), never through product code. Expected usage is computed from the stand-in's own model.
 * Each step logs the calls it cost on both stand-ins (their counters, reset before the step).
 * Needs `npm run build` first.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { DATTO_DEMO } from '../../sandbox/datto/seeds';
import type { ExecutionDetail } from '../../tools/n8n/rest';
import { ensureRuntime } from '../../tools/n8n/runtime';
import { sandboxCredentials, startN8n, type N8nServer } from '../../tools/n8n/server';
import { importTemplates } from '../../tools/n8n/templates';
import { finishedExecution, nodeItems, settledExecutions, template } from './e2eHelpers';
import {
	adminPost,
	contractOfCompany,
	dattoCredential,
	dattoExpectedUnits,
	unitsToday,
	writesOf,
	x360ExpectedUnits,
} from '../harness/sourceStandIns';

const SECRET = 'e2e-sources-webhook-secret-5f2a9c81';
const STATUS_COMPLETE = 5;
const TICKET_NODE = 'Open or Close Ticket';

type Json = Record<string, any>;

/** A copy of a template whose Schedule Trigger is n8n's Webhook node (POST `path`), same connections. */
function onDemand(json: Json, path: string, change: (node: Json) => Json = (n) => n): Json {
	const schedule = json.nodes.find((n: Json) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`template "${json.name}" has no Schedule Trigger`);
	const name = 'Poll now (e2e webhook)';
	const webhook = {
		parameters: { httpMethod: 'POST', path, options: {} },
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: schedule.position,
		webhookId: path,
	};
	const connections = { ...json.connections, [name]: json.connections[schedule.name] };
	delete connections[schedule.name];
	return {
		...json,
		name: `${json.name} (e2e, on demand)`,
		nodes: json.nodes.map((n: Json) => (n === schedule ? webhook : change(n))),
		connections,
	};
}

const x360Tickets = onDemand(template('x360recover-tickets.json'), 'e2e-x360-tickets');
const x360Billing = onDemand(template('x360recover-billing.json'), 'e2e-x360-billing', (n) =>
	n.name === 'Sync Billing' ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
);
const dattoTickets = onDemand(template('datto-tickets.json'), 'e2e-datto-tickets');
const dattoBilling = onDemand(template('datto-billing.json'), 'e2e-datto-billing', (n) =>
	n.name === 'Sync Billing' ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
);
const health = template('bdr-connector-health.json');

interface Flow {
	id: string;
	url: string;
	runs: number;
	/** The source stand-in the flow polls (its counter). */
	source: { counts(): { total: number; byRoute: Record<string, number> }; resetCounts(): void };
}

let sb: Sandbox;
let x360: X360Recover;
let datto: DattoStandIn;
let server: N8nServer;
const flows: Record<'x360Tickets' | 'x360Billing' | 'dattoTickets' | 'dattoBilling', Flow> =
	{} as any;
const costs: Array<{
	step: string;
	source: number;
	autotask: number;
	writes: number;
	ms: number;
	sourceByRoute: Json;
	autotaskByRoute: Json;
}> = [];

beforeAll(async () => {
	const runtime = await ensureRuntime();
	[sb, x360, datto] = await Promise.all([
		startSandbox({ seed: 'demo', port: 0 }),
		startX360Recover({ port: 0, seed: 'demo' }),
		startDatto({ port: 0, seed: 'demo' }),
	]);
	const dattoStandIn = {
		name: 'Datto BCDR (stand-in)',
		type: 'bdrDattoBcdrApi',
		data: dattoCredential(datto),
	};
	server = await startN8n({
		runtime,
		credentials: [...sandboxCredentials(sb, SECRET, x360), dattoStandIn],
	});
	const imported = await importTemplates(server, [
		x360Tickets,
		x360Billing,
		dattoTickets,
		dattoBilling,
		health,
	]);
	const flow = (json: Json, path: string, source: Flow['source']): Flow => ({
		id: imported.byName(json.name).id,
		url: server.webhookUrl(path),
		runs: 0,
		source,
	});
	flows.x360Tickets = flow(x360Tickets, 'e2e-x360-tickets', x360);
	flows.x360Billing = flow(x360Billing, 'e2e-x360-billing', x360);
	flows.dattoTickets = flow(dattoTickets, 'e2e-datto-tickets', datto);
	flows.dattoBilling = flow(dattoBilling, 'e2e-datto-billing', datto);
	process.stderr.write(`[e2e sources] n8n ready in ${server.startMs} ms at ${server.url}\n`);
});

afterAll(async () => {
	if (costs.length) {
		const lines = costs.map(
			(c) =>
				`  ${c.step.padEnd(50)} source ${String(c.source).padStart(3)}  Autotask ${String(c.autotask).padStart(4)} (writes ${String(c.writes).padStart(2)})  ${(c.ms / 1000).toFixed(1).padStart(5)} s\n` +
				`    source ${JSON.stringify(c.sourceByRoute)}\n    Autotask ${JSON.stringify(c.autotaskByRoute)}`,
		);
		process.stderr.write(
			`[e2e sources] calls per step (both stand-ins' counters):\n${lines.join('\n')}\n`,
		);
	}
	await server?.stop();
	await Promise.all([sb?.close(), x360?.close(), datto?.close()]);
});

// ---------------------------------------------------------------------------------------------

/** Runs one poll of a flow through its webhook, waits for that execution to finish, records the calls it cost. */
async function run(
	flowKey: keyof typeof flows,
	step: string,
): Promise<{ detail: ExecutionDetail; writes: number }> {
	const flow = flows[flowKey];
	sb.resetCounts();
	flow.source.resetCounts();
	const started = Date.now();
	const res = await fetch(flow.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ step }),
	});
	expect(res.status).toBe(200);
	await res.text();
	flow.runs++;
	const [latest] = await settledExecutions(server.restClient, flow.id, flow.runs, 180_000);
	const detail = await finishedExecution(server.restClient, latest.id);
	const ms = Date.now() - started;
	const autotask = sb.counts();
	const source = flow.source.counts();
	const writes = writesOf(autotask.byRoute);
	costs.push({
		step,
		source: source.total,
		autotask: autotask.total,
		writes,
		ms,
		sourceByRoute: source.byRoute,
		autotaskByRoute: autotask.byRoute,
	});
	if (detail.status !== 'success')
		throw new Error(
			`${step}: execution ${latest.id} ended ${detail.status}: ${JSON.stringify(detail.data?.resultData?.error ?? null).slice(0, 2000)}`,
		);
	return { detail, writes };
}

const acted = (detail: ExecutionDetail) =>
	nodeItems(detail, TICKET_NODE).filter((o) => !['ignored', 'skipped'].includes(o.outcome));
const units = (contractId: number) => unitsToday(sb, contractId);

/** Issue #12's ticket scenario for one source: its poll, its way to break a record and to mend it, and the names of its steps. */
interface TicketScenario {
	flow: 'x360Tickets' | 'dattoTickets';
	/** The step labels' prefix ("x360 tickets"). */
	label: string;
	healthNode: string;
	companyId: () => number;
	/** What the ticket title names (the system or agent). */
	recordName: () => string;
	breakIt: () => Promise<unknown>;
	mendIt: () => Promise<unknown>;
	names: {
		fails: string;
		failingStep: string;
		staysFailing: string;
		stillStep: string;
		recovers: string;
		recoveredStep: string;
	};
}

/** Healthy poll, one failure opens one ticket, 3 more polls add nothing, the recovery closes it. */
function ticketScenario(s: TicketScenario): void {
	let baseline: Set<number>;
	let ticketId: number;
	const newTickets = () => sb.store.all('Tickets').filter((t) => !baseline.has(t.id));
	const notesOf = (id: number) => sb.store.all('TicketNotes').filter((n) => n.ticketID === id);

	it('a healthy tenant: the poll opens no ticket and writes nothing to Autotask', async () => {
		baseline = new Set(sb.store.all('Tickets').map((t) => t.id));
		const { detail, writes } = await run(s.flow, `${s.label}: poll, all healthy`);
		expect(nodeItems(detail, s.healthNode).every((e) => e.severity === 'ok')).toBe(true);
		expect(nodeItems(detail, TICKET_NODE).length).toBeGreaterThan(0);
		expect(acted(detail)).toEqual([]);
		expect(newTickets()).toEqual([]);
		expect(writes).toBe(0);
	});

	it(s.names.fails, async () => {
		await s.breakIt();
		const { detail } = await run(s.flow, `${s.label}: poll, ${s.names.failingStep}`);
		const opened = newTickets();
		expect(opened).toHaveLength(1);
		expect(opened[0].companyID).toBe(s.companyId());
		expect(opened[0].status).not.toBe(STATUS_COMPLETE);
		expect(opened[0].title).toContain(s.recordName());
		ticketId = opened[0].id;
		// the node's output, second witness
		expect(acted(detail)).toMatchObject([{ outcome: 'created', ticketId }]);
	});

	it(s.names.staysFailing, async () => {
		const notes = notesOf(ticketId).length;
		for (let i = 1; i <= 3; i++) {
			const { detail, writes } = await run(
				s.flow,
				`${s.label}: poll ${i} of 3, still ${s.names.stillStep}`,
			);
			expect(newTickets().map((t) => [t.id, t.status !== STATUS_COMPLETE])).toEqual([
				[ticketId, true],
			]);
			expect(
				notesOf(ticketId).filter((n) => /Repeated/i.test(`${n.title} ${n.description}`)),
			).toEqual([]);
			expect(notesOf(ticketId)).toHaveLength(notes);
			expect(acted(detail).every((o) => o.ticketId === ticketId && o.outcome !== 'created')).toBe(
				true,
			);
			expect(writes).toBe(0);
		}
	});

	it(s.names.recovers, async () => {
		await s.mendIt();
		const { detail } = await run(s.flow, `${s.label}: poll, ${s.names.recoveredStep}`);
		const ticket = sb.store.get('Tickets', ticketId)!;
		expect(ticket.status).toBe(STATUS_COMPLETE);
		expect(typeof ticket.resolution === 'string' && ticket.resolution.trim().length > 0).toBe(true);
		expect(newTickets()).toHaveLength(1);
		expect(acted(detail)).toMatchObject([{ outcome: 'closed', ticketId }]);
	});
}

/** Issue #12's billing scenario for one source (Dry Run off): one client's usage changed lands exactly, a second run writes nothing. */
interface BillingScenario {
	flow: 'x360Billing' | 'dattoBilling';
	label: string;
	/** "client", "organization": in the step names. */
	clientWord: string;
	changeUsage: () => Promise<unknown>;
	/** The changed client's contract, and what the stand-in's model says it uses. */
	changed: () => { contract: number; expected: number[] };
	/** Every client of the seed: name, contract, what the model says it uses. */
	everyClient: () => Array<{ name: string; contract: number; expected: number[] }>;
}

function billingScenario(name: string, s: BillingScenario): void {
	it(name, async () => {
		await s.changeUsage();
		const { contract, expected: want } = s.changed();
		expect(units(contract)).not.toEqual(want);

		const { detail, writes } = await run(s.flow, `${s.label}: run, one ${s.clientWord} changed`);
		expect(units(contract)).toEqual(want);
		for (const c of s.everyClient())
			expect([c.name, units(c.contract)]).toEqual([c.name, c.expected]);
		expect(writes).toBeGreaterThan(0);
		expect(
			nodeItems(detail, 'Sync Billing')
				.filter((o) => o.outcome !== 'unchanged')
				.map((o) => [o.contractId, o.outcome]),
		).toEqual([[contract, 'updated']]);

		const again = await run(s.flow, `${s.label}: run again, nothing changed`);
		expect(again.writes).toBe(0);
		expect(units(contract)).toEqual(want);
	});
}

describe('x360Recover through a real n8n (both stand-ins)', () => {
	const acme = X360_DEMO.clients.find((c) => c.name === 'ACME Insurance')!;
	const bluebird = X360_DEMO.clients.find((c) => c.name === 'Bluebird Dental')!;
	const server1 = () =>
		x360.model.devices.find((d) => d.clientId === acme.clientId && d.type === 'SERVER')!;
	const admin = (path: string, body: unknown) => adminPost(x360.adminUrl, path, body);

	ticketScenario({
		flow: 'x360Tickets',
		label: 'x360 tickets',
		healthNode: 'x360Recover — Device Health',
		companyId: () => acme.autotaskCompanyId,
		recordName: () => server1().name,
		breakIt: async () => {
			await admin(`/device/${server1().id}/restore-point-age`, { localMinutes: 180 });
			await admin(`/device/${server1().id}/health`, {
				status: 'TROUBLED',
				reason: 'BACKUP_FAILED',
				message: 'VSS snapshot could not be created',
			});
		},
		mendIt: () => admin(`/device/${server1().id}/health`, { status: 'NORMAL' }),
		names: {
			fails: 'a system turning TROUBLED opens exactly one ticket on its company',
			staysFailing:
				'staying TROUBLED over 3 more polls: still one ticket, no "Repeated" note, no Autotask write',
			stillStep: 'TROUBLED',
			failingStep: 'one system TROUBLED',
			recovers: 'recovering (NORMAL) closes the ticket: status Complete, Resolution set',
			recoveredStep: 'system NORMAL again',
		},
	});

	billingScenario(
		"billing (Dry Run off): a client's changed usage lands on its contract exactly as x360Recover reports it",
		{
			flow: 'x360Billing',
			label: 'x360 billing',
			clientWord: 'client',
			changeUsage: async () => {
				const [server] = x360.model.devices.filter(
					(d) => d.clientId === bluebird.clientId && d.type === 'SERVER',
				);
				await admin(`/device/${server.id}/usage`, {
					localBytes: server.localUsage + 123_456_789_012,
					cloudBytes: server.cloudUsage + 1,
				});
				await admin('/device', { clientId: bluebird.clientId, type: 'SERVER', name: 'BLUE-E2E01' });
			},
			changed: () => ({
				contract: contractOfCompany(bluebird.autotaskCompanyId),
				expected: x360ExpectedUnits(x360, bluebird.clientId),
			}),
			everyClient: () =>
				X360_DEMO.clients.map((c) => ({
					name: c.name,
					contract: contractOfCompany(c.autotaskCompanyId),
					expected: x360ExpectedUnits(x360, c.clientId),
				})),
		},
	);
});

describe('Datto BCDR through the same n8n (both stand-ins)', () => {
	const acme = DATTO_DEMO.clients.find((c) => c.organizationName === 'ACME Insurance')!;
	const bluebird = DATTO_DEMO.clients.find((c) => c.organizationName === 'Bluebird Dental')!;
	const appliance = () =>
		datto.model.appliances.find((a) => a.organizationId === acme.organizationId)!;
	const agent = () =>
		appliance().assets.find((x) => x.kind === 'agent' && /Server/.test(x.os ?? ''))!;
	const agentPath = () => `/device/${appliance().serialNumber}/asset/${agent().name}`;
	const dattoAdmin = (path: string, body: unknown) => adminPost(datto.adminUrl, path, body);

	ticketScenario({
		flow: 'dattoTickets',
		label: 'datto tickets',
		healthNode: 'Datto BCDR — Device Health',
		companyId: () => acme.autotaskCompanyId,
		recordName: () => agent().name,
		breakIt: () =>
			dattoAdmin(`${agentPath()}/backup`, {
				status: 'failure',
				errorMessage: 'VSS writer timed out',
			}),
		mendIt: () => dattoAdmin(`${agentPath()}/backup`, { status: 'success' }),
		names: {
			fails: 'an agent whose backups fail opens exactly one ticket on its company',
			staysFailing:
				'still failing over 3 more polls: still one ticket, no "Repeated" note, no Autotask write',
			stillStep: 'failing',
			failingStep: 'one agent failing',
			recovers: 'a good backup again closes the ticket: status Complete, Resolution set',
			recoveredStep: 'agent recovered',
		},
	});

	billingScenario(
		"billing (Dry Run off): an organization's changed usage lands on its contract exactly as Datto reports it",
		{
			flow: 'dattoBilling',
			label: 'datto billing',
			clientWord: 'organization',
			changeUsage: async () => {
				await dattoAdmin(`/device/${bluebird.serialNumbers[0]}/usage`, {
					localUsedGb: 1234,
					offsiteUsedGb: 2345,
				});
				await dattoAdmin('/device', {
					organizationId: bluebird.organizationId,
					agents: 2,
					localGb: 100,
					offsiteGb: 50,
				});
			},
			changed: () => ({
				contract: contractOfCompany(bluebird.autotaskCompanyId),
				expected: dattoExpectedUnits(datto, bluebird.organizationId),
			}),
			everyClient: () =>
				DATTO_DEMO.clients.map((c) => ({
					name: c.organizationName,
					contract: contractOfCompany(c.autotaskCompanyId),
					expected: dattoExpectedUnits(datto, c.organizationId),
				})),
		},
	);
});

it("never printed a source key or the Autotask secret to n8n's log", () => {
	for (const secret of [x360.apiKey, datto.secretKey, sb.credentials.secret])
		expect(server.logs()).not.toContain(secret);
});
