import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { rejectedOutcome } from '../logic/billingOutcome';
import { sumUsageByContract } from '../logic/billingUsage';
import { credentialTest, listSearch, loadOptions } from '../methods';
import { syncBillingProperties } from './properties';
import { syncContracts } from './syncContracts';
import { readSyncSettings } from './syncSettings';

export type { BillingOutcome } from '../logic/billingOutcome';

/**
 * Sync Billing: rows (syncSettings.ts) → read → plan → write → settle → outcomes (syncContracts.ts);
 * each contract's outcome and message are decided in nodes/logic/billingOutcome.ts.
 */
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
		hints: [
			{
				message:
					'Dry run: nothing was written to Autotask. Each item shows the units its contract would get; turn off <b>Dry Run</b> once the plan looks right.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
				displayCondition: '={{ $parameter["dryRun"] === true }}',
			},
		],
	};

	methods = { listSearch, loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const settings = await readSyncSettings(this);
		const items = this.getInputData().map((item, index) => ({ index, data: item.json }));
		const { contracts, rejected } = sumUsageByContract(items, settings.rows);
		const unmatched = rejected.map((r) => ({ json: rejectedOutcome(r, settings), pairedItem: { item: r.index } }));
		return [[...unmatched, ...(await syncContracts(this, contracts, settings))]];
	}
}
