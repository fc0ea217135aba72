import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as deviceHealth from './actions/deviceHealth';
import * as listClients from './actions/listClients';
import * as usage from './actions/usage';
import { clientListLoader, executeSource } from '../sources/execute';
import { SOURCE_SUBTITLE, sourceProperties } from '../sources/parameters';
import { CREDENTIAL, x360ClientFor } from './transport';

const operations = { deviceHealth, usage, listClients } as const;

/**
 * Axcient x360Recover as a source: a regular node after a Schedule Trigger (x360Recover has no
 * webhooks), so it keeps no state; every run reports what x360Recover says now.
 */
export class BdrX360Recover implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'x360Recover',
		name: 'bdrX360Recover',
		icon: { light: 'file:x360Recover.svg', dark: 'file:x360Recover.dark.svg' },
		group: ['input'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle: SOURCE_SUBTITLE,
		description:
			'Read device health, usage and clients from Axcient x360Recover as BDR events for ticketing, billing and the customer map',
		defaults: { name: 'x360Recover' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: sourceProperties(operations),
	};

	methods = {
		loadOptions: {
			getClients: clientListLoader(x360ClientFor, listClients.pickerEntries, 'Client'),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// A source: one read of x360Recover per run, whatever the number of input items (a Schedule Trigger gives one).
		return executeSource(this, operations, x360ClientFor);
	}
}
