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
import { DATTO_CREDENTIAL, dattoClientFor } from './transport';

const operations = { deviceHealth, usage, listClients } as const;

/**
 * Datto BCDR (SIRIS, ALTO) as a source: a regular node after a Schedule Trigger (the API has no
 * webhooks), so it keeps no state; every run reports what Datto says now.
 */
export class BdrDattoBcdr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Datto BCDR',
		name: 'bdrDattoBcdr',
		icon: { light: 'file:dattoBcdr.svg', dark: 'file:dattoBcdr.dark.svg' },
		group: ['input'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle: SOURCE_SUBTITLE,
		description:
			'Read appliance and agent health, usage and organizations from Datto BCDR as BDR events for ticketing, billing and the customer map',
		defaults: { name: 'Datto BCDR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: DATTO_CREDENTIAL, required: true }],
		properties: sourceProperties(operations),
	};

	methods = {
		loadOptions: {
			getOrganizations: clientListLoader(dattoClientFor, listClients.pickerEntries, 'Organization'),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeSource(this, operations, dattoClientFor);
	}
}
