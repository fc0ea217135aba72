/**
 * Sync Billing's run over the contracts of one execution, phase by phase: read what Autotask holds,
 * plan, write, settle with executions that synced the same contracts at the same time, and report.
 * The decisions are pure (nodes/logic: billingPlan.ts plans, billingOutcome.ts decides each
 * contract's outcome and message); this file does the reads and writes between them.
 */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { autotaskClientFor, type AutotaskClient } from '../autotask/client';
import { isBudgetSpent, toNodeApiError } from '../autotask/errors';
import {
	contractOutcome,
	firstRetry,
	newerUsageBilled,
	retryDescription,
	unreadOutcome,
	type ContractOutcome,
	type OutcomeInput,
} from '../logic/billingOutcome';
import { planContract } from '../logic/billingPlan';
import type { TwinResult } from '../logic/billingTwins';
import type { ContractUsage } from '../logic/billingUsage';
import { settleConcurrentSyncs, writtenContracts } from './concurrentSyncs';
import {
	readBilledNotes,
	readBillingState,
	type BilledNotes,
	type BillingState,
} from './readBillingState';
import type { SyncSettings } from './syncSettings';
import { failureOf, writeContracts, type WrittenContracts } from './writeBillingChanges';

type Planned = Pick<OutcomeInput, 'usage' | 'plan' | 'newerBilled'>;

function itemOf(usage: ContractUsage, outcome: ContractOutcome): INodeExecutionData {
	return {
		json: outcome as unknown as IDataObject,
		pairedItem: usage.itemIndices.map((item) => ({ item })),
	};
}

/** Read: our billing notes first, then the contracts, units and services (batched over all contracts). */
type Found =
	| { client: AutotaskClient; billed: BilledNotes; state: BillingState }
	| { unread: INodeExecutionData[] };

async function read(
	ctx: IExecuteFunctions,
	usages: ContractUsage[],
	settings: SyncSettings,
): Promise<Found> {
	try {
		const client = await autotaskClientFor(ctx);
		// Every note this read sees was written after its run's adjustments, so the units read next
		// include them; a twin's note above the watermark is one this run may have missed.
		const billed = await readBilledNotes(
			client,
			usages,
			DateTime.now().minus({ days: 1 }).toUTC().toISO() as string,
		);
		const state = await readBillingState(
			client,
			usages.map((u) => u.contractId),
			settings.rows.map((r) => r.serviceId),
			settings.effectiveDate,
		);
		return { client, billed, state };
	} catch (error) {
		// A spent budget is no failure of the run: report `budget`, the next run finishes.
		if (!isBudgetSpent(error) && !ctx.continueOnFail()) throw toNodeApiError(ctx.getNode(), error);
		return { unread: usages.map((u) => itemOf(u, unreadOutcome(u, failureOf(error)!, settings))) };
	}
}

function plan(
	usages: ContractUsage[],
	billed: BilledNotes,
	state: BillingState,
	settings: SyncSettings,
): Planned[] {
	return usages.map((usage) => ({
		usage,
		plan: planContract({
			usage,
			contract: state.contracts.get(usage.contractId),
			rows: settings.rows,
			services: state.services,
			addMissingServices: settings.addMissingServices,
		}),
		newerBilled: newerUsageBilled(usage, billed.newest),
	}));
}

/** Write: every changed contract whose usage is not older than what is billed; nothing in a dry run. */
async function write(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	planned: Planned[],
	billed: BilledNotes,
	settings: SyncSettings,
): Promise<WrittenContracts> {
	if (settings.dryRun) return { results: new Map() };
	const work = planned.filter((p) => p.plan.status === 'change' && !p.newerBilled);
	// Unique per execution, so that two executions posting the same change never share a note marker.
	const runId = `${ctx.getExecutionId() ?? ''}.${Math.random().toString(36).slice(2, 10)}`;
	return writeContracts(client, work, {
		effectiveDate: settings.effectiveDate,
		writeNote: settings.writeNote,
		runId,
		seen: billed.watermark,
	});
}

/** Settle: another execution may have changed the same contracts between our read and our note. */
async function settle(
	client: AutotaskClient,
	written: WrittenContracts,
	billed: BilledNotes,
	settings: SyncSettings,
): Promise<Map<number, TwinResult>> {
	if (settings.dryRun || written.budget) return new Map();
	return settleConcurrentSyncs(client, writtenContracts(written.results), billed, {
		effectiveDate: settings.effectiveDate,
	});
}

/**
 * Outcomes: one item per contract. A write that failed for a passing reason (5xx, lost answer,
 * network) fails the execution once every contract is handled, unless continue-on-fail: n8n then
 * lists it for Retry and runs the error workflow.
 */
function report(
	ctx: IExecuteFunctions,
	planned: Planned[],
	written: WrittenContracts,
	twins: Map<number, TwinResult>,
	settings: SyncSettings,
): INodeExecutionData[] {
	const budget = failureOf(written.budget);
	const decided = planned.map((p) => {
		const result = written.results.get(p.plan.contractId);
		const twin = twins.get(p.plan.contractId);
		const outcome = {
			...p,
			write: result && { ...result, failure: failureOf(result.error) },
			twin: twin && { ...twin, failure: failureOf(twin.error) },
			budget,
		};
		return contractOutcome(outcome, settings);
	});
	const retry = firstRetry(decided);
	if (retry && !ctx.continueOnFail()) {
		const failed = toNodeApiError(ctx.getNode(), retry.cause);
		failed.description = retryDescription(retry.contractId, failed.description ?? undefined);
		throw failed;
	}
	return decided.map((d, i) => itemOf(planned[i].usage, d.outcome));
}

/** read → plan → write → settle → outcomes, for the contracts the input items map to. */
export async function syncContracts(
	ctx: IExecuteFunctions,
	usages: ContractUsage[],
	settings: SyncSettings,
): Promise<INodeExecutionData[]> {
	if (!usages.length) return [];
	const { budget } = settings;
	if (budget) return usages.map((u) => itemOf(u, unreadOutcome(u, budget, settings)));
	const found = await read(ctx, usages, settings);
	if ('unread' in found) return found.unread;
	const { client, billed, state } = found;
	const planned = plan(usages, billed, state, settings);
	const written = await write(ctx, client, planned, billed, settings);
	const twins = await settle(client, written, billed, settings);
	return report(ctx, planned, written, twins, settings);
}
