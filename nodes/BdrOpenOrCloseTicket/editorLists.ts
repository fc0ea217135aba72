import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { loadOptions } from '../methods';
import { DO_NOT_MAP } from '../logic/ticketSettings';

const doNotMap: INodePropertyOptions = {
	name: 'Do Not Map (Ticketing Off)',
	value: DO_NOT_MAP,
	description: 'Disables ticketing, even when everything else is set',
};

/** The Axcient guide's "Retrieve Queue" list with its "Do Not Map" choice first. */
export async function getTicketQueues(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [doNotMap, ...(await loadOptions.getQueues.call(this))];
}

/** Queues for an override: empty keeps the node's queue. */
export async function getTicketQueuesOrDefault(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [
		{ name: "Node's Queue", value: '' },
		doNotMap,
		...(await loadOptions.getQueues.call(this)),
	];
}

/** Priorities with an empty "same as Priority" choice. */
export async function getErrorPriorities(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [{ name: 'Same as Priority', value: '' }, ...(await loadOptions.getPriorities.call(this))];
}
