import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { credentialTest, listSearch, loadOptions } from '../methods';
import { mapCustomers } from './actions/mapCustomers';
import { suggestMappings } from './actions/suggestMappings';
import { mapCustomerProperties } from './properties';

/** The Axcient guide's Customer Map: BDR customer → Autotask company and contract, with an inbox for the unmapped. */
export class BdrMapCustomer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Map Customer',
		name: 'bdrMapCustomer',
		icon: { light: 'file:mapCustomer.svg', dark: 'file:mapCustomer.dark.svg' },
		group: ['transform'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle: '={{$parameter["operation"] === "suggest" ? "Suggest Mappings" : "Map Customers"}}',
		description: 'Resolve BDR customers to their Autotask company and Recurring Service contract',
		defaults: { name: 'Map Customer' },
		// Deliberately not an AI-agent tool: an agent sends one flat item and reads only the first
		// output, which this node cannot work with (README, "Use from an AI agent"; BDR Backup Assistant
		// is the tool). n8n's types allow no `false`, and its lint wants the choice written down.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Mapped', 'Unmapped'],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties: mapCustomerProperties,
	};

	methods = { listSearch, loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'map') as string;
		if (operation === 'suggest') return await suggestMappings.call(this);
		const outputs = await mapCustomers.call(this);
		const unmapped = outputs[1]?.length ?? 0;
		// A hint only: the items and outputs are unchanged.
		if (unmapped > 0 && typeof this.addExecutionHints === 'function') {
			this.addExecutionHints({
				message: `${unmapped} ${unmapped === 1 ? 'item' : 'items'} could not be mapped and went to the second output, <b>Unmapped</b>: each says why and how to fix the map`,
				type: 'warning',
				location: 'outputPane',
			});
		}
		return outputs;
	}
}
