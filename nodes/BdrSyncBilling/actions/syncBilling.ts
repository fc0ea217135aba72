/**
 * The one operation of Sync Billing: settings (syncSettings.ts) → usage summed per contract
 * (nodes/logic/billingUsage.ts) → read, plan, write, settle, outcomes (syncContracts.ts).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { budgetHint, rejectedOutcome } from '../../logic/billingOutcome';
import { sumUsageByContract } from '../../logic/billingUsage';
import { syncContracts } from '../syncContracts';
import { readSyncSettings } from '../syncSettings';

export async function syncBilling(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = await readSyncSettings(this);
	const items = this.getInputData().map((item, index) => ({ index, data: item.json }));
	const { contracts, rejected } = sumUsageByContract(items, settings.rows);
	const unmatched = rejected.map((r) => ({
		json: rejectedOutcome(r, settings),
		pairedItem: { item: r.index },
	}));
	const synced = await syncContracts(this, contracts, settings);
	hintBudget(this, synced);
	return [[...unmatched, ...synced]];
}

/** A hint only, as Map Customer's for unmapped items: the items are unchanged. */
function hintBudget(ctx: IExecuteFunctions, synced: INodeExecutionData[]): void {
	const stopped = synced.filter((item) => item.json.outcome === 'budget').length;
	if (stopped === 0 || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints({ message: budgetHint(stopped), type: 'warning', location: 'outputPane' });
}
