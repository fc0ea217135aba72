import type { INodeProperties } from 'n8n-workflow';

import { listOrIdModes } from '../methods/locatorModes';

const STORAGE_OR_CUSTOM = ['localStorage', 'offsiteStorage', 'custom'];

/** One billing row: a BDR quantity and the Autotask service that bills it (the guide's Billing Settings). */
const rowFields: INodeProperties[] = [
	{
		displayName: 'BDR Quantity',
		name: 'quantity',
		type: 'options',
		default: 'serverLicenses',
		options: [
			{
				name: 'Appliances',
				value: 'appliances',
				description: 'Read from usage.licenses.appliance',
			},
			{ name: 'Custom Field', value: 'custom', description: 'Any number in the item, by path' },
			{
				name: 'Local Storage',
				value: 'localStorage',
				description: 'Read from usage.storage.localBytes',
			},
			{
				name: 'Offsite (Cloud) Storage',
				value: 'offsiteStorage',
				description: 'Read from usage.storage.offsiteBytes',
			},
			{
				name: 'Server Licenses',
				value: 'serverLicenses',
				description: 'Read from usage.licenses.server',
			},
			{
				name: 'Virtual Licenses',
				value: 'virtualLicenses',
				description: 'Read from usage.licenses.virtual',
			},
			{
				name: 'Workstation Licenses',
				value: 'workstationLicenses',
				description: 'Read from usage.licenses.workstation',
			},
		],
	},
	{
		displayName: 'Custom Field Path',
		name: 'customPath',
		type: 'string',
		default: '',
		placeholder: 'e.g. usage.licenses.hyperv',
		description: "Dot path of the number inside the item's JSON",
		displayOptions: { show: { quantity: ['custom'] } },
	},
	{
		displayName: 'Service',
		name: 'serviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The Autotask service billed for this quantity (Monthly services only; each service in one row)',
		modes: [
			...listOrIdModes('searchServices', 'service', 'e.g. 29684501').modes,
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Axcient Server License',
				hint: 'The exact service name in Autotask (letter case does not matter)',
			},
		],
	},
	{
		displayName: 'Convert Bytes To',
		name: 'conversion',
		type: 'options',
		default: 'GB',
		options: [
			{ name: 'MB', value: 'MB' },
			{ name: 'GB', value: 'GB' },
			{ name: 'TB', value: 'TB' },
			{ name: 'None (Field Holds a Count)', value: 'none' },
		],
		description: 'Storage is reported in bytes: the unit one billed unit stands for',
		displayOptions: { show: { quantity: STORAGE_OR_CUSTOM } },
	},
	{
		displayName: 'Unit Base',
		name: 'base',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'Binary (1 GB = 1024³ Bytes)', value: 'binary' },
			{ name: 'Decimal (1 GB = 1000³ Bytes)', value: 'decimal' },
		],
		displayOptions: { show: { quantity: STORAGE_OR_CUSTOM } },
	},
	{
		displayName: 'Rounding',
		name: 'rounding',
		type: 'options',
		default: 'up',
		options: [
			{ name: 'Up', value: 'up' },
			{ name: 'Nearest', value: 'nearest' },
			{ name: 'Down', value: 'down' },
		],
		description: 'How a fractional amount becomes whole units (Autotask units are integers)',
		displayOptions: { show: { quantity: STORAGE_OR_CUSTOM } },
	},
	{
		displayName: 'Included Allowance',
		name: 'included',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description:
			"Units included in the contract price: only what lies above is billed ('less included')",
	},
	{
		displayName: 'Minimum Units',
		name: 'minimum',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Bill at least this many units',
	},
];

/** Parameters of Sync Billing: the guide's "Billing Settings" plus how and when units are posted. */
export const syncBillingProperties: INodeProperties[] = [
	{
		displayName:
			'Each input item needs json.autotask.contractId (from Map Customer) and a usage snapshot (json.usage from a BDR usage report). Items of the same contract are summed.',
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description:
			'Whether to only output the plan (units before → after per service) and write nothing to Autotask. Turn off once the plan looks right.',
	},
	{
		displayName: 'Billing Settings',
		name: 'billingSettings',
		placeholder: 'Add BDR Quantity → Service',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description:
			'One row per BDR product quantity and the Autotask service that bills it (each service once)',
		options: [{ displayName: 'Row', name: 'rows', values: rowFields }],
	},
	{
		displayName: 'Effective Date',
		name: 'effectiveDate',
		type: 'options',
		default: 'today',
		options: [
			{
				name: 'Today',
				value: 'today',
				description: "Units change from today (in the workflow's time zone)",
			},
			{
				name: 'First of Next Month',
				value: 'firstOfNextMonth',
				description: 'Units change from the next billing month',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Missing Services',
				name: 'addMissingServices',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a mapped service that is not on the contract yet (instead of reporting "service not on contract"). Services inside a bundle are still refused.',
			},
			{
				displayName: 'Write Contract Note',
				name: 'writeNote',
				type: 'boolean',
				default: true,
				description:
					"Whether to add a note to the contract listing each service's units before → after and the source events when units change. Keep it on: the notes are how concurrent executions syncing the same contract find each other (without them a change can be counted twice) and how a retried old execution knows newer usage is billed.",
			},
		],
	},
];
