import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { runSetupChecks, type CheckResult, type SetupSettings } from '../../logic/setupChecks';
import type { TicketCheckSettings } from '../../logic/ticketChecks';
import {
	NO_SETUP_DATA,
	checkApi,
	readSetupData,
	type ReadSettings,
	type Scope,
} from './readSetupData';

const show = (extra: IDataObject = {}) => ({ show: { operation: ['checkSetup'], ...extra } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Companies to Check',
		name: 'scope',
		type: 'options',
		default: 'udf',
		displayOptions: show(),
		options: [
			{
				name: 'Companies With a BDR Customer ID',
				value: 'udf',
				description:
					'Every company whose user-defined field holds a BDR customer ID (the customer map kept in Autotask)',
			},
			{
				name: 'Companies and Contracts by ID',
				value: 'ids',
				description: 'Autotask IDs typed here',
			},
			{
				name: 'From Input Items',
				value: 'input',
				description:
					'The autotask.companyId and autotask.contractId of each input item, e.g. the output of Map Customer',
			},
		],
	},
	{
		displayName: 'Customer ID Field Name',
		name: 'udfName',
		type: 'string',
		default: 'BDR Customer ID',
		displayOptions: show({ scope: ['udf'] }),
		description: 'Name of the company user-defined field that holds the BDR customer ID',
	},
	{
		displayName: 'Company IDs',
		name: 'companyIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 29683778, 29683779',
		displayOptions: show({ scope: ['ids'] }),
		description: 'Autotask PSA Account IDs, separated by commas',
	},
	{
		displayName: 'Contract IDs',
		name: 'contractIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 29684011, 29684012',
		displayOptions: show({ scope: ['ids'] }),
		description:
			'The contracts chosen for these companies, separated by commas. Leave empty to accept any active Recurring Service contract of each company.',
	},
	{
		displayName: 'Service Name Contains',
		name: 'serviceNameContains',
		type: 'string',
		default: 'Axcient',
		displayOptions: show(),
		description: 'Services whose name contains this text are the ones billed by the integration',
	},
	{
		displayName: 'Queue Name or ID',
		name: 'queue',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getQueues' },
		default: 'Managed Services Alerts',
		displayOptions: show(),
		description:
			'The ticket queue the ticketing settings name. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Priority Name or ID',
		name: 'priority',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPriorities' },
		default: 'Medium',
		displayOptions: show(),
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Status New Name or ID',
		name: 'statusNew',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTicketStatuses' },
		default: 'New',
		displayOptions: show(),
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Status Complete Name or ID',
		name: 'statusComplete',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTicketStatuses' },
		default: 'Complete',
		displayOptions: show(),
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'options',
		default: 'hours',
		displayOptions: show(),
		options: [
			{
				name: 'Hours After Creation',
				value: 'hours',
				description: 'The node sets the due date; works on every tenant',
			},
			{
				name: 'From the Ticket Category',
				value: 'category',
				description:
					'Autotask fills it in, but only where the ticket category (or the API user\'s default category) supplies a due date and time; other tenants refuse the ticket with "dueDateTime is required"',
			},
		],
		description: 'The Due Date setting of Open or Close Ticket, to check against this tenant',
	},
	{
		displayName: 'Due In (Hours)',
		name: 'dueHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		displayOptions: show({ dueDate: ['hours'] }),
		description: 'Hours from creation to the due date of a new ticket',
	},
	{
		displayName: 'Work Type Name or ID',
		name: 'workType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWorkTypes' },
		default: '',
		displayOptions: show(),
		description:
			'The work type (billing code) Open or Close Ticket puts on new tickets; some tenants require one. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Create Test Ticket',
		name: 'createTestTicket',
		type: 'boolean',
		default: false,
		displayOptions: show(),
		description:
			'Whether to write a real ticket to Autotask: one ticket on your own company, built as Open or Close Ticket builds it ("[BDR] Setup check – safe to ignore"), set to the closing status right away. It is the only sure way to learn whether Autotask accepts the tickets.',
	},
];

const ids = (text: string): number[] =>
	text
		.split(/[\s,;]+/)
		.map((s) => s.trim())
		.filter(Boolean)
		.map(Number)
		.filter((n) => Number.isInteger(n) && n >= 0);

function readScope(ctx: IExecuteFunctions): Scope {
	const scope = ctx.getNodeParameter('scope', 0) as string;
	if (scope === 'udf')
		return {
			udfName: (ctx.getNodeParameter('udfName', 0) as string).trim(),
			chosenContracts: new Set(),
		};
	if (scope === 'ids') {
		return {
			companyIds: ids(ctx.getNodeParameter('companyIds', 0, '') as string),
			chosenContracts: new Set(ids(ctx.getNodeParameter('contractIds', 0, '') as string)),
		};
	}
	const companyIds: number[] = [];
	const chosen = new Set<number>();
	for (const item of ctx.getInputData()) {
		const link = (item.json.autotask ?? {}) as IDataObject;
		if (link.companyId !== undefined) companyIds.push(Number(link.companyId));
		if (link.contractId !== undefined && link.contractId !== null)
			chosen.add(Number(link.contractId));
	}
	return { companyIds, chosenContracts: chosen };
}

/** Many tenants refuse a ticket without a due date: as in Open or Close Ticket, a missing or zero value means 24 hours. */
const DEFAULT_DUE_HOURS = 24;

function readTicketSettings(ctx: IExecuteFunctions): TicketCheckSettings {
	const dueDate = ctx.getNodeParameter('dueDate', 0, 'hours') === 'category' ? 'category' : 'hours';
	const hours = Number(ctx.getNodeParameter('dueHours', 0, DEFAULT_DUE_HOURS));
	const workType = String(ctx.getNodeParameter('workType', 0, '') ?? '').trim();
	return {
		dueDate,
		dueHours: Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_DUE_HOURS,
		workType: workType || undefined,
	};
}

function readSettings(ctx: IExecuteFunctions): ReadSettings & SetupSettings {
	return {
		queue: ctx.getNodeParameter('queue', 0, '') as string,
		priority: ctx.getNodeParameter('priority', 0, '') as string,
		statusNew: ctx.getNodeParameter('statusNew', 0, '') as string,
		statusComplete: ctx.getNodeParameter('statusComplete', 0, '') as string,
		ticket: readTicketSettings(ctx),
		today: new Date().toISOString().slice(0, 10),
		serviceNameContains: ctx.getNodeParameter('serviceNameContains', 0, '') as string,
		createTestTicket: ctx.getNodeParameter('createTestTicket', 0, false) as boolean,
	};
}

/** Reads what the checklists need in a few batched queries (readSetupData.ts), then runs the pure checks. */
export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
): Promise<CheckResult[]> {
	const scope = readScope(this);
	const settings = readSettings(this);
	const api = await checkApi(client);
	if (!api.ok) return runSetupChecks({ ...NO_SETUP_DATA, api }, settings);
	return runSetupChecks(await readSetupData(client, scope, settings, api), settings);
}
