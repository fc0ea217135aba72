/**
 * Faults: while the sandbox fails ~20% of requests (429, 500, slow answers, answers lost after the
 * write was applied), a stream of alerts and usage reports runs through a real n8n with the shipped
 * ticketing and billing templates. Events come in rounds (a BDR reports minutes apart); after each
 * round the failed executions are retried from n8n's executions list, as a user clicks "Retry".
 *
 * Counting rule: an event has an outcome when a *successful* execution (the original or a retry of
 * it) carries it in Open or Close Ticket's or Sync Billing's output; a failed execution counts only
 * once a retry of it succeeded. Then the same run is grepped for secrets.
 */
import { rmSync } from 'node:fs';

import {
	allExecutions,
	outcomesByEvent,
	readWithRetry,
	retryFailed,
	SCALE,
	startStack,
	unresolvedFailures,
	waitSettled,
	type Stack,
} from './support/stack';
import {
	alertPlans,
	expectedUnits,
	noteTwins,
	ROUNDS,
	ticketEvent,
	unitsOf,
	usageCustomers,
	usageReports,
} from './support/streams';
import { filesUnder, findSecrets, grepFiles } from './support/secrets';

const KEYS = 12 * SCALE;
const FAULTS = {
	rate429: 0.06,
	rate500: 0.06,
	rateSlow: 0.06,
	slowMs: 800,
	rateLostResponse: 0.06,
	seed: Number(process.env.FAULTS_SEED ?? 11),
};

let stack: Stack;
const plans = alertPlans(KEYS);
const customers = usageCustomers();
const posted = { ticketing: [] as string[], billing: [] as string[] };
const answers: number[] = [];
let retries = 0;
let faultStatuses: Record<string, number> = {};

beforeAll(async () => {
	stack = await startStack({ n8n: { keepUserFolder: true } });
	const counts = { ticketing: 0, billing: 0 };
	for (let round = 0; round < ROUNDS; round++) {
		stack.sb.setFaults(FAULTS);
		const posts: Array<Promise<void>> = [];
		for (const plan of plans) {
			const event = ticketEvent(plan, round, 'flt');
			posted.ticketing.push(String(event.eventId));
			posts.push(stack.post('ticketing', event).then((r) => void answers.push(r.status)));
		}
		customers.forEach((c, i) => {
			const reports = usageReports(c, round, 'flt', i);
			posted.billing.push(...reports.map((e) => String(e.eventId)));
			posts.push(stack.post('billing', reports).then((r) => void answers.push(r.status)));
		});
		await Promise.all(posts);
		counts.ticketing += plans.length;
		counts.billing += customers.length;
		for (const hook of ['ticketing', 'billing'] as const) {
			await waitSettled(stack.n8n, stack.workflowId[hook], counts[hook]);
			const made = await retryFailed(stack.n8n, stack.workflowId[hook], 10);
			retries += made;
			counts[hook] += made;
		}
	}
	stack.sb.setFaults({ rate429: 0, rate500: 0, rateSlow: 0, rateLostResponse: 0 });
	for (const entry of stack.sb.requestLog())
		faultStatuses[String(entry.status)] = (faultStatuses[String(entry.status)] ?? 0) + 1;
	process.stderr.write(
		`[faults] ${posted.ticketing.length} alerts + ${posted.billing.length} usage reports in ${ROUNDS} rounds, ${retries} retries; ` +
			`sandbox answers by status: ${JSON.stringify(faultStatuses)} (0 = lost after the write), ${stack.sb.counts().total} requests\n`,
	);
});

afterAll(async () => {
	const folder = stack?.n8n.userFolder;
	await stack?.stop();
	if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('faults: ~20% of Autotask requests fail while events stream through real n8n', () => {
	it('really injected every kind of fault', () => {
		expect(answers.every((s) => s === 202)).toBe(true);
		expect(faultStatuses['429']).toBeGreaterThan(0);
		expect(faultStatuses['500']).toBeGreaterThan(0);
		expect(faultStatuses['0']).toBeGreaterThan(0);
		expect(stack.sb.requestLog().some((e) => e.ms >= FAULTS.slowMs)).toBe(true);
	});

	it('leaves no failed execution that was not retried to success', async () => {
		for (const hook of ['ticketing', 'billing'] as const) {
			expect(
				unresolvedFailures(await allExecutions(stack.n8n, stack.workflowId[hook])).map((e) => e.id),
			).toEqual([]);
		}
	});

	it('gives every alert exactly one outcome, the one its severity calls for', async () => {
		const { outcomes } = await outcomesByEvent(
			stack.n8n,
			stack.workflowId.ticketing,
			'Open or Close Ticket',
		);
		const missing = posted.ticketing.filter((id) => (outcomes.get(id) ?? []).length !== 1);
		expect(missing).toEqual([]);
		plans.forEach((plan, k) => {
			plan.kinds.forEach((kind, round) => {
				const o = outcomes.get(posted.ticketing[round * plans.length + k])![0];
				if (kind === 'recovery') expect(['closed', 'ignored']).toContain(o.outcome);
				else expect(['created', 'noted']).toContain(o.outcome);
			});
		});
	});

	it('opens no duplicate ticket: one ticket per failure episode of each alert key, open only if the last event failed', async () => {
		const { outcomes } = await outcomesByEvent(
			stack.n8n,
			stack.workflowId.ticketing,
			'Open or Close Ticket',
		);
		const tickets = stack.sb.store.all('Tickets');
		const closed = 5;
		const wrong: string[] = [];
		plans.forEach((plan, k) => {
			const key = String(outcomes.get(posted.ticketing[k])![0].alertKey);
			const mine = tickets.filter((t) => t.externalID === key);
			const open = mine.filter((t) => t.status !== closed).length;
			if (mine.length !== plan.episodes || open !== plan.openAtEnd)
				wrong.push(
					`${key}: ${mine.length} tickets (${open} open), expected ${plan.episodes} (${plan.openAtEnd} open)`,
				);
		});
		expect(wrong).toEqual([]);
	});

	it('gives every usage report exactly one billing outcome (updated or unchanged)', async () => {
		const { outcomes } = await outcomesByEvent(stack.n8n, stack.workflowId.billing, 'Sync Billing');
		expect(posted.billing.filter((id) => (outcomes.get(id) ?? []).length !== 1)).toEqual([]);
		const kinds = new Set(posted.billing.map((id) => outcomes.get(id)![0].outcome));
		expect([...kinds].every((k) => k === 'updated' || k === 'unchanged')).toBe(true);
	});

	it('ends with exactly the units the last usage reports imply, and no contract note written twice', async () => {
		const { outcomes } = await outcomesByEvent(stack.n8n, stack.workflowId.billing, 'Sync Billing');
		const date = String(outcomes.get(posted.billing[0])![0].effectiveDate);
		customers.forEach((c, i) => {
			expect({ contract: c.contractId, units: unitsOf(stack.sb, c.contractId, date) }).toEqual({
				contract: c.contractId,
				units: expectedUnits(c, ROUNDS - 1, i),
			});
			const notes = noteTwins(stack.sb, c.contractId);
			expect(notes.twice).toEqual([]);
			expect(notes.notes).toBeLessThanOrEqual(ROUNDS);
		});
	});
});

describe('secrets: the faults run is grepped for the Autotask secret, the integration code and the webhook secret', () => {
	it('finds none in execution data (including failed executions and their node errors)', async () => {
		let searched = 0;
		const leaks = [];
		for (const hook of ['ticketing', 'billing'] as const) {
			for (const e of await allExecutions(stack.n8n, stack.workflowId[hook])) {
				const detail = JSON.stringify(
					await readWithRetry(() => stack.n8n.restClient.getExecution(String(e.id))),
				);
				searched++;
				leaks.push(...findSecrets(`execution ${e.id}`, detail, stack.secrets));
			}
		}
		expect(searched).toBeGreaterThan(posted.ticketing.length);
		expect(leaks).toEqual([]);
	});

	it("finds none in n8n's output or the sandbox's request log", () => {
		const logs = stack.n8n.logs();
		expect(logs).toContain('Editor is now accessible');
		expect(findSecrets('n8n output', logs, stack.secrets)).toEqual([]);
		const requestLog = JSON.stringify(stack.sb.requestLog());
		expect(requestLog.length).toBeGreaterThan(1000);
		expect(findSecrets('sandbox request log', requestLog, stack.secrets)).toEqual([]);
	});

	it('finds none in the user folder (database, logs, config) once n8n has stopped', async () => {
		const folder = stack.n8n.userFolder;
		await stack.n8n.stop();
		const files = filesUnder(folder);
		expect(files.some((f) => f.endsWith('database.sqlite'))).toBe(true);
		const { leaks, bytes } = grepFiles(files, stack.secrets);
		expect(bytes).toBeGreaterThan(100_000);
		expect(leaks).toEqual([]);
	});

	it('the grep itself finds a planted secret (control)', () => {
		expect(findSecrets('control', `x${stack.secrets.webhookSecret}y`, stack.secrets)).toEqual([
			{ where: 'control', secret: 'webhookSecret' },
		]);
	});
});
