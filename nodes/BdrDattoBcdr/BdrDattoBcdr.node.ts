import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as deviceHealth from './actions/deviceHealth';
import * as listClients from './actions/listClients';
import * as usage from './actions/usage';
import { organizationsOf } from './actions/common';
import { runSource } from '../sources/execute';
import { DATTO_CREDENTIAL, dattoClientFor, dattoNodeError } from './transport';

const operations = { deviceHealth, usage, listClients } as const;
const optionsOf: Record<string, string> = { deviceHealth: 'healthOptions', usage: 'usageOptions' };

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
		version: 1,
		subtitle: '={{ {"deviceHealth": "Device Health", "usage": "Usage", "listClients": "List Clients"}[$parameter["operation"]] }}',
		description: 'Read appliance and agent health, usage and organizations from Datto BCDR as BDR events for ticketing, billing and the customer map',
		defaults: { name: 'Datto BCDR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: DATTO_CREDENTIAL, required: true }],
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
						action: 'Get health of every appliance and agent',
						description: 'The current state of every appliance, agent and share as BDR events (problems and OKs)',
					},
					{
						name: 'List Clients',
						value: 'listClients',
						action: 'List organizations',
						description: "ID and name of every organization with an appliance, e.g. for Map Customer's Suggest Mappings",
					},
					{
						name: 'Usage',
						value: 'usage',
						action: 'Get usage per organization',
						description: 'Appliances, agents and storage per organization as usage reports for Sync Billing',
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
			async getOrganizations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { client, secrets } = await dattoClientFor(this);
				try {
					return [...organizationsOf(await client.allDevices())]
						.map(([id, name]) => ({ name: `${name ?? 'Organization'} (${id})`, value: id }))
						.sort((a, b) => a.name.localeCompare(b.name));
				} catch (error) {
					throw dattoNodeError(this.getNode(), error, secrets);
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
		let secrets: string[] = [];
		return runSource(
			this,
			async (): Promise<IDataObject[]> => {
				const action = operations[operation];
				if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${String(operation)}"`);
				const optionsName = optionsOf[operation];
				const pace = optionsName ? (this.getNodeParameter(optionsName, 0, {}) as { requestsPerSecond?: number }).requestsPerSecond : undefined;
				const made = await dattoClientFor(this, { requestsPerSecond: pace });
				secrets = made.secrets;
				return action.execute.call(this, made.client);
			},
			(error) => dattoNodeError(this.getNode(), error, secrets, 0),
		);
	}
}
