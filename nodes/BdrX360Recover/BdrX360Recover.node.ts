import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as deviceHealth from './actions/deviceHealth';
import * as listClients from './actions/listClients';
import * as usage from './actions/usage';
import { readClients } from './actions/common';
import type { X360RecoverClient } from './transport/client';
import { CREDENTIAL, toNodeError, x360ClientFor } from './transport';

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
		version: 1,
		subtitle: '={{ {"deviceHealth": "Device Health", "usage": "Usage", "listClients": "List Clients"}[$parameter["operation"]] }}',
		description: 'Read device health, usage and clients from Axcient x360Recover as BDR events for ticketing, billing and the customer map',
		defaults: { name: 'x360Recover' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'deviceHealth',
				options: [
					{
						name: 'Device Health',
						value: 'deviceHealth',
						action: 'Get health of every device',
						description: 'The current state of every protected system, appliance and private vault as BDR events (problems and OKs)',
					},
					{
						name: 'List Clients',
						value: 'listClients',
						action: 'List clients',
						description: "ID and name of every client, e.g. for Map Customer's Suggest Mappings",
					},
					{
						name: 'Usage',
						value: 'usage',
						action: 'Get usage per client',
						description: 'Licences and storage per client as usage reports for Sync Billing',
					},
				],
			},
			...deviceHealth.properties,
			...usage.properties,
			...listClients.properties,
		],
	};

	methods = {
		loadOptions: {
			async getClients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				try {
					const client = await x360ClientFor(this);
					const clients = await readClients(client);
					return clients
						.map((c) => ({ name: `${c.name ?? 'Client'} (${c.id})`, value: String(c.id) }))
						.sort((a, b) => a.name.localeCompare(b.name));
				} catch (error) {
					throw toNodeError(this.getNode(), error);
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
		const action = operations[operation];
		// A source: one read of x360Recover per run, whatever the number of input items (a Schedule Trigger gives one).
		const pairedItem = { item: 0 };
		let records: IDataObject[];
		try {
			const optionsName = operation === 'deviceHealth' ? 'healthOptions' : operation === 'usage' ? 'usageOptions' : undefined;
			const pace = optionsName ? (this.getNodeParameter(optionsName, 0, {}) as { requestsPerSecond?: number }).requestsPerSecond : undefined;
			const client: X360RecoverClient = await x360ClientFor(this, { requestsPerSecond: pace });
			if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${String(operation)}"`);
			records = await action.execute.call(this, client);
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, undefined, 0);
			if (this.continueOnFail()) {
				return [[{ json: { error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}) }, pairedItem }]];
			}
			throw nodeError;
		}
		return [records.map((json) => ({ json, pairedItem }))];
	}
}
