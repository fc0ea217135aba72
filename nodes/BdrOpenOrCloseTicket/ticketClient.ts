import type { Picklist } from '../autotask/picklists';
import type { Filter } from '../autotask/types';

/** The part of the Autotask client the ticketing engine uses (the real client, or a stand-in in tests). */
export interface TicketClient {
	get<T>(entity: string, id: number): Promise<T | undefined>;
	query<T>(
		entity: string,
		options: { filter: Filter[]; includeFields?: string[]; maxRecords?: number },
	): Promise<T[]>;
	queryIn<T>(
		entity: string,
		field: string,
		values: Array<string | number>,
		options?: { filter?: Filter[]; includeFields?: string[] },
	): Promise<T[]>;
	create(path: string, body: Record<string, unknown>): Promise<number>;
	update(
		path: string,
		body: Record<string, unknown> & { id: number },
		method?: 'PATCH' | 'PUT',
	): Promise<number>;
	picklist(entity: string, field: string, fresh?: boolean): Promise<Picklist>;
	picklistValue(entity: string, field: string, labelOrValue: string): Promise<string>;
}

/** A ticket as the engine reads it. */
export interface TicketRecord {
	id: number;
	ticketNumber?: string;
	externalID?: string;
	status?: number | string;
	priority?: number | string;
	companyID?: number;
	description?: string | null;
	resolution?: string | null;
}

export const TICKET_FIELDS = [
	'id',
	'ticketNumber',
	'externalID',
	'status',
	'priority',
	'companyID',
];

/** Autotask's picklist fields are integers; values read from entityInformation arrive as strings. */
export function picklistNumber(value: string): number | string {
	return /^-?\d+$/.test(value) ? Number(value) : value;
}
