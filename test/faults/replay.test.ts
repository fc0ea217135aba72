/**
 * Replay: events and usage reports arrive while Autotask is unreachable (every request answered
 * 500), then while it refuses every write (503); each time the failed executions are retried from
 * n8n's own executions list through its retry API, as a user clicks "Retry", once Autotask is back.
 * Every event must end with its outcome, with no duplicate ticket, ticket note, adjustment or
 * contract note.
 */
import {
	allExecutions,
	outcomesByEvent,
	retryFailed,
	SCALE,
	startStack,
	unresolvedFailures,
	waitSettled,
	type Hook,
	type Stack,
} from './support/stack';
import {
	alertPlans,
	BILLED_SERVICES,
	expectedUnits,
	noteTwins,
	ticketEvent,
	unitsOf,
	usageCustomers,
	usageReports,
} from './support/streams';

const KEYS = 6 * SCALE;
const WRITE_ROUTES = [
	'POST Tickets',
	'PATCH Tickets',
	'POST Tickets/{id}/Notes',
	'POST Contracts/{id}/ServiceAdjustments',
	'POST Contracts/{id}/Notes',
];

let stack: Stack;
const plans = alertPlans(KEYS).map((p) => ({ ...p, kinds: ['failure', 'failure'] as const }));
const customers = usageCustomers();
const posted: Record<Hook, string[][]> = { ticketing: [], billing: [] };
const failedWhileDown: Record<string, number> = {};
let initialUnits: Map<number, Array<number | undefined>>;
let secondRetry: { accepted: number; refused: number } = { accepted: 0, refused: 0 };

async function postRound(round: number) {
	const tickets = plans.map((p) => ticketEvent({ ...p, kinds: [...p.kinds] }, round, 'rpl'));
	posted.ticketing.push(tickets.map((e) => String(e.eventId)));
	const reports = customers.map((c, i) => usageReports(c, round, 'rpl', i));
	posted.billing.push(reports.flat().map((e) => String(e.eventId)));
	const answers = await Promise.all([
		...tickets.map((e) => stack.post('ticketing', e)),
		...reports.map((r) => stack.post('billing', r)),
	]);
	if (answers.some((a) => a.status !== 202))
		throw new Error(`webhook answers: ${answers.map((a) => a.status)}`);
}

async function settleAll(expected: Record<Hook, number>) {
	for (const hook of ['ticketing', 'billing'] as const)
		await waitSettled(stack.n8n, stack.workflowId[hook], expected[hook]);
}

beforeAll(async () => {
	stack = await startStack();
	const today = new Date().toISOString().slice(0, 10);
	initialUnits = new Map(
		customers.map((c) => [c.contractId, unitsOf(stack.sb, c.contractId, today)]),
	);
	let total = { ticketing: 0, billing: 0 };

	// Round 0: Autotask down (every request 500) while alerts and usage arrive.
	stack.sb.setFaults({ rate500: 1, seed: 3 });
	await postRound(0);
	total = { ticketing: total.ticketing + KEYS, billing: total.billing + customers.length };
	await settleAll(total);
	for (const hook of ['ticketing', 'billing'] as const)
		failedWhileDown[`${hook}:down`] = unresolvedFailures(
			await allExecutions(stack.n8n, stack.workflowId[hook]),
		).length;
	stack.sb.setFaults({ rate500: 0 });
	for (const hook of ['ticketing', 'billing'] as const)
		total[hook] += await retryFailed(stack.n8n, stack.workflowId[hook]);

	// Round 1: reads work, every write is refused (503), then Autotask is back.
	for (const route of WRITE_ROUTES)
		stack.sb.setRouteFault(route, { status: 503, message: 'Service unavailable (replay suite)' });
	await postRound(1);
	total = { ticketing: total.ticketing + KEYS, billing: total.billing + customers.length };
	await settleAll(total);
	for (const hook of ['ticketing', 'billing'] as const)
		failedWhileDown[`${hook}:writes`] = unresolvedFailures(
			await allExecutions(stack.n8n, stack.workflowId[hook]),
		).length;
	for (const route of WRITE_ROUTES) stack.sb.setRouteFault(route, null);
	for (const hook of ['ticketing', 'billing'] as const)
		total[hook] += await retryFailed(stack.n8n, stack.workflowId[hook]);

	// A second click on Retry of an execution already retried to success.
	const billing = await allExecutions(stack.n8n, stack.workflowId.billing);
	const retriedOnce = billing.filter(
		(e) =>
			e.status === 'error' &&
			billing.some((r) => String(r.retryOf) === String(e.id) && r.status === 'success'),
	);
	for (const e of retriedOnce) {
		await stack.n8n.restClient.retryExecution(String(e.id)).then(
			() => secondRetry.accepted++,
			() => secondRetry.refused++,
		);
	}
	process.stderr.write(
		`[replay] failed while down/refusing writes: ${JSON.stringify(failedWhileDown)}; second retry of an already retried execution: ${JSON.stringify(secondRetry)}\n`,
	);
	await settleAll({ ticketing: total.ticketing, billing: total.billing + secondRetry.accepted });
});

afterAll(async () => stack?.stop());

describe("replay: executions that failed while Autotask was down are retried from n8n's list", () => {
	it('every execution failed while Autotask was down, and every one that wrote failed while writes were refused', () => {
		expect(failedWhileDown).toEqual({
			'ticketing:down': KEYS,
			'billing:down': customers.length,
			'ticketing:writes': KEYS,
			'billing:writes': customers.length,
		});
	});

	it('leaves no failure without a successful retry', async () => {
		for (const hook of ['ticketing', 'billing'] as const) {
			expect(
				unresolvedFailures(await allExecutions(stack.n8n, stack.workflowId[hook])).map((e) => e.id),
			).toEqual([]);
		}
	});

	it('gives every alert its outcome: created after the outage, noted after the refused writes', async () => {
		const { outcomes } = await outcomesByEvent(
			stack.n8n,
			stack.workflowId.ticketing,
			'Open or Close Ticket',
		);
		expect(posted.ticketing[0].map((id) => outcomes.get(id)?.map((o) => o.outcome))).toEqual(
			Array(KEYS).fill(['created']),
		);
		expect(posted.ticketing[1].map((id) => outcomes.get(id)?.map((o) => o.outcome))).toEqual(
			Array(KEYS).fill(['noted']),
		);
	});

	it('one ticket per alert key and one repeat note per repeated alert', async () => {
		const { outcomes } = await outcomesByEvent(
			stack.n8n,
			stack.workflowId.ticketing,
			'Open or Close Ticket',
		);
		const tickets = stack.sb.store.all('Tickets');
		const notes = stack.sb.store.all('TicketNotes');
		for (const id of posted.ticketing[0]) {
			const key = outcomes.get(id)![0].alertKey;
			const mine = tickets.filter((t) => t.externalID === key);
			expect(mine).toHaveLength(1);
			expect(notes.filter((n) => n.ticketID === mine[0].id)).toHaveLength(1);
		}
	});

	it('gives every usage report its billing outcome; a second Retry of a retried execution changes nothing', async () => {
		const { outcomes } = await outcomesByEvent(stack.n8n, stack.workflowId.billing, 'Sync Billing');
		for (const id of posted.billing.flat()) {
			const list = outcomes.get(id) ?? [];
			expect({ id, first: list[0]?.outcome }).toEqual({
				id,
				first: expect.stringMatching(/^(updated|unchanged)$/),
			});
			// beyond the first success, only the second Retry may carry it again, and it must find nothing to do
			expect(
				list
					.slice(1)
					.map((o) => o.outcome)
					.filter((o) => o !== 'unchanged'),
			).toEqual([]);
		}
		// n8n accepts a second Retry; for round 0 it replays usage older than round 1's, which must not roll units back
		expect(secondRetry.accepted).toBeGreaterThan(0);
		const second = (round: number) =>
			new Set(posted.billing[round].map((id) => outcomes.get(id)?.[1]?.reason));
		expect(second(0)).toEqual(new Set(['newer-usage-billed']));
		expect(second(1)).toEqual(new Set(['units-match']));
	});

	it('ends with exact units: one adjustment per changed service per round, one contract note per changed round', async () => {
		const { outcomes } = await outcomesByEvent(stack.n8n, stack.workflowId.billing, 'Sync Billing');
		const date = String(outcomes.get(posted.billing[0][0])![0].effectiveDate);
		const adjustments = stack.sb.store.all('ContractServiceAdjustments');
		customers.forEach((c, i) => {
			const steps = [
				initialUnits.get(c.contractId)!,
				expectedUnits(c, 0, i),
				expectedUnits(c, 1, i),
			];
			expect(unitsOf(stack.sb, c.contractId, date)).toEqual(steps[2]);
			BILLED_SERVICES.forEach((serviceId, s) => {
				const changes =
					(steps[1][s] !== steps[0][s] ? 1 : 0) + (steps[2][s] !== steps[1][s] ? 1 : 0);
				const made = adjustments.filter(
					(a) => a.contractID === c.contractId && a.serviceID === serviceId,
				);
				expect({ contract: c.contractId, serviceId, adjustments: made.length }).toEqual({
					contract: c.contractId,
					serviceId,
					adjustments: changes,
				});
			});
			const changedRounds = [1, 2].filter((r) =>
				steps[r].some((u, s) => u !== steps[r - 1][s]),
			).length;
			const notes = noteTwins(stack.sb, c.contractId);
			expect({ contract: c.contractId, notes: notes.notes, twice: notes.twice }).toEqual({
				contract: c.contractId,
				notes: changedRounds,
				twice: [],
			});
		});
	});
});
