/**
 * Ticketing through the real n8n webhook: signed single-event POSTs to the shipped ticketing template
 * (and to the same workflow with our nodes replaced by NoOp nodes: the floor), latency from the POST
 * to the ticket write landing in the sandbox, Autotask calls per event by outcome, and a burst for
 * events per second.
 */
import { storedAlertKey } from '../nodes/logic/alertKey';
import type { SandboxCredentials } from '../sandbox/auth';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { makeEvent, signedRequest, type EventKind } from '../sandbox/simulator';
import { generatedBdrCustomerId } from '../sandbox/tenant/generated';
import type { N8nServer } from '../tools/n8n/server';
import { executionIds, waitForNewExecutions } from './n8nRuns';
import { percentile } from './stats';

export type TicketPhase = 'created' | 'noted' | 'closed';
const PHASE_KIND: Record<TicketPhase, EventKind> = {
	created: 'failure',
	noted: 'failure',
	closed: 'recovery',
};
const COMPLETE_STATUS = 5; // the sandbox's system value of "Complete"

export interface LatencyFigures {
	count: number;
	p50: number;
	p99: number;
	max: number;
}

export interface PhaseResult {
	phase: TicketPhase;
	events: number;
	/** POST → the ticket write for the event seen in the sandbox (ours only). */
	visible?: LatencyFigures;
	/** POST → n8n's stoppedAt of the execution. */
	done: LatencyFigures;
	calls?: number;
	byRoute?: Record<string, number>;
	/** Events whose expected write never landed (ours) within the wait. */
	missing: number;
}

export interface BurstResult {
	events: number;
	concurrency: number;
	elapsedMs: number;
	eventsPerSecond: number;
	calls?: number;
}

export interface TicketingResult {
	ours: { phases: PhaseResult[]; burst: BurstResult; tickets: number; duplicateKeys: number };
	floor: { phases: PhaseResult[]; burst: BurstResult };
}

export interface TicketingOptions {
	server: N8nServer;
	ours: { workflowId: string; url: string };
	floor: { workflowId: string; url: string };
	webhookSecret: string;
	sandboxPort: number;
	/** The same API user for every sandbox of the run (the n8n credential points at it). */
	sandboxCredentials: SandboxCredentials;
	latencyMs: number;
	events: number;
	concurrency: number;
	log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const figures = (values: number[]): LatencyFigures => ({
	count: values.length,
	p50: percentile(values, 50),
	p99: percentile(values, 99),
	max: Math.max(...values),
});

/** Records when ticket writes land in the sandbox store, keyed by alert key. */
function watchTicketWrites(sb: Sandbox) {
	const seen: Array<{ kind: TicketPhase; key: string; at: number }> = [];
	const store = sb.store;
	const insert = store.insert.bind(store);
	const update = store.update.bind(store);
	const keyOfTicket = (id: number) => String(store.get('Tickets', id)?.externalID ?? '');
	store.insert = (entity, record) => {
		const out = insert(entity, record);
		const name = entity.toLowerCase();
		if (name === 'tickets')
			seen.push({ kind: 'created', key: String(out.externalID ?? ''), at: Date.now() });
		if (name === 'ticketnotes' && /repeated/i.test(String(out.title ?? '')))
			seen.push({ kind: 'noted', key: keyOfTicket(out.ticketID), at: Date.now() });
		return out;
	};
	store.update = (entity, id, patch) => {
		const out = update(entity, id, patch);
		if (entity.toLowerCase() === 'tickets' && Number(patch.status) === COMPLETE_STATUS)
			seen.push({ kind: 'closed', key: String(out.externalID ?? ''), at: Date.now() });
		return out;
	};
	return {
		firstAfter(kind: TicketPhase, key: string, since: number): number | undefined {
			return seen.find((s) => s.kind === kind && s.key === key && s.at >= since)?.at;
		},
	};
}

function eventFor(n: number, phase: TicketPhase, tag: string) {
	const customer = { id: generatedBdrCustomerId(n) };
	const event = {
		...makeEvent({ kind: PHASE_KIND[phase], customer, eventId: `bench-${tag}-${phase}-${n}` }),
		alertId: `bench-${tag}-${n}`,
	};
	return { event, key: storedAlertKey(`${customer.id}/a/bench-${tag}-${n}`) };
}

async function post(url: string, secret: string, event: unknown): Promise<void> {
	const req = signedRequest(secret, [event]);
	const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
	const text = await res.text();
	if (res.status !== 202 && res.status !== 200)
		throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
}

async function runPhase(
	o: TicketingOptions,
	target: { workflowId: string; url: string },
	sb: Sandbox,
	watch: ReturnType<typeof watchTicketWrites> | undefined,
	phase: TicketPhase,
	tag: string,
): Promise<PhaseResult> {
	const visible: number[] = [];
	const done: number[] = [];
	let missing = 0;
	sb.resetCounts();
	for (let n = 1; n <= o.events; n++) {
		const { event, key } = eventFor(n, phase, tag);
		const known = await executionIds(o.server, target.workflowId);
		const t0 = Date.now();
		await post(target.url, o.webhookSecret, event);
		if (watch) {
			let seenAt: number | undefined;
			for (const deadline = t0 + 60_000; seenAt === undefined && Date.now() < deadline; ) {
				seenAt = watch.firstAfter(phase, key, t0);
				if (seenAt === undefined) await sleep(2);
			}
			if (seenAt === undefined) missing++;
			else visible.push(seenAt - t0);
		}
		const [execution] = await waitForNewExecutions(o.server, target.workflowId, known, 1, {
			timeoutMs: 60_000,
			pollMs: 20,
		});
		done.push(Date.parse(execution.stoppedAt!) - t0);
	}
	const counts = sb.counts();
	return {
		phase,
		events: o.events,
		...(watch ? { visible: figures(visible), calls: counts.total, byRoute: counts.byRoute } : {}),
		done: figures(done),
		missing,
	};
}

async function runBurst(
	o: TicketingOptions,
	target: { workflowId: string; url: string },
	sb: Sandbox,
	watch: ReturnType<typeof watchTicketWrites> | undefined,
): Promise<BurstResult> {
	const known = await executionIds(o.server, target.workflowId);
	sb.resetCounts();
	const events = Array.from({ length: o.events }, (_, i) =>
		eventFor(o.events + 1 + i, 'created', 'burst'),
	);
	const t0 = Date.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: o.concurrency }, async () => {
			while (next < events.length) await post(target.url, o.webhookSecret, events[next++].event);
		}),
	);
	const executions = await waitForNewExecutions(o.server, target.workflowId, known, events.length, {
		timeoutMs: 10 * 60_000,
		pollMs: 100,
	});
	let end = Math.max(...executions.map((e) => Date.parse(e.stoppedAt!)));
	if (watch) {
		const seen = events.map((e) => watch.firstAfter('created', e.key, t0));
		if (seen.some((s) => s === undefined))
			throw new Error(
				`burst: ${seen.filter((s) => s === undefined).length} of ${events.length} tickets never appeared`,
			);
		end = Math.max(...(seen as number[]));
	}
	const elapsedMs = end - t0;
	return {
		events: events.length,
		concurrency: o.concurrency,
		elapsedMs,
		eventsPerSecond: events.length / (elapsedMs / 1000),
		...(watch ? { calls: sb.counts().total } : {}),
	};
}

export async function runTicketing(o: TicketingOptions): Promise<TicketingResult> {
	// customers 1..events for the phases, events+1..2·events for the burst
	const sb = await startSandbox({
		seed: 2 * o.events,
		port: o.sandboxPort,
		credentials: o.sandboxCredentials,
		latencyMs: o.latencyMs,
		hourlyBudget: 10_000,
		threadLimit: 3,
	});
	try {
		const watch = watchTicketWrites(sb);
		const oursPhases: PhaseResult[] = [];
		for (const phase of ['created', 'noted', 'closed'] as TicketPhase[]) {
			o.log(`ticketing ours: ${phase} × ${o.events}`);
			oursPhases.push(await runPhase(o, o.ours, sb, watch, phase, 'seq'));
		}
		o.log(`ticketing ours: burst of ${o.events} at concurrency ${o.concurrency}`);
		const oursBurst = await runBurst(o, o.ours, sb, watch);
		const tickets = sb.store
			.rows('Tickets')
			.filter((t) => String(t.externalID ?? '').includes('/a/bench-'));
		const perKey = new Map<string, number>();
		for (const t of tickets) perKey.set(t.externalID, (perKey.get(t.externalID) ?? 0) + 1);

		const floorPhases: PhaseResult[] = [];
		for (const phase of ['created', 'noted', 'closed'] as TicketPhase[]) {
			o.log(`ticketing floor: ${phase} × ${o.events}`);
			floorPhases.push(await runPhase(o, o.floor, sb, undefined, phase, 'floor'));
		}
		o.log(`ticketing floor: burst`);
		const floorBurst = await runBurst(o, o.floor, sb, undefined);
		return {
			ours: {
				phases: oursPhases,
				burst: oursBurst,
				tickets: tickets.length,
				duplicateKeys: [...perKey.values()].filter((c) => c > 1).length,
			},
			floor: { phases: floorPhases, burst: floorBurst },
		};
	} finally {
		await sb.close();
	}
}
