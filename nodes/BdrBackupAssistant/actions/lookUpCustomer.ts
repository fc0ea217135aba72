import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { BACKUP_TICKET_KEY_PREFIX, pickFields } from '../../logic/backupAssistant';
import { companyNotFound, findCompany } from './findCompany';

const show = { show: { operation: ['lookUpCustomer'] } };

/** Open backup tickets listed at most; the count says how many there are in all. */
export const MAX_TICKETS = 25;

export const properties: INodeProperties[] = [
	{
		displayName: 'Customer',
		name: 'customer',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ACME Insurance',
		displayOptions: show,
		description: 'The name (or part of it) or the Autotask ID of the customer company',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description:
			'Whether to return only the fields a technician asks about instead of the full Autotask records',
	},
];

const COMPANY_FIELDS = [
	'id',
	'companyName',
	'companyTypeLabel',
	'isActive',
	'phone',
	'webAddress',
	'city',
] as const;
const CONTRACT_FIELDS = [
	'id',
	'contractName',
	'contractTypeLabel',
	'statusLabel',
	'startDate',
	'endDate',
] as const;
const TICKET_FIELDS = [
	'id',
	'ticketNumber',
	'title',
	'statusLabel',
	'priorityLabel',
	'createDate',
	'lastActivityDate',
	'externalID',
] as const;

/** Autotask's fields behind the simplified answer (the labels come from picklist values). */
const READ_CONTRACT_FIELDS = ['contractName', 'contractType', 'status', 'startDate', 'endDate'];
const READ_TICKET_FIELDS = [
	'ticketNumber',
	'title',
	'status',
	'priority',
	'createDate',
	'lastActivityDate',
	'externalID',
];

/** The company's open tickets that Open or Close Ticket opened (their alert key in externalID). */
async function openBackupTickets(
	client: AutotaskClient,
	companyId: number,
	includeFields?: string[],
): Promise<IDataObject[]> {
	const complete = await client.picklistValue('Tickets', 'status', 'Complete');
	return await client.query<IDataObject>('Tickets', {
		filter: [
			{ op: 'eq', field: 'companyID', value: companyId },
			{ op: 'beginsWith', field: 'externalID', value: BACKUP_TICKET_KEY_PREFIX },
			{ op: 'noteq', field: 'status', value: Number(complete) },
		],
		includeFields,
	});
}

/** Picklist values as the labels a person reads. */
async function withLabels(
	client: AutotaskClient,
	company: IDataObject,
	contracts: IDataObject[],
	tickets: IDataObject[],
): Promise<void> {
	const [companyTypes, contractTypes, contractStatuses, ticketStatuses, priorities] =
		await Promise.all([
			client.picklist('Companies', 'companyType'),
			client.picklist('Contracts', 'contractType'),
			client.picklist('Contracts', 'status'),
			client.picklist('Tickets', 'status'),
			client.picklist('Tickets', 'priority'),
		]);
	company.companyTypeLabel = companyTypes.labelOf(company.companyType as number) ?? null;
	for (const c of contracts) {
		c.contractTypeLabel = contractTypes.labelOf(c.contractType as number) ?? null;
		c.statusLabel = contractStatuses.labelOf(c.status as number) ?? null;
	}
	for (const t of tickets) {
		t.statusLabel = ticketStatuses.labelOf(t.status as number) ?? null;
		t.priorityLabel = priorities.labelOf(t.priority as number) ?? null;
	}
}

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject> {
	const words = String(this.getNodeParameter('customer', itemIndex, '')).trim();
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const pick = await findCompany(client, words);
	if (pick.kind !== 'found') return companyNotFound(words, pick);
	const id = pick.company.id;
	const [company, contracts, tickets] = await Promise.all([
		client.get<IDataObject>('Companies', id),
		// Simplified answers read only the fields they show: a ticket's description alone can be 8,000 characters.
		client.query<IDataObject>('Contracts', {
			filter: [{ op: 'eq', field: 'companyID', value: id }],
			includeFields: simplify ? READ_CONTRACT_FIELDS : undefined,
		}),
		openBackupTickets(client, id, simplify ? READ_TICKET_FIELDS : undefined),
	]);
	const record = company ?? { id, companyName: pick.company.companyName };
	await withLabels(client, record, contracts, tickets);
	// Newest first: what a technician asks about is what broke last.
	const listed = tickets.sort((a, b) => Number(b.id) - Number(a.id)).slice(0, MAX_TICKETS);
	const shape = (r: IDataObject, fields: readonly string[]) =>
		simplify ? (pickFields(r, fields) as IDataObject) : r;
	return {
		found: true,
		company: shape(record, COMPANY_FIELDS),
		contracts: contracts.map((c) => shape(c, CONTRACT_FIELDS)),
		openBackupTicketCount: tickets.length,
		openBackupTickets: listed.map((t) => shape(t, TICKET_FIELDS)),
	};
}
