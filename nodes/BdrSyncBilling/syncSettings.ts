/**
 * The rows phase: what the node's parameters say, with the services named by name resolved to
 * their ids (one query) and every row checked. Problems in the settings stop the node with the
 * first one named (the rest in the description); a spent hourly budget does not.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { isBudgetSpent, toNodeApiError } from '../autotask/errors';
import type { Failure, SyncRun } from '../logic/billingOutcome';
import { effectiveDateOf } from '../logic/effectiveDate';
import {
	applyServiceIds,
	leaveNamesUnresolved,
	namedRows,
	problemsBeforeNames,
	rowsFromSettings,
	type TypedRow,
} from '../logic/billingRows';
import type { SettingsProblem } from '../logic/billingSettings';
import { resolveServiceNames } from './readBillingState';
import { failureOf } from './writeBillingChanges';

export interface SyncSettings extends SyncRun {
	rows: TypedRow[];
	addMissingServices: boolean;
	writeNote: boolean;
	/** The hourly budget ran out while the service names were resolved: nothing more is sent. */
	budget?: Failure;
}

function refuseIf(ctx: IExecuteFunctions, problems: SettingsProblem[]): void {
	if (!problems.length) return;
	throw new NodeOperationError(ctx.getNode(), problems[0].message, {
		description:
			problems
				.slice(1)
				.map((p) => p.message)
				.join('\n') || undefined,
	});
}

/** Resolves the rows' service names in place; returns the budget failure if the names could not be read. */
async function resolveNames(
	ctx: IExecuteFunctions,
	rows: TypedRow[],
): Promise<Failure | undefined> {
	const named = namedRows(rows);
	if (!named.length) return undefined;
	let ids: Map<string, number>;
	try {
		ids = await resolveServiceNames(
			await autotaskClientFor(ctx),
			named.map((r) => r.serviceRef),
		);
	} catch (error) {
		if (!isBudgetSpent(error)) throw toNodeApiError(ctx.getNode(), error);
		leaveNamesUnresolved(rows);
		return failureOf(error);
	}
	refuseIf(ctx, applyServiceIds(rows, ids));
	return undefined;
}

export async function readSyncSettings(ctx: IExecuteFunctions): Promise<SyncSettings> {
	const billing = ctx.getNodeParameter('billingSettings', 0, {}) as {
		rows?: Array<Record<string, unknown>>;
	};
	const rows = rowsFromSettings(billing.rows ?? []);
	refuseIf(ctx, problemsBeforeNames(rows));
	const budget = await resolveNames(ctx, rows);
	const options = ctx.getNodeParameter('options', 0, {}) as {
		addMissingServices?: boolean;
		writeNote?: boolean;
	};
	return {
		rows,
		dryRun: ctx.getNodeParameter('dryRun', 0, true) as boolean,
		effectiveDate: effectiveDateOf(
			ctx.getNodeParameter('effectiveDate', 0, 'today') as string,
			ctx.getTimezone(),
		),
		addMissingServices: options.addMissingServices ?? false,
		writeNote: options.writeNote ?? true,
		budget,
	};
}
