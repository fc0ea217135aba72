import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { BUDGET_NOT_TRIED } from '../autotask/budget';
import { isAutotaskError, isBudgetSpent, toNodeApiError } from '../autotask/errors';
import { alertKeyOf } from '../logic/alertKey';
import { ticketingDisabledReason } from '../logic/ticketSettings';
import { credentialTest, listSearch, loadOptions } from '../methods';
import { getErrorPriorities, getTicketQueues, getTicketQueuesOrDefault } from './editorLists';
import { properties } from './properties';
import { NO_COMPANY, readTicketInput } from './readEvent';
import { PicklistResolver, closedStatuses, noteDefaults, readRawSettings } from './readSettings';
import { runTicketBatch, type BatchItem, type ItemResult } from './runTicketBatch';
import type { TicketClient } from './ticketClient';

export class BdrOpenOrCloseTicket implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Open or Close Ticket',
		name: 'bdrOpenOrCloseTicket',
		icon: { light: 'file:openOrCloseTicket.svg', dark: 'file:openOrCloseTicket.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["queue"] === "__doNotMap__" ? "Ticketing off (Do Not Map)" : "Queue: " + $parameter["queue"] }}',
		description: 'Open an Autotask ticket per BDR alert, note repeats on it, close it when the BDR reports OK',
		defaults: { name: 'Open or Close Ticket' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties,
	};

	methods = {
		listSearch,
		loadOptions: { ...loadOptions, getTicketQueues, getTicketQueuesOrDefault, getErrorPriorities },
		credentialTest,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const results = new Map<number, ItemResult>();
		const pending: Array<{ index: number; key: string; input: Exclude<ReturnType<typeof readTicketInput>, { problem: string }> }> = [];
		const raws = new Map<number, ReturnType<typeof readRawSettings>>();

		for (let i = 0; i < items.length; i++) {
			const input = readTicketInput(items[i].json);
			if ('problem' in input) {
				results.set(i, { outcome: 'error', reason: input.problem, alertKey: '', error: new NodeOperationError(this.getNode(), input.problem, { itemIndex: i }) });
				continue;
			}
			const key = alertKeyOf(input.event);
			let raw: ReturnType<typeof readRawSettings>;
			try {
				raw = readRawSettings(this, i, input.event.customer.id, input.companyId);
			} catch (error) {
				// An option that cannot be read (e.g. Quiet Hours): the message names it.
				const message = (error as Error).message;
				results.set(i, { outcome: 'error', reason: message, alertKey: key, error: new NodeOperationError(this.getNode(), message, { itemIndex: i }) });
				continue;
			}
			const off = ticketingDisabledReason(raw.choices);
			if (off) {
				results.set(i, { outcome: 'skipped', reason: off, alertKey: key });
				continue;
			}
			if (input.companyId === undefined) {
				results.set(i, { outcome: 'error', reason: NO_COMPANY, alertKey: key, error: new NodeOperationError(this.getNode(), NO_COMPANY, { itemIndex: i }) });
				continue;
			}
			raws.set(i, raw);
			pending.push({ index: i, key, input });
		}

		if (pending.length) {
			const client = (await autotaskClientFor(this)) as unknown as TicketClient;
			const resolver = new PicklistResolver(client);
			const batch: BatchItem[] = [];
			let budgetError: unknown;
			for (const p of pending) {
				if (budgetError) {
					results.set(p.index, failedResult(budgetError, p.key));
					continue;
				}
				try {
					const settings = await resolver.resolve(raws.get(p.index)!);
					batch.push({ index: p.index, key: p.key, event: p.input.event, companyId: p.input.companyId!, contractId: p.input.contractId, settings });
				} catch (error) {
					if (isBudgetSpent(error)) budgetError = error;
					results.set(p.index, failedResult(error, p.key));
				}
			}
			if (budgetError) for (const b of batch.splice(0)) results.set(b.index, failedResult(budgetError, b.key));
			if (batch.length) {
				try {
					const closed = await closedStatuses(client, batch.map((b) => b.settings.statusClose));
					const notes = await noteDefaults(client);
					const done = await runTicketBatch(client, batch, { closedStatuses: closed, notes });
					for (const [index, result] of done) results.set(index, result);
				} catch (error) {
					// The batch read failed: every event of the batch gets the same reason.
					for (const b of batch) {
						results.set(b.index, failedResult(error, b.key));
					}
				}
			}
		}

		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const r = results.get(i)!;
			if (r.outcome === 'error' && !this.continueOnFail()) throw asNodeError(this, r.error, i);
			const json: IDataObject = {
				...items[i].json,
				outcome: r.outcome,
				reason: r.reason,
				reasonCode: r.reasonCode ?? null,
				alertKey: r.alertKey || null,
				ticketId: r.ticketId ?? null,
				ticketNumber: r.ticketNumber ?? null,
			};
			output.push({ json, pairedItem: { item: i } });
		}
		return [output];
	}
}

/** A budget refusal is reported as outcome `budget` (the node goes on, spending nothing more); anything else is an error. */
function failedResult(error: unknown, alertKey: string): ItemResult {
	if (isBudgetSpent(error)) {
		return { outcome: 'budget', reason: BUDGET_NOT_TRIED, alertKey };
	}
	return { outcome: 'error', reason: (error as Error).message, alertKey, error };
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (isAutotaskError(error)) return toNodeApiError(ctx.getNode(), error, itemIndex);
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
}
