/**
 * One execution's events against Autotask: two reads for what every key of the batch records
 * (keyStates.ts), then each key's events in occurredAt order through the pure model
 * (ticketDecision.ts: decideEvent / stateAfter), performing each decision (ticketActions.ts) and
 * deciding the next event on the state that really resulted.
 */
import { sleep } from 'n8n-workflow';

import { BUDGET_NOT_TRIED, BUDGET_SPENT } from '../autotask/budget';
import { AutotaskApiError, isBudgetSpent } from '../autotask/errors';
import { ENDPOINT_THREADS, forEachLimited } from '../autotask/limiter';
import {
	decideEvent,
	groupByKey,
	type DecisionSettings,
	type KeyState,
	type TicketAction,
} from '../logic/ticketDecision';
import type { BatchItem, ItemResult } from './batchTypes';
import { readKeyStates, type KeyRead } from './keyStates';
import {
	performClose,
	performCreate,
	performNote,
	performOkNote,
	performReopen,
	type ActContext,
	type Step,
} from './ticketActions';
import type { TicketClient } from './ticketClient';
import { TicketWrites } from './ticketWrites';
import type { NoteDefaults } from './resolvedSettings';

export type { BatchItem, ItemResult, Outcome } from './batchTypes';
export { NoteRefusedError } from './ticketActions';

export interface BatchOptions {
	closedStatuses: string[];
	notes: NoteDefaults;
	now?: () => Date;
	/** Keys worked on at once (Autotask allows 3 requests in flight per entity). */
	concurrency?: number;
	/** How long a fresh OK that found no ticket waits before looking again (a create may be landing). */
	recheckDelayMs?: number;
}

/** Long enough for a concurrent create to land on a slow tenant; see docs/ticketing.md. */
export const RECHECK_DELAY_MS = 3000;

export async function runTicketBatch(
	client: TicketClient,
	items: BatchItem[],
	options: BatchOptions,
): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	if (!items.length) return results;
	const now = options.now ?? (() => new Date());
	const keys = Array.from(new Set(items.map((i) => i.key)));
	const read = await readKeyStates(client, keys, options.closedStatuses, now());
	const ctx: ActContext = {
		writes: new TicketWrites(client, options.closedStatuses, options.notes),
		read,
		now,
		reread: async (key, withNotes = true) =>
			mergeRead(
				read,
				await readKeyStates(client, [key], options.closedStatuses, now(), withNotes),
			).states.get(key)!,
	};
	const budget: { error?: unknown } = {};
	const rechecks: BatchItem[] = [];
	const groups = groupByKey(items.map((i) => ({ key: i.key, occurredAt: i.event.occurredAt })));
	await forEachLimited(
		[...groups.entries()],
		options.concurrency ?? ENDPOINT_THREADS,
		async ([key, indexes]) => {
			let state = read.states.get(key) ?? { open: [] };
			for (const [position, i] of indexes.entries()) {
				const item = items[i];
				if (budget.error) {
					results.set(item.index, { alertKey: key, outcome: 'budget', reason: BUDGET_NOT_TRIED });
					continue;
				}
				try {
					const action = decideEvent(decisionSettings(item), item.event, state, now());
					// Only the key's last event decides whether a concurrent create may be left open.
					if (action.kind === 'ignore' && action.recheck && position === indexes.length - 1)
						rechecks.push(item);
					const step = await perform(ctx, item, action, state);
					state = step.state;
					record(results, read, key, step, item.index);
				} catch (error) {
					// A spent budget is not a failure of the event: stop spending; the next run handles it.
					if (isBudgetSpent(error)) budget.error = error;
					results.set(item.index, { alertKey: key, ...failure(error) });
				}
			}
		},
	);
	if (rechecks.length && !budget.error) await recheck(ctx, client, rechecks, results, options);
	return results;
}

function record(
	results: Map<number, ItemResult>,
	read: KeyRead,
	key: string,
	step: Step,
	index?: number,
): void {
	const ticketNumber = step.result.ticketId ? read.numbers.get(step.result.ticketId) : undefined;
	results.set(index ?? -1, { alertKey: key, ...step.result, ticketNumber });
}

/**
 * Rule 2 of the convergence rule: a fresh OK that found no ticket may have raced a create of
 * another execution. One wait and one read for the whole batch, then those OKs are decided again.
 */
async function recheck(
	ctx: ActContext,
	client: TicketClient,
	items: BatchItem[],
	results: Map<number, ItemResult>,
	options: BatchOptions,
): Promise<void> {
	await sleep(options.recheckDelayMs ?? RECHECK_DELAY_MS);
	const again = mergeRead(
		ctx.read,
		await readKeyStates(
			client,
			items.map((i) => i.key),
			options.closedStatuses,
			ctx.now(),
		),
	);
	await forEachLimited(items, options.concurrency ?? ENDPOINT_THREADS, async (item) => {
		const state = again.states.get(item.key) ?? { open: [] };
		const action = decideEvent(decisionSettings(item), item.event, state, ctx.now());
		if (action.kind === 'ignore') return;
		try {
			const step = await perform(ctx, item, action, state);
			record(results, ctx.read, item.key, step, item.index);
		} catch (error) {
			results.set(item.index, { alertKey: item.key, ...failure(error) });
		}
	});
}

function failure(error: unknown): Omit<ItemResult, 'alertKey'> {
	if (isBudgetSpent(error)) return { outcome: 'budget', reason: BUDGET_SPENT };
	const reason =
		error instanceof AutotaskApiError
			? `Autotask answered ${error.status}: ${error.errors.join('; ') || 'no reason given'}`
			: error instanceof Error
				? error.message
				: String(error);
	return { outcome: 'error', reason, error };
}

export function decisionSettings(item: BatchItem): DecisionSettings {
	const s = item.settings;
	return {
		rules: s.rules,
		priority: s.priority,
		errorPriority: s.errorPriority,
		noteRepeats: s.noteRepeats,
		noteIntervalHours: s.noteIntervalHours,
		reopenWithinHours: s.reopenWithinHours,
		openAfterMinutes: s.openAfterMinutes,
		quietHours: s.quietHours,
	};
}

async function perform(
	ctx: ActContext,
	item: BatchItem,
	action: TicketAction,
	state: KeyState,
): Promise<Step> {
	const step = await performOnce(ctx, item, action, state);
	if (step !== 'closedMeanwhile') return step;
	// The ticket was closed between our read and the note: decide again, once, on what Autotask holds now.
	const ticket =
		action.kind === 'note' ? (ctx.read.numbers.get(action.ticketId) ?? action.ticketId) : '';
	const again = await ctx.reread(item.key);
	const next = decideEvent(decisionSettings(item), item.event, again, ctx.now());
	const retried = await performOnce(ctx, item, next, again);
	if (retried === 'closedMeanwhile')
		throw new Error(
			`ticket ${ticket} and its successor were closed while this event was being noted; run the event again`,
		);
	return {
		...retried,
		result: {
			...retried.result,
			reason: `ticket ${ticket} was closed before the note could be added; ${retried.result.reason}`,
		},
	};
}

async function performOnce(
	ctx: ActContext,
	item: BatchItem,
	action: TicketAction,
	state: KeyState,
): Promise<Step | 'closedMeanwhile'> {
	switch (action.kind) {
		case 'skip':
			return { result: { outcome: 'skipped', reason: action.reason }, state };
		case 'ignore':
			return {
				result: { outcome: 'ignored', reasonCode: action.code, reason: action.reason },
				state,
			};
		case 'duplicate':
			return {
				result: { outcome: 'duplicate', ticketId: action.ticketId, reason: action.reason },
				state,
			};
		case 'create':
			return performCreate(ctx, item, action, state);
		case 'reopen':
			return performReopen(ctx, item, action, state);
		case 'note':
			return performNote(ctx, item, action, state);
		case 'okNote':
			return performOkNote(ctx, item, action, state);
		case 'close':
			return performClose(ctx, item, action, state);
	}
}

/** A re-read's ticket numbers and resolutions join the batch's, so later results can name them. */
function mergeRead(into: KeyRead, from: KeyRead): KeyRead {
	for (const [id, n] of from.numbers) into.numbers.set(id, n);
	for (const [id, r] of from.resolutions) into.resolutions.set(id, r);
	return from;
}
