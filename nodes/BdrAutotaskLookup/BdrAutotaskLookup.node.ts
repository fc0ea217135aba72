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
import { credentialTest, listSearch, loadOptions } from '../methods';
import * as checkSetup from './actions/checkSetup';
import * as getCompany from './actions/getCompany';
import * as getContracts from './actions/getContracts';
import * as listServices from './actions/listServices';
import * as listTicketSettings from './actions/listTicketSettings';
import * as searchCompanies from './actions/searchCompanies';

/** Operations that run once per input item. Check Setup runs once for the whole input. */
const perItem = {
	getCompany,
	searchCompanies,
	getContracts,
	listServices,
	listTicketSettings,
} as const;

export class BdrAutotaskLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Lookup',
		name: 'bdrAutotaskLookup',
		icon: { light: 'file:autotaskLookup.svg', dark: 'file:autotaskLookup.dark.svg' },
		group: ['transform'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Retrieve companies, contracts, services and ticket settings from Autotask, and check the setup the BDR integration needs',
		defaults: { name: 'Autotask Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'setup',
				options: [
					{ name: 'Company', value: 'company' },
					{ name: 'Contract', value: 'contract' },
					{ name: 'Service', value: 'service' },
					{ name: 'Setup', value: 'setup' },
					{ name: 'Ticket Setting', value: 'ticketSetting' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['setup'] } },
				default: 'checkSetup',
				options: [
					{
						name: 'Check',
						value: 'checkSetup',
						action: 'Check setup for integration',
						description:
							"Run the guide's billing and ticketing checklists against the tenant: one item per check",
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['company'] } },
				default: 'getCompany',
				options: [
					{
						name: 'Get',
						value: 'getCompany',
						action: 'Get company',
						description: 'Read one company (account)',
					},
					{
						name: 'Search',
						value: 'searchCompanies',
						action: 'Search companies',
						description: 'Find companies by name, type and status',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['contract'] } },
				default: 'getContracts',
				options: [
					{
						name: 'Get Many',
						value: 'getContracts',
						action: 'Get contracts of company',
						description: 'List the contracts of a company (Get Contracts)',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['service'] } },
				default: 'listServices',
				options: [
					{
						name: 'Get Many',
						value: 'listServices',
						action: 'Get many services',
						description: 'List the services that can be billed (Retrieve Services List)',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['ticketSetting'] } },
				default: 'listTicketSettings',
				options: [
					{
						name: 'Get Many',
						value: 'listTicketSettings',
						action: 'Get many ticket settings',
						description:
							'List queues, priorities, statuses, issue types and sources as label/value items',
					},
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
		credentialTest,
		listSearch,
		loadOptions: { ...loadOptions, getCompanyTypes: searchCompanies.getCompanyTypes },
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
