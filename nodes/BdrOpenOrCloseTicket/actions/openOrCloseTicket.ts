/**
 * The one operation of Open or Close Ticket: read every item (event, settings), resolve the
 * settings' names to Autotask ids, run the batch (runTicketBatch.ts), then one output item per input.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { autotaskClientFor } from '../../autotask/client';
import { BUDGET_NOT_TRIED } from '../../autotask/budget';
import { isAutotaskError, isBudgetSpent, toNodeApiError } from '../../autotask/errors';
import { alertKeyOf } from '../../logic/alertKey';
import { ticketingDisabledReason } from '../../logic/ticketSettings';
import { NO_COMPANY, readTicketInput, type TicketInput } from '../readEvent';
import {
	PicklistResolver,
	closedStatuses,
	noteDefaults,
	readRawSettings,
	type RawSettings,
} from '../readSettings';
import { runTicketBatch, type BatchItem, type ItemResult } from '../runTicketBatch';
import type { TicketClient } from '../ticketClient';

/** An item that reads as a ticketable event, with its settings still by name. */
interface Pending {
	index: number;
	key: string;
	input: TicketInput;
	companyId: number;
	raw: RawSettings;
}

type Results = Map<number, ItemResult>;

export async function openOrCloseTicket(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: Results = new Map();
	const pending = readItems(this, items, results);
	if (pending.length) {
		const client = (await autotaskClientFor(this)) as unknown as TicketClient;
		const batch = await resolveSettings(client, pending, results);
		if (batch.length) await runBatch(client, batch, results);
	}
	return [outputItems(this, items, results)];
}

/** Items that can go to Autotask; every other item gets its result (error or skipped) here. */
function readItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	results: Results,
): Pending[] {
	const pending: Pending[] = [];
	const fail = (i: number, reason: string, alertKey: string) =>
		results.set(i, {
			outcome: 'error',
			reason,
			alertKey,
			error: new NodeOperationError(ctx.getNode(), reason, { itemIndex: i }),
		});
	for (let i = 0; i < items.length; i++) {
		const input = readTicketInput(items[i].json);
		if ('problem' in input) {
			fail(i, input.problem, '');
			continue;
		}
		const key = alertKeyOf(input.event);
		let raw: RawSettings;
		try {
			raw = readRawSettings(ctx, i, input.event.customer.id, input.companyId);
		} catch (error) {
			// An option that cannot be read (e.g. Quiet Hours): the message names it.
			fail(i, (error as Error).message, key);
			continue;
		}
		const off = ticketingDisabledReason(raw.choices);
		if (off) results.set(i, { outcome: 'skipped', reason: off, alertKey: key });
		else if (input.companyId === undefined) fail(i, NO_COMPANY, key);
		else pending.push({ index: i, key, input, companyId: input.companyId, raw });
	}
	return pending;
}

/** Resolves each item's settings; once the hourly budget is spent, no item goes on (outcome `budget`). */
async function resolveSettings(
	client: TicketClient,
	pending: Pending[],
	results: Results,
): Promise<BatchItem[]> {
	const resolver = new PicklistResolver(client);
	const batch: BatchItem[] = [];
	let budgetError: unknown;
	for (const p of pending) {
		if (budgetError) {
			results.set(p.index, failedResult(budgetError, p.key));
			continue;
		}
		try {
			const settings = await resolver.resolve(p.raw);
			batch.push({
				index: p.index,
				key: p.key,
				event: p.input.event,
				companyId: p.companyId,
				contractId: p.input.contractId,
				settings,
			});
		} catch (error) {
			if (isBudgetSpent(error)) budgetError = error;
			results.set(p.index, failedResult(error, p.key));
		}
	}
	if (!budgetError) return batch;
	for (const b of batch) results.set(b.index, failedResult(budgetError, b.key));
	return [];
}

async function runBatch(client: TicketClient, batch: BatchItem[], results: Results): Promise<void> {
	try {
		const closed = await closedStatuses(
			client,
			batch.map((b) => b.settings.statusClose),
		);
		const notes = await noteDefaults(client);
		const done = await runTicketBatch(client, batch, { closedStatuses: closed, notes });
		for (const [index, result] of done) results.set(index, result);
	} catch (error) {
		// The batch read failed: every event of the batch gets the same reason.
		for (const b of batch) results.set(b.index, failedResult(error, b.key));
	}
}

/** One output item per input item, in order; an error stops the node unless it continues on fail. */
function outputItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	results: Results,
): INodeExecutionData[] {
	return items.map((item, i) => {
		const r = results.get(i)!;
		if (r.outcome === 'error' && !ctx.continueOnFail()) throw asNodeError(ctx, r.error, i);
		const json: IDataObject = {
			...item.json,
			outcome: r.outcome,
			reason: r.reason,
			reasonCode: r.reasonCode ?? null,
			alertKey: r.alertKey || null,
			ticketId: r.ticketId ?? null,
			ticketNumber: r.ticketNumber ?? null,
		};
		return { json, pairedItem: { item: i } };
	});
}

/** A budget refusal is reported as outcome `budget` (the node goes on, spending nothing more); anything else is an error. */
function failedResult(error: unknown, alertKey: string): ItemResult {
	if (isBudgetSpent(error)) {
		return { outcome: 'budget', reason: BUDGET_NOT_TRIED, alertKey };
	}
	return { outcome: 'error', reason: (error as Error).message, alertKey, error };
}

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (isAutotaskError(error)) return toNodeApiError(ctx.getNode(), error, itemIndex);
	return new NodeOperationError(
		ctx.getNode(),
		error instanceof Error ? error.message : String(error),
		{ itemIndex },
	);
}
