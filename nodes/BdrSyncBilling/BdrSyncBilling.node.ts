import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTest, listSearch, loadOptions } from '../methods';
import { syncBilling } from './actions/syncBilling';
import { syncBillingProperties } from './properties';

export type { BillingOutcome } from '../logic/billingOutcome';

/**
 * Sync Billing: one operation (actions/syncBilling.ts); the files beside this one are its phases,
 * each contract's outcome and message are decided in nodes/logic/billingOutcome.ts.
 */
export class BdrSyncBilling implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sync Billing',
		name: 'bdrSyncBilling',
		icon: { light: 'file:syncBilling.svg', dark: 'file:syncBilling.dark.svg' },
		group: ['transform'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle: '={{ $parameter["dryRun"] ? "Dry run" : "Write units" }}',
		description:
			'Synchronize BDR license counts and storage to the units of Autotask Recurring Service contracts',
		defaults: { name: 'Sync Billing' },
		// Deliberately not an AI-agent tool: an agent sends one flat item and reads only the first
		// output, which this node cannot work with (README, "Use from an AI agent"; BDR Backup Assistant
		// is the tool). n8n's types allow no `false`, and its lint wants the choice written down.
		usableAsTool: undefined,
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
		return await syncBilling.call(this);
	}
}
