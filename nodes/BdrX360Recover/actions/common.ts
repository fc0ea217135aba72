import type { INode } from 'n8n-workflow';

import type { X360Client } from '../../logic/x360Records';
import { clientPicker, paceOption, refuseUnknownIds } from '../../sources/parameters';
import type { X360RecoverClient } from '../transport/client';

/** The client picker (loaded from /client) and the pace, shared by the operations. */
export const clientIdsOption = clientPicker(
	'Client Names or IDs',
	'clientIds',
	'getClients',
	'Only these x360Recover clients',
);
export const requestsPerSecondOption = paceOption(
	4,
	{ minValue: 0.5, maxValue: 10 },
	'Pace of the calls to x360Recover. Axcient publishes no limit; a 429 answer is waited out as its Retry-After says.',
);

export async function readClients(client: X360RecoverClient): Promise<X360Client[]> {
	return (await client.list<X360Client>('/client')).filter((c) => c && typeof c.id === 'number');
}

/** Chosen ids that x360Recover does not list (a typo, or a client since removed) stop the run. */
export function refuseUnknownClients(
	node: INode,
	chosen: readonly string[],
	clients: X360Client[],
): void {
	refuseUnknownIds(node, chosen, new Set(clients.map((c) => String(c.id))), {
		message: 'x360Recover has no client with ID',
		description:
			'Pick the clients from the list in Options → Client Names or IDs, or remove the ones that no longer exist',
	});
}
