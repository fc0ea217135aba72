/**
 * Issue #14's trials through a real n8n 2.x: the shipped ticketing template (BDR Event Trigger →
 * Map Customer → Open or Close Ticket) receiving signed events from the device simulator, against
 * the Autotask sandbox answering 300 ms slower. Every trial asserts what Autotask holds afterwards,
 * read back from the sandbox's store (tickets of the alert, their status, their notes), never from
 * the node's output alone; the node's outcomes are read from n8n's executions as a second witness.
 * Each trial logs the Autotask calls it cost (the sandbox's counter). Needs `npm run build` first.
 */
import { DateTime } from 'luxon';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import { makeEvent, signedRequest, type SimRequest } from '../../sandbox/simulator';
import { DEMO } from '../../sandbox/tenant/demo';
import type { ExecutionSummary } from '../../tools/n8n/rest';
import { ensureRuntime } from '../../tools/n8n/runtime';
import { sandboxCredentials, startN8n, type N8nServer } from '../../tools/n8n/server';
import { importTemplates } from '../../tools/n8n/templates';
import { finishedExecution, nodeItems, post, template, triggerPath } from './e2eHelpers';

const SECRET = 'e2e-convergence-webhook-secret-3c8e51a7';
const LATENCY_MS = 300;
const STATUS_COMPLETE = 5;
const NODE = 'Open or Close Ticket';
const TRIGGER = 'BDR Event Trigger';
const acme = DEMO.customers.acme;
const customer = { id: acme.bdrCustomerId, name: acme.name };
/** Quiet hours are written in this zone: 9 h from UTC and 13–14 h from n8n's default zone, so the window below holds "now" only there. */
const QUIET_ZONE = 'Asia/Tokyo';

const ticketing = template('bdr-ticketing.json');
const health = template('bdr-connector-health.json');

/** The ticketing template with other Open or Close Ticket options, on its own webhook. */
function variant(
	name: string,
	webhookId: string,
	options: Record<string, unknown>,
): Record<string, any> {
	return {
		...ticketing,
		name: `${ticketing.name} (${name})`,
		nodes: ticketing.nodes.map((n: any) => {
			if (n.name === TRIGGER) return { ...n, webhookId };
			if (n.name === NODE)
				return {
					...n,
					parameters: { ...n.parameters, options: { ...(n.parameters.options ?? {}), ...options } },
				};
			return n;
		}),
	};
}

const now = DateTime.now().setZone(QUIET_ZONE);
const quietWindow = `${now.minus({ hours: 2 }).toFormat('HH:mm')}-${now.plus({ hours: 2 }).toFormat('HH:mm')}`;
const polls = variant('polls', 'bdr-ticketing-polls', { noteRepeats: 'stateChange' });
const quiet = variant('quiet hours', 'bdr-ticketing-quiet', {
	quietHours: quietWindow,
	quietHoursTimezone: QUIET_ZONE,
});

interface Flow {
	json: Record<string, any>;
	id: string;
	url: string;
	/** Executions seen settled so far. */
	runs: number;
}

let sb: Sandbox;
let server: N8nServer;
const flows: Record<'main' | 'polls' | 'quiet', Flow> = {} as any;
const costs: Array<{ trial: string; calls: number; byRoute: Record<string, number>; ms: number }> =
	[];

beforeAll(async () => {
	const runtime = await ensureRuntime();
	sb = await startSandbox({ seed: 'demo', port: 0, latencyMs: LATENCY_MS });
	server = await startN8n({ runtime, credentials: sandboxCredentials(sb, SECRET) });
	const imported = await importTemplates(server, [ticketing, polls, quiet, health]);
	for (const [key, json] of [
		['main', ticketing],
		['polls', polls],
		['quiet', quiet],
	] as const) {
		flows[key] = {
			json,
			id: imported.byName(json.name).id,
			url: server.webhookUrl(triggerPath(json)),
			runs: 0,
		};
	}
	process.stderr.write(
		`[e2e convergence] n8n ready in ${server.startMs} ms; Autotask sandbox +${LATENCY_MS} ms per call; quiet hours ${quietWindow} ${QUIET_ZONE}\n`,
	);
});

afterAll(async () => {
	if (costs.length) {
		const lines = costs.map(
			(c) =>
				`  ${c.trial.padEnd(46)} ${String(c.calls).padStart(4)} calls  ${(c.ms / 1000).toFixed(1).padStart(6)} s  ${JSON.stringify(c.byRoute)}`,
		);
		process.stderr.write(
			`[e2e convergence] Autotask calls per trial (sandbox counter):\n${lines.join('\n')}\n`,
		);
	}
	await server?.stop();
	await sb?.close();
});

// ---------------------------------------------------------------------------------------------
// Events, deliveries, and what Autotask holds

let sequence = 0;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function event(
	kind: 'failure' | 'recovery',
	machine: string,
	occurredAt: Date,
	extra: Record<string, unknown> = {},
) {
	return {
		...makeEvent({ kind, customer, machine, occurredAt, eventId: `conv-${machine}-${++sequence}` }),
		...extra,
	};
}

/** Fail, OK, fail, OK one minute apart, the last a minute ago: two episodes of one alert. */
const twoEpisodes = (machine: string) =>
	[4, 3, 2, 1].map((ago, n) => event(n % 2 ? 'recovery' : 'failure', machine, minutesAgo(ago)));

const signed = (events: unknown) => signedRequest(SECRET, events);

const settled = (e: ExecutionSummary) => !['new', 'running', 'waiting'].includes(e.status);

/**
 * Posts the requests to a workflow's webhook and waits until n8n has run them all: 'one by one'
 * waits for each execution before the next post; 'back to back' posts each as soon as the previous
 * was answered (202 comes before the run), so the executions overlap; 'at once' posts all together.
 * Returns Open or Close Ticket's items per execution, oldest execution first.
 */
async function deliver(
	flow: Flow,
	requests: SimRequest[],
	mode: 'one by one' | 'back to back' | 'at once',
): Promise<Array<Array<Record<string, any>>>> {
	const before = flow.runs;
	const send = async (request: SimRequest) => {
		const answer = await post(flow.url, request);
		expect(answer).toMatchObject({ status: 202, body: { accepted: expect.any(Number) } });
		expect(answer.body.accepted).toBeGreaterThan(0);
		flow.runs++;
	};
	if (mode === 'at once') await Promise.all(requests.map(send));
	else {
		for (const request of requests) {
			await send(request);
			if (mode === 'one by one') await waitForRuns(flow);
		}
	}
	const mine = (await waitForRuns(flow)).slice(0, flow.runs - before).reverse();
	const details = await Promise.all(mine.map((e) => finishedExecution(server.restClient, e.id)));
	for (const d of details) expect([d.id, d.status]).toEqual([d.id, 'success']);
	return details.map((d) => nodeItems(d, NODE));
}

/** Waits until the workflow's settled executions number flow.runs; newest first (n8n lists at most 100). */
async function waitForRuns(flow: Flow, timeoutMs = 180_000): Promise<ExecutionSummary[]> {
	if (flow.runs > 100)
		throw new Error(`${flow.json.name}: more than 100 executions; give the trial its own workflow`);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await server.restClient.listExecutions({ workflowId: flow.id }, 100);
		if (list.length >= flow.runs && list.every(settled)) return list;
		if (Date.now() > deadline)
			throw new Error(
				`${flow.json.name}: ${list.filter(settled).length} of ${flow.runs} executions settled after ${timeoutMs / 1000} s`,
			);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** What Autotask holds for one protected machine's backup alert, read from the sandbox: tickets (by id) and their notes. */
function autotask(machine: string) {
	const tickets = sb.store
		.all('Tickets')
		.filter((t) => String(t.title ?? '').includes(`: ${machine} (`))
		.sort((a, b) => a.id - b.id);
	const notesOf = (id: number) =>
		sb.store
			.all('TicketNotes')
			.filter((n) => n.ticketID === id)
			.sort((a, b) => a.id - b.id);
	const open = tickets.filter((t) => t.status !== STATUS_COMPLETE);
	const repeatNotes = tickets
		.flatMap((t) => notesOf(t.id))
		.filter((n) => /^Repeated\b/.test(String(n.title ?? '')));
	return { tickets, open, notesOf, repeatNotes };
}

/** The machine's alert ended as one ticket, open or closed, with no note on it. */
function expectOneTicket(machine: string, { open }: { open: boolean }): void {
	const at = autotask(machine);
	expect(at.tickets).toHaveLength(1);
	expect(at.open).toHaveLength(open ? 1 : 0);
	expect(at.notesOf(at.tickets[0].id)).toEqual([]);
}

/** The event ids a ticket records: its description's and those of its "Repeated" notes. */
function recordedEventIds(state: ReturnType<typeof autotask>, ticketId: number): string[] {
	const id = (text: unknown) => /^Event id: (.+)$/m.exec(String(text ?? ''))?.[1];
	const ticket = state.tickets.find((t) => t.id === ticketId);
	const notes = state.notesOf(ticketId).filter((n) => /^Repeated\b/.test(String(n.title ?? '')));
	return [id(ticket?.description), ...notes.map((n) => id(n.description))].filter(
		(x): x is string => !!x,
	);
}

const outcomes = (runs: Array<Array<Record<string, any>>>) =>
	runs.flat().map((i) => (i.reasonCode ? `${i.outcome}/${i.reasonCode}` : i.outcome));

/** Runs one trial, counting the Autotask calls it cost with the sandbox's counter. */
async function trial(name: string, body: () => Promise<void>): Promise<void> {
	sb.resetCounts();
	const started = Date.now();
	try {
		await body();
	} finally {
		const counts = sb.counts();
		costs.push({
			trial: name,
			calls: counts.total,
			byRoute: counts.byRoute,
			ms: Date.now() - started,
		});
		process.stderr.write(
			`[e2e convergence] ${name}: ${counts.total} Autotask calls ${JSON.stringify(counts.byRoute)}\n`,
		);
	}
}

// ---------------------------------------------------------------------------------------------

describe('issue #14 through the ticketing template in a real n8n, Autotask 300 ms slower', () => {
	it('1. a failure and its recovery posted back to back (two executions at once): the ticket ends closed', async () => {
		await trial('1 fail+OK back to back', async () => {
			const m = 'CONV-1';
			const runs = await deliver(
				flows.main,
				[signed(event('failure', m, minutesAgo(2))), signed(event('recovery', m, minutesAgo(1)))],
				'back to back',
			);
			const at = autotask(m);
			expect(at.tickets).toHaveLength(1);
			expect(at.open).toEqual([]);
			expect(at.tickets[0].resolution).toBeTruthy();
			expect(outcomes(runs)).toEqual(['created', 'closed']);
		});
	});

	it('2. fail, OK, fail, OK posted back to back: no ticket of the key stays open', async () => {
		await trial('2 fail/OK/fail/OK back to back', async () => {
			const m = 'CONV-2';
			const events = twoEpisodes(m);
			const runs = await deliver(flows.main, events.map(signed), 'back to back');
			const at = autotask(m);
			expect(at.tickets.length).toBeGreaterThanOrEqual(1);
			expect(at.open).toEqual([]);
			process.stderr.write(
				`[e2e convergence] 2: ${at.tickets.length} ticket(s), outcomes ${outcomes(runs).join(', ')}\n`,
			);
			expect(outcomes(runs)).not.toContain('error');
		});
	});

	it('3. fail t1, OK t3, then a delayed fail of t2 < t3: no new ticket (stale_event)', async () => {
		await trial('3 late fail after recovery', async () => {
			const m = 'CONV-3';
			const runs = await deliver(
				flows.main,
				[signed(event('failure', m, minutesAgo(30))), signed(event('recovery', m, minutesAgo(10)))],
				'one by one',
			);
			expect(outcomes(runs)).toEqual(['created', 'closed']);
			const late = await deliver(
				flows.main,
				[signed(event('failure', m, minutesAgo(20)))],
				'one by one',
			);
			expectOneTicket(m, { open: false });
			expect(outcomes(late)).toEqual(['ignored/stale_event']);
		});
	});

	it('4. fail t5 opens a ticket, then a delayed OK of t4 < t5: the ticket stays open', async () => {
		await trial('4 late OK after failure', async () => {
			const m = 'CONV-4';
			const runs = await deliver(
				flows.main,
				[signed(event('failure', m, minutesAgo(5))), signed(event('recovery', m, minutesAgo(15)))],
				'one by one',
			);
			expectOneTicket(m, { open: true });
			expect(outcomes(runs)).toEqual(['created', 'ignored/stale_event']);
		});
	});

	it('5. the same event (same eventId) delivered 3 times: one ticket, no "Repeated" note', async () => {
		await trial('5 one event delivered 3 times', async () => {
			const m = 'CONV-5';
			const once = event('failure', m, minutesAgo(1));
			// a device retry: the same event in a new request (new timestamp, new signature)
			const runs = await deliver(
				flows.main,
				[signed(once), signed(once), signed(once)],
				'one by one',
			);
			expectOneTicket(m, { open: true });
			expect(outcomes(runs)).toEqual(['created', 'duplicate', 'duplicate']);
		});
	});

	it('6. identical signed bytes replayed within the 5-minute window: no second effect', async () => {
		await trial('6 signed request replayed', async () => {
			const m = 'CONV-6';
			const request = signed(event('failure', m, minutesAgo(1)));
			const runs = await deliver(flows.main, [request, { ...request }], 'one by one');
			expectOneTicket(m, { open: true });
			expect(outcomes(runs)).toEqual(['created', 'duplicate']);
		});
	});

	it('7. a 10,000-character message: accepted, cut with a marker, and a ticket opens', async () => {
		await trial('7 10,000-character message', async () => {
			const m = 'CONV-7';
			const head = 'Backup of CONV-7 failed: VSS writer timed out. ';
			const long = event('failure', m, minutesAgo(1), {
				message: (head + 'Detail line of the job log. '.repeat(400)).slice(0, 10_000),
			});
			expect(long.message).toHaveLength(10_000);
			const answer = await post(flows.main.url, signed(long));
			expect(answer).toMatchObject({ status: 202, body: { accepted: 1 } });
			flows.main.runs++;
			const [latest] = await waitForRuns(flows.main);
			const detail = await finishedExecution(server.restClient, latest.id);
			const [received] = nodeItems(detail, TRIGGER);
			expect(received.message.length).toBeLessThanOrEqual(8000);
			expect(received.message).toMatch(/\[…truncated: 10000 characters in all\]$/);
			expect(nodeItems(detail, NODE)).toMatchObject([{ outcome: 'created' }]);
			const at = autotask(m);
			expect(at.open).toHaveLength(1);
			expect(at.open[0].description.startsWith(head)).toBe(true);
			expect(at.open[0].description).toMatch(/truncated/);
			expect(at.open[0].description.length).toBeLessThanOrEqual(8000);
		});
	});

	it('8a. fail/OK/fail/OK in order: one ticket per episode, both closed', async () => {
		await trial('8a fail/OK/fail/OK in order', async () => {
			const m = 'CONV-8A';
			const events = twoEpisodes(m);
			const runs = await deliver(flows.main, events.map(signed), 'one by one');
			const at = autotask(m);
			expect(at.tickets).toHaveLength(2);
			expect(at.open).toEqual([]);
			expect(outcomes(runs)).toEqual(['created', 'closed', 'created', 'closed']);
		});
	});

	it('8b. the same four events shuffled in one request: one ticket per episode, both closed', async () => {
		await trial('8b four events shuffled in one request', async () => {
			const m = 'CONV-8B';
			const [f1, ok2, f3, ok4] = twoEpisodes(m);
			const [run] = await deliver(flows.main, [signed([ok4, f1, ok2, f3])], 'one by one');
			const at = autotask(m);
			expect(at.tickets).toHaveLength(2);
			expect(at.open).toEqual([]);
			// items keep the request's order
			expect(run.map((i) => i.outcome)).toEqual(['closed', 'created', 'closed', 'created']);
		});
	});

	it('8c. 30 identical alerts at once: one ticket for the 30, recording each event once; the OK closes it; a late older failure opens nothing', async () => {
		await trial('8c 30 identical alerts at once (+ OK)', async () => {
			const m = 'CONV-8C';
			const at0 = minutesAgo(2);
			const burst = Array.from({ length: 30 }, () => signed(event('failure', m, at0)));
			const runs = await deliver(flows.main, burst, 'at once');
			let at = autotask(m);
			expect(at.open).toHaveLength(1);
			const survivor = at.open[0];
			// any twin a concurrent run created is closed pointing at the survivor
			for (const twin of at.tickets.filter((t) => t.id !== survivor.id)) {
				expect(twin.status).toBe(STATUS_COMPLETE);
				expect(at.notesOf(twin.id).map((n) => n.title)).toContain(
					'Duplicate closed by the BDR integration',
				);
			}
			const recorded = recordedEventIds(at, survivor.id);
			expect(recorded).toHaveLength(30);
			expect(new Set(recorded).size).toBe(30);
			process.stderr.write(
				`[e2e convergence] 8c: ${at.tickets.length} ticket(s) created for the burst, ${at.tickets.length - 1} closed as duplicates; outcomes ${JSON.stringify(countOf(outcomes(runs)))}\n`,
			);
			expect(outcomes(runs)).not.toContain('error');

			await deliver(flows.main, [signed(event('recovery', m, minutesAgo(1)))], 'one by one');
			at = autotask(m);
			expect(at.open).toEqual([]);
			expect(at.tickets.find((t) => t.id === survivor.id)!.resolution).toBeTruthy();

			// trial 3's rule after the burst: a failure older than that recovery, delivered late, opens nothing
			const [late] = await deliver(
				flows.main,
				[signed(event('failure', m, new Date(at0.getTime() + 30_000)))],
				'one by one',
			);
			at = autotask(m);
			expect(at.open).toEqual([]);
			expect(late).toMatchObject([{ outcome: 'ignored', reasonCode: 'stale_event' }]);
		});
	});

	it('96 identical polls of a persistent fault, Note Repeats "When the State Changes": one ticket, no repeat note', async () => {
		await trial('96 polls of one fault (When the State Changes)', async () => {
			const m = 'CONV-POLL';
			const failingSince = minutesAgo(17 * 60).toISOString();
			// a poll every 10 minutes for 16 hours, the last 10 minutes ago
			const poll = (i: number) =>
				signed(event('failure', m, minutesAgo(10 * (96 - i)), { failingSince }));
			const first = await deliver(flows.polls, [poll(0)], 'one by one');
			expect(outcomes(first)).toEqual(['created']);
			const rest = await deliver(
				flows.polls,
				Array.from({ length: 95 }, (_, i) => poll(i + 1)),
				'back to back',
			);
			expectOneTicket(m, { open: true });
			expect(countOf(outcomes(rest))).toEqual({ 'ignored/state_unchanged': 95 });
		});
	});

	it(`quiet hours (${QUIET_ZONE}): a problem opens no ticket (quiet_hours); a recovery still closes an open ticket`, async () => {
		await trial('quiet hours: problem ignored, recovery closes', async () => {
			const hushed = 'CONV-QUIET-1';
			const [run] = await deliver(
				flows.quiet,
				[signed(event('failure', hushed, minutesAgo(1)))],
				'one by one',
			);
			expect(run).toMatchObject([{ outcome: 'ignored', reasonCode: 'quiet_hours' }]);
			expect(autotask(hushed).tickets).toEqual([]);

			// a ticket opened before the quiet hours (through the template without them) …
			const open = 'CONV-QUIET-2';
			await deliver(flows.main, [signed(event('failure', open, minutesAgo(3)))], 'one by one');
			expect(autotask(open).open).toHaveLength(1);
			// … is closed by the recovery that arrives during them
			const [closed] = await deliver(
				flows.quiet,
				[signed(event('recovery', open, minutesAgo(1)))],
				'one by one',
			);
			expect(closed).toMatchObject([{ outcome: 'closed' }]);
			const at = autotask(open);
			expect(at.tickets).toHaveLength(1);
			expect(at.open).toEqual([]);
		});
	});
});

function countOf(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
	return counts;
}
