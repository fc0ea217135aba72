import type { INodeProperties } from 'n8n-workflow';

import { listOrIdModes } from '../methods/locatorModes';

/** Parameters of Map Customer: the Axcient guide's Customer Map, in three places it can live. */
export const mapCustomerProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'map',
		options: [
			{
				name: 'Map Customers',
				value: 'map',
				action: 'Map customers to companies and contracts',
				description:
					'Add the Autotask company and contract to each item; unmapped items go to the second output with the reason',
			},
			{
				name: 'Suggest Mappings',
				value: 'suggest',
				action: 'Suggest companies for customers by name',
				description:
					'Propose the best-matching Autotask company (and the runner-up) for each BDR customer, for onboarding',
			},
		],
	},
	{
		displayName: 'BDR Customer ID',
		name: 'customerId',
		type: 'string',
		default: '={{ $json.customer.id }}',
		required: true,
		description:
			"The BDR customer ID of each item. The default reads the BDR Event Trigger's output.",
	},
	{
		displayName: 'BDR Customer Name',
		name: 'customerName',
		type: 'string',
		default: '={{ $json.customer.name }}',
		required: true,
		displayOptions: { show: { operation: ['suggest'] } },
		description: 'The BDR customer name compared with Autotask company names',
	},
	{
		displayName: 'Map Lives In',
		name: 'mapSource',
		type: 'options',
		default: 'table',
		displayOptions: { show: { operation: ['map'] } },
		options: [
			{
				name: 'This Node (Table)',
				value: 'table',
				description: 'Rows of BDR customer ID → Autotask company → contract, kept in the node',
			},
			{
				name: 'Autotask Company Field',
				value: 'companyField',
				description:
					'A user-defined field on each Autotask company holds its BDR customer ID; scales to thousands of customers',
			},
			{
				name: 'Fields on the Item',
				value: 'itemFields',
				description:
					'Company and contract IDs already on the item (from a spreadsheet, data table, earlier node)',
			},
		],
	},
	{
		displayName: 'Mappings',
		name: 'mappings',
		type: 'fixedCollection',
		placeholder: 'Add Mapping',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { operation: ['map'], mapSource: ['table'] } },
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'BDR Customer ID',
						name: 'bdrCustomerId',
						type: 'string',
						default: '',
						required: true,
						description: 'The customer ID as the BDR portal shows it',
					},
					{
						displayName: 'Autotask Company',
						name: 'company',
						type: 'resourceLocator',
						default: { mode: 'list', value: '' },
						required: true,
						description: 'The Autotask company (the Axcient guide\'s "Autotask PSA Account ID")',
						...listOrIdModes('searchCompanies', 'company', 'e.g. 29683001'),
					},
					{
						displayName: 'Contract',
						name: 'contract',
						type: 'resourceLocator',
						default: { mode: 'list', value: '' },
						description:
							'The Recurring Service contract billed for this customer (the Axcient guide\'s "Get Contracts"). Leave empty for ticketing only, or to use the single active recurring contract (see Options).',
						...listOrIdModes('searchContracts', 'contract', 'e.g. 29684300'),
					},
				],
			},
		],
	},
	{
		displayName: 'Company Field Name',
		name: 'udfName',
		type: 'string',
		default: 'BDR Customer ID',
		required: true,
		displayOptions: { show: { operation: ['map'], mapSource: ['companyField'] } },
		description:
			'Name of the company user-defined field (Admin > Extensions > User-Defined Fields) that holds the BDR customer ID',
	},
	{
		displayName: 'Contract Field Name',
		name: 'contractUdfName',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['map'], mapSource: ['companyField'] } },
		description:
			'Optional: name of a company user-defined field holding the Autotask contract ID to use. Empty = no mapped contract.',
	},
	{
		displayName: 'Company ID',
		name: 'companyIdValue',
		type: 'string',
		default: '={{ $json.autotaskCompanyId }}',
		required: true,
		displayOptions: { show: { operation: ['map'], mapSource: ['itemFields'] } },
		description: 'The Autotask company ID of the item',
	},
	{
		displayName: 'Contract ID',
		name: 'contractIdValue',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['map'], mapSource: ['itemFields'] } },
		description:
			'Optional: the Autotask contract ID of the item, usually an expression reading a field of the item',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['map'] } },
		options: [
			{
				displayName: 'Use the Single Active Recurring Contract',
				name: 'allowSingleRecurringContract',
				type: 'boolean',
				default: false,
				description:
					"Whether a customer with no mapped contract uses its company's Recurring Service contract when it has exactly one that is active today",
			},
			{
				displayName: 'Require Contract',
				name: 'requireContract',
				type: 'boolean',
				default: false,
				description:
					'Whether an item without a usable contract goes to Unmapped (turn on for billing; ticketing works without a contract)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'suggestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['suggest'] } },
		options: [
			{
				displayName: 'Minimum Score',
				name: 'minScore',
				type: 'number',
				default: 0.5,
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				description: 'Suggestions scoring below this (0 to 1) are not proposed',
			},
			{
				displayName: 'Include Non-Customer Companies',
				name: 'includeNonCustomers',
				type: 'boolean',
				default: false,
				description:
					'Whether leads, prospects, vendors and inactive companies are candidates too (the integration needs type Customer)',
			},
		],
	},
];
