import { DateTime } from 'luxon';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { AutotaskApiError, toNodeApiError } from '../autotask/errors';
import { planContract, type ContractPlan, type ServiceChange } from '../logic/billingPlan';
import { checkBillingRows, isStorageQuantity, rowLabel, type BillingRow, type QuantityKind } from '../logic/billingSettings';
import { sumUsageByContract, type ContractUsage } from '../logic/billingUsage';
import type { Conversion, Rounding, UnitBase } from '../logic/units';
import { credentialTest, listSearch, loadOptions } from '../methods';
import { syncBillingProperties } from './properties';
import { CORRECTION_ROUNDS, settleConcurrentSyncs, type TwinResult, type WrittenContract } from './concurrentSyncs';
import { readBilledNotes, readBillingState, resolveServiceNames, type BilledNotes, type BillingState } from './readBillingState';
import { isDefiniteRefusal, writeContractPlan, type WriteResult } from './writeBillingChanges';

/** Contracts written at the same time; the client also holds Autotask's 3-per-endpoint thread limit. */
const CONTRACTS_IN_PARALLEL = 3;

export type BillingOutcome = 'updated' | 'unchanged' | 'dry-run' | 'budget' | 'error';

const isBudget = (error: unknown) => error instanceof AutotaskApiError && error.isBudget;

/** Outcome fields of a contract another execution changed at the same time (see concurrentSyncs.ts). */
function twinOutcome(twin: TwinResult, applied: number, effectiveDate: string): IDataObject {
	const concurrentSync: IDataObject = {
		survivorNoteId: twin.survivorNoteId ?? null,
		survivorTargets: (twin.survivorTargets ?? null) as IDataObject | null,
		corrections: twin.corrections.map((c) => ({ ...c })),
		noteMarkedSuperseded: twin.marked ?? false,
	};
	if (twin.status === 'corrected') {
		const marked = twin.marked ? '' : ` (marking this run's note as superseded failed: ${errorText(twin.error)})`;
		return {
			outcome: 'updated', reason: 'concurrent-sync-corrected', concurrentSync,
			message: `${applied} service(s) updated from ${effectiveDate}; another execution changed this contract at the same time (its note ${twin.survivorNoteId} came first), so the units were set to its targets and this run's note is marked superseded${marked}`,
		};
	}
	if (twin.status === 'failed' && isBudget(twin.error)) {
		return { outcome: 'budget', reason: 'budget-exhausted', concurrentSync, message: budgetMessage(twin.error) };
	}
	if (twin.status === 'unsettled') {
		return {
			outcome: 'error', reason: 'concurrent-sync-unsettled', concurrentSync,
			message: `Another execution changed this contract at the same time and the units did not hold the targets of its note ${twin.survivorNoteId} after ${CORRECTION_ROUNDS} correction rounds: rerun this sync (it posts reported minus current units)`,
		};
	}
	return {
		outcome: 'error', reason: 'concurrent-sync-check-failed', concurrentSync,
		message: `Units were updated, but checking for another execution syncing this contract at the same time failed: ${errorText(twin.error)}. Rerun this sync: it re-reads the units and posts only what differs.`,
	};
}

/** Rows as set, with the service as typed: an ID (from the list) or a service name (templates). */
function readRows(ctx: IExecuteFunctions): Array<BillingRow & { serviceRef: string }> {
	const settings = ctx.getNodeParameter('billingSettings', 0, {}) as { rows?: IDataObject[] };
	return (settings.rows ?? []).map((r, index) => {
		const quantity = String(r.quantity ?? 'serverLicenses') as QuantityKind;
		// The service is a resource locator (list / ID / name); a plain value is an ID or a name.
		const locator = typeof r.serviceId === 'object' && r.serviceId !== null ? (r.serviceId as IDataObject) : undefined;
		const serviceRef = String(locator ? locator.value ?? '' : r.serviceId ?? '').trim();
		const byName = locator?.mode === 'name';
		const convertible = isStorageQuantity(quantity) || quantity === 'custom';
		return {
			index,
			quantity,
			customPath: quantity === 'custom' ? String(r.customPath ?? '') : undefined,
			serviceRef,
			serviceId: byName || !/^\d+$/.test(serviceRef) ? 0 : Number(serviceRef),
			// Counts are billed as reported: a conversion left over from a storage row must not apply.
			conversion: (convertible ? String(r.conversion ?? 'GB') : 'none') as Conversion,
			base: String(r.base ?? 'binary') as UnitBase,
			rounding: String(r.rounding ?? 'up') as Rounding,
			included: Number(r.included ?? 0),
			minimum: Number(r.minimum ?? 0),
		};
	});
}

function effectiveDateOf(choice: string, timezone: string): string {
	const today = DateTime.now().setZone(timezone).startOf('day');
	const date = choice === 'firstOfNextMonth' ? today.startOf('month').plus({ months: 1 }) : today;
	return date.toISODate() as string;
}

async function forEachLimited<T>(values: T[], limit: number, work: (value: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < values.length) await work(values[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function budgetMessage(error: unknown): string {
	return `Not written: ${errorText(error)}. Nothing more was sent to Autotask in this run; the next run (once the hour rolls) finishes the work without double counting.`;
}

export class BdrSyncBilling implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sync Billing',
		name: 'bdrSyncBilling',
		icon: { light: 'file:syncBilling.svg', dark: 'file:syncBilling.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["dryRun"] ? "Dry run" : "Write units" }}',
		description: 'Synchronize BDR license counts and storage to the units of Autotask Recurring Service contracts',
		defaults: { name: 'Sync Billing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties: syncBillingProperties,
		usableAsTool: true,
	};

	methods = { listSearch, loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const rows = readRows(this);
		const refuse = (problems: Array<{ message: string }>) => {
			throw new NodeOperationError(this.getNode(), problems[0].message, {
				description: problems.slice(1).map((p) => p.message).join('\n') || undefined,
			});
		};
		// Rows naming their service by name are checked once the names are resolved.
		const named = rows.filter((r) => r.serviceId === 0 && r.serviceRef !== '');
		const early = checkBillingRows(rows.map((r) => (named.includes(r) ? { ...r, serviceId: Number.MAX_SAFE_INTEGER - r.index } : r)));
		if (early.length) refuse(early);
		// An exhausted hourly budget is not a failure of this run: stop spending, report `budget`, the next run finishes.
		let budgetSpent: unknown;
		let ids = new Map<string, number>();
		if (named.length) {
			try {
				ids = await resolveServiceNames(await autotaskClientFor(this), named.map((r) => r.serviceRef));
			} catch (error) {
				if (!isBudget(error)) throw toNodeApiError(this.getNode(), error);
				budgetSpent = error;
			}
			if (budgetSpent) for (const r of named) r.serviceId = Number.MAX_SAFE_INTEGER - r.index;
		}
		if (named.length && !budgetSpent) {
			const missing = named.filter((r) => !ids.has(r.serviceRef.toLowerCase()));
			if (missing.length) {
				refuse(missing.map((r) => ({ message: `Billing Settings ${rowLabel(r)}: no Autotask service is named "${r.serviceRef}": choose the service from the list (Retrieve Services List)` })));
			}
			for (const r of named) r.serviceId = ids.get(r.serviceRef.toLowerCase())!;
			const late = checkBillingRows(rows);
			if (late.length) refuse(late);
		}
		const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
		const effectiveDate = effectiveDateOf(this.getNodeParameter('effectiveDate', 0, 'today') as string, this.getTimezone());
		const options = this.getNodeParameter('options', 0, {}) as { addMissingServices?: boolean; writeNote?: boolean };

		const { contracts: usages, rejected } = sumUsageByContract(items.map((item, index) => ({ index, data: item.json })), rows);
		const output: INodeExecutionData[] = rejected.map((r) => ({
			json: { outcome: 'error', reason: r.reason, message: r.message, dryRun, effectiveDate },
			pairedItem: { item: r.index },
		}));

		const base = (usage: ContractUsage, plan?: ContractPlan): IDataObject => ({
			contractId: usage.contractId,
			contractName: plan?.contractName ?? usage.contractName ?? null,
			companyId: plan?.companyId ?? usage.companyId ?? null,
			companyName: usage.companyName ?? null,
			effectiveDate,
			dryRun,
			sourceEventIds: usage.eventIds,
			devices: usage.deviceIds,
		});
		const paired = (usage: ContractUsage) => usage.itemIndices.map((item) => ({ item }));
		if (usages.length === 0) return [output];
		const budgetItems = (error: unknown) => {
			for (const usage of usages) {
				output.push({ json: { ...base(usage), outcome: 'budget', reason: 'budget-exhausted', message: budgetMessage(error), changes: [] }, pairedItem: paired(usage) });
			}
			return [output];
		};
		if (budgetSpent) return budgetItems(budgetSpent);

		let state: BillingState;
		let billed: BilledNotes;
		try {
			const client = await autotaskClientFor(this);
			// Notes first: every note this read sees was written after its run's adjustments, so the units
			// read next include them; a twin's note above the watermark is one this run may have missed.
			billed = await readBilledNotes(client, usages, DateTime.now().minus({ days: 1 }).toUTC().toISO() as string);
			state = await readBillingState(client, usages.map((u) => u.contractId), rows.map((r) => r.serviceId), effectiveDate);
		} catch (error) {
			if (isBudget(error)) return budgetItems(error);
			if (!this.continueOnFail()) throw toNodeApiError(this.getNode(), error);
			for (const usage of usages) {
				output.push({ json: { ...base(usage), outcome: 'error', reason: 'autotask-read-failed', message: errorText(error), changes: [] }, pairedItem: paired(usage) });
			}
			return [output];
		}

		const plans = usages.map((usage) =>
			planContract({ usage, contract: state.contracts.get(usage.contractId), rows, services: state.services, addMissingServices: options.addMissingServices ?? false }),
		);
		const newestBilled = billed.newest;
		const olderThanBilled = (usage: ContractUsage) => {
			const newest = newestBilled.get(usage.contractId);
			return newest !== undefined && usage.usageAsOf !== undefined && Date.parse(newest) > Date.parse(usage.usageAsOf) ? newest : undefined;
		};
		const results = new Map<number, WriteResult>();
		let twins = new Map<number, TwinResult>();
		// Unique per execution, so that two executions posting the same change never share a note marker.
		const runId = `${this.getExecutionId() ?? ''}.${Math.random().toString(36).slice(2, 10)}`;
		if (!dryRun) {
			const client = await autotaskClientFor(this);
			const toWrite = plans.filter((p, position) => p.status === 'change' && !olderThanBilled(usages[position]));
			await forEachLimited(toWrite, CONTRACTS_IN_PARALLEL, async (plan) => {
				if (budgetSpent) return;
				const usage = usages.find((u) => u.contractId === plan.contractId)!;
				const result = await writeContractPlan(client, plan, {
					effectiveDate, writeNote: options.writeNote ?? true, eventIds: usage.eventIds, usageAsOf: usage.usageAsOf, runId, seen: billed.watermark,
				});
				// An exhausted hourly budget refuses every further request: stop, the next run finishes the work.
				if (isBudget(result.error)) budgetSpent = result.error;
				results.set(plan.contractId, result);
			});
			// Another execution may have changed the same contracts between our read and our note.
			const written: WrittenContract[] = [];
			for (const [contractId, r] of results) {
				if (r.noteId === undefined || r.noteDescription === undefined || r.applied.length === 0) continue;
				written.push({
					contractId, noteId: r.noteId, noteTitle: r.noteTitle ?? '', noteDescription: r.noteDescription,
					targets: r.targets, appliedServiceIds: r.applied.map((c) => c.serviceId),
				});
			}
			if (!budgetSpent) twins = await settleConcurrentSyncs(client, written, billed, { effectiveDate });
		}

		// A write that failed for a passing reason (5xx, lost answer, network) fails the execution once every
		// contract is handled, unless continue-on-fail: n8n then lists it for Retry and runs the error workflow.
		let transient: { error: unknown; contractId: number } | undefined;
		usages.forEach((usage, position) => {
			const plan = plans[position];
			const json: IDataObject = { ...base(usage, plan) };
			const changes: Array<ServiceChange & { correction?: IDataObject }> = plan.changes.map((c) => ({ ...c }));
			const newer = olderThanBilled(usage);
			if (newer && plan.status !== 'error') {
				// A retried or late execution: newer usage is already billed, so this one must not roll it back.
				json.outcome = 'unchanged';
				json.reason = 'newer-usage-billed';
				json.message = `Usage as of ${usage.usageAsOf} is older than the usage already billed (as of ${newer}, see the contract's billing note); nothing was written`;
				for (const c of changes) if (c.status === 'change') c.status = 'blocked';
			} else if (plan.status === 'error') {
				json.outcome = 'error';
				json.reason = plan.problems[0].code;
				json.message = plan.problems.map((p) => p.message).join('\n');
				json.problems = plan.problems.map((p) => ({ ...p }));
			} else if (plan.status === 'unchanged') {
				json.outcome = 'unchanged';
				json.reason = 'units-match';
				json.message = 'Autotask already holds the units the usage calls for; nothing was written';
			} else if (dryRun) {
				json.outcome = 'dry-run';
				json.reason = 'dry-run';
				json.message = 'Dry run: these changes would be posted; turn off Dry Run to write them';
			} else {
				const result = results.get(plan.contractId);
				const applied = new Set((result?.applied ?? []).map((c) => c.serviceId));
				for (const c of changes) if (c.status === 'change' && !applied.has(c.serviceId)) c.status = 'blocked';
				if (result?.noteId !== undefined) json.note = { id: result.noteId, title: result.noteTitle ?? null };
				if (!result || isBudget(result.error)) {
					json.outcome = 'budget';
					json.reason = 'budget-exhausted';
					const done = result?.applied.length ? ` ${result.applied.length} service(s) were updated before the budget ran out.` : '';
					json.message = budgetMessage(result?.error ?? budgetSpent) + done;
				} else if (result.error) {
					json.outcome = 'error';
					json.reason = 'autotask-write-failed';
					if (!transient && !isDefiniteRefusal(result.error)) transient = { error: result.error, contractId: plan.contractId };
					const done = result.applied.length ? `${result.applied.length} service(s) were updated before it failed; ` : '';
					json.message = `${errorText(result.error)}. ${done}running again completes the rest without double counting.`;
					// What landed was still checked against a concurrent twin: show what that did.
					const twin = twins.get(plan.contractId);
					if (twin && twin.status !== 'none') json.concurrentSync = twinOutcome(twin, result.applied.length, effectiveDate).concurrentSync as IDataObject;
				} else {
					json.outcome = 'updated';
					json.reason = 'units-changed';
					json.message = `${result.applied.length} service(s) updated from ${effectiveDate}`;
					const twin = twins.get(plan.contractId);
					if (twin && twin.status !== 'none') {
						Object.assign(json, twinOutcome(twin, result.applied.length, effectiveDate));
						for (const c of changes) {
							const fix = twin.corrections.find((x) => x.serviceId === c.serviceId);
							if (fix) c.correction = { ...fix };
						}
						if (twin.status === 'unsettled' || (twin.status === 'failed' && !isDefiniteRefusal(twin.error))) {
							transient ??= { error: twin.error ?? new Error(String(json.message)), contractId: plan.contractId };
						}
					}
				}
			}
			json.changes = changes as unknown as IDataObject[];
			output.push({ json, pairedItem: paired(usage) });
		});
		if (transient && !this.continueOnFail()) {
			const failed = toNodeApiError(this.getNode(), transient.error);
			failed.description = `Contract ${transient.contractId}: ${failed.description ?? ''} The other contracts were handled; retrying this execution completes the rest without double counting.`.trim();
			throw failed;
		}
		return [output];
	}
}
