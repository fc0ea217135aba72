import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { isAutotaskError, toNodeApiError } from '../autotask/errors';
import { autotaskCredential, credentialTest, listSearch, loadOptions } from '../methods';
import * as checkSetup from './actions/checkSetup';
import * as getCompany from './actions/getCompany';
import * as getContracts from './actions/getContracts';
import * as listServices from './actions/listServices';
import * as listTicketSettings from './actions/listTicketSettings';
import * as searchCompanies from './actions/searchCompanies';

/** Operations that run once per input item. Check Setup runs once for the whole input. */
const perItem = { getCompany, searchCompanies, getContracts, listServices, listTicketSettings } as const;

export class AutotaskLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Lookup',
		name: 'bdrAutotaskLookup',
		icon: { light: 'file:autotaskLookup.svg', dark: 'file:autotaskLookup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Retrieve companies, contracts, services and ticket settings from Autotask, and check the setup the BDR integration needs',
		defaults: { name: 'Autotask Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [autotaskCredential],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'checkSetup',
				options: [
					{
						name: 'Check Setup',
						value: 'checkSetup',
						action: 'Check the Autotask setup for the BDR integration',
						description: "Run the seed's billing and ticketing checklists against the tenant: one item per check",
					},
					{ name: 'Get Company', value: 'getCompany', action: 'Get a company', description: 'Read one company (account)' },
					{
						name: 'Get Contracts',
						value: 'getContracts',
						action: 'Get contracts of a company',
						description: 'List the contracts of a company (Get Contracts)',
					},
					{
						name: 'List Services',
						value: 'listServices',
						action: 'List services',
						description: 'List the services that can be billed (Retrieve Services List)',
					},
					{
						name: 'List Ticket Settings',
						value: 'listTicketSettings',
						action: 'List ticket settings',
						description: 'List queues, priorities, statuses, issue types and sources as label/value items',
					},
					{ name: 'Search Companies', value: 'searchCompanies', action: 'Search companies', description: 'Find companies by name, type and status' },
				],
			},
			...getCompany.properties,
			...searchCompanies.properties,
			...getContracts.properties,
			...listServices.properties,
			...listTicketSettings.properties,
			...checkSetup.properties,
		],
	};

	methods = {
		listSearch,
		loadOptions: { ...loadOptions, getCompanyTypes: searchCompanies.getCompanyTypes },
		credentialTest,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const client = await autotaskClientFor(this);

		if (operation === 'checkSetup') {
			const results = await checkSetup.execute.call(this, client).catch((error: unknown) => {
				throw isAutotaskError(error) ? toNodeApiError(this.getNode(), error) : error;
			});
			const pairedItem = items.map((_, item) => ({ item }));
			return [results.map((r) => ({ json: r as unknown as IDataObject, pairedItem }))];
		}

		const action = perItem[operation as keyof typeof perItem];
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const records = await action.execute.call(this, client, i);
				out.push(...records.map((json) => ({ json, pairedItem: { item: i } })));
			} catch (error) {
				const nodeError = isAutotaskError(error) ? toNodeApiError(this.getNode(), error, i) : error;
				if (this.continueOnFail()) {
					out.push({ json: { error: (nodeError as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw nodeError;
			}
		}
		return [out];
	}
}
