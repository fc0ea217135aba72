import type { INodeProperties } from 'n8n-workflow';

import type { X360Client } from '../../logic/x360Records';
import type { X360RecoverClient } from '../transport/client';
import { readClientIds } from '../../sources/options';

/** The client picker shared by the operations (loaded from /client). */
export const clientIdsOption: INodeProperties = {
	displayName: 'Client Names or IDs',
	name: 'clientIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getClients' },
	default: [],
	description:
		'Only these x360Recover clients; none chosen means every client. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const requestsPerSecondOption: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	default: 4,
	typeOptions: { minValue: 0.5, maxValue: 10, numberPrecisionDigits: 1 },
	description: 'Pace of the calls to x360Recover. Axcient publishes no limit; a 429 answer is waited out as its Retry-After says.',
};

export { readClientIds };

/** Chosen ids that x360Recover does not list (a typo, or a client since removed). */
export function unknownClientIds(chosen: string[], clients: X360Client[]): string[] {
	const known = new Set(clients.map((c) => String(c.id)));
	return chosen.filter((id) => !known.has(id));
}

export async function readClients(client: X360RecoverClient): Promise<X360Client[]> {
	return (await client.list<X360Client>('/client')).filter((c) => c && typeof c.id === 'number');
}
