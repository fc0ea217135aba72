import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { isBackupTicket } from '../../logic/backupAssistant';
import { NOTE_DESCRIPTION_MAX, NOTE_TITLE_MAX, truncate } from '../../logic/ticketText';
import { noteDefaults } from '../../BdrOpenOrCloseTicket/readSettings';
import { picklistNumber } from '../../BdrOpenOrCloseTicket/ticketClient';

const show = { show: { operation: ['addTicketNote'] } };

export const DEFAULT_NOTE_TITLE = 'Note from the BDR Backup Assistant';

export const WRITES_OFF_MESSAGE =
	'Adding notes is switched off, so nothing was written. To let this tool add notes to backup tickets, turn on "Allow Writes" in the BDR Backup Assistant node.';

export const properties: INodeProperties[] = [
	{
		displayName: 'Ticket',
		name: 'ticket',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. T20260301.0042',
		displayOptions: show,
		description:
			'The ticket number or the Autotask ID of a backup ticket (one the BDR integration opened)',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Called the customer: the NAS was powered off for maintenance',
		displayOptions: show,
		description: 'The text of the note',
	},
	{
		displayName: 'Note Title',
		name: 'noteTitle',
		type: 'string',
		default: DEFAULT_NOTE_TITLE,
		displayOptions: show,
	},
	{
		displayName: 'Allow Writes',
		name: 'allowWrites',
		type: 'boolean',
		default: false,
		// The switch is the user's, never the model's.
		noDataExpression: true,
		displayOptions: show,
		description:
			'Whether to really add the note. Off, the node refuses and writes nothing: turn it on only where an agent may write to Autotask.',
	},
];

interface TicketRow {
	id: number;
	ticketNumber?: string;
	title?: string;
	externalID?: string;
}

/** A ticket by number (T20260301.0042) or by ID. */
async function findTicket(client: AutotaskClient, ref: string): Promise<TicketRow | undefined> {
	if (/^\d+$/.test(ref)) return await client.get<TicketRow>('Tickets', Number(ref));
	const [ticket] = await client.query<TicketRow>('Tickets', {
		filter: [{ op: 'eq', field: 'ticketNumber', value: ref }],
		includeFields: ['ticketNumber', 'title', 'externalID'],
		maxRecords: 1,
	});
	return ticket;
}

function refuse(ctx: IExecuteFunctions, message: string, itemIndex: number): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject> {
	if (!(this.getNodeParameter('allowWrites', itemIndex, false) as boolean))
		refuse(this, WRITES_OFF_MESSAGE, itemIndex);
	const ref = String(this.getNodeParameter('ticket', itemIndex, '')).trim();
	const text = String(this.getNodeParameter('note', itemIndex, '')).trim();
	const title =
		String(this.getNodeParameter('noteTitle', itemIndex, '')).trim() || DEFAULT_NOTE_TITLE;
	if (!ref)
		refuse(
			this,
			'"Ticket" is empty: give the ticket number (e.g. T20260301.0042) or its Autotask ID. Nothing was written.',
			itemIndex,
		);
	if (!text) refuse(this, '"Note" is empty: give the text to add. Nothing was written.', itemIndex);
	const ticket = await findTicket(client, ref);
	if (!ticket)
		refuse(
			this,
			`Ticket ${ref} was not found in Autotask: check the ticket number or ID. Nothing was written.`,
			itemIndex,
		);
	if (!isBackupTicket(ticket.externalID)) {
		refuse(
			this,
			`Ticket ${ticket.ticketNumber ?? ref} was not opened by the BDR integration (it has no bdr: alert key), and this tool only adds notes to backup tickets. Nothing was written.`,
			itemIndex,
		);
	}
	const defaults = await noteDefaults(client);
	const noteId = await client.create(`Tickets/${ticket.id}/Notes`, {
		ticketID: ticket.id,
		title: truncate(title, NOTE_TITLE_MAX),
		description: truncate(text, NOTE_DESCRIPTION_MAX),
		noteType: picklistNumber(defaults.noteType),
		publish: picklistNumber(defaults.publish),
	});
	return {
		added: true,
		message: `Note added to ticket ${ticket.ticketNumber ?? ticket.id}.`,
		noteId,
		ticketId: ticket.id,
		ticketNumber: ticket.ticketNumber,
		ticketTitle: ticket.title,
	};
}
