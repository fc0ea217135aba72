import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';

/**
 * Ticket picklists for the Axcient guide's "Retrieve" buttons. Option values are the labels, as the
 * Axcient guide's settings are names (queue name, priority name, status names); nodes resolve them to
 * the tenant's ids at run time, so a template works on any tenant.
 */
async function ticketPicklist(
	ctx: ILoadOptionsFunctions,
	field: string,
	parentValue?: string,
): Promise<INodePropertyOptions[]> {
	const client = await autotaskClientFor(ctx);
	try {
		const list = await client.picklist('Tickets', field);
		return list
			.options(parentValue)
			.map((o) => ({ name: o.name, value: o.name, description: `ID ${o.value}` }));
	} catch (error) {
		throw toNodeApiError(ctx.getNode(), error);
	}
}

export async function getQueues(this: ILoadOptionsFunctions) {
	return ticketPicklist(this, 'queueID');
}

export async function getPriorities(this: ILoadOptionsFunctions) {
	return ticketPicklist(this, 'priority');
}

export async function getTicketStatuses(this: ILoadOptionsFunctions) {
	return ticketPicklist(this, 'status');
}

export async function getIssueTypes(this: ILoadOptionsFunctions) {
	return ticketPicklist(this, 'issueType');
}

export async function getSources(this: ILoadOptionsFunctions) {
	return ticketPicklist(this, 'source');
}

/** Sub-issue types of the chosen issue type (their picklist parent). */
export async function getSubIssueTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	let issueType: string | undefined;
	for (const path of ['&issueType', 'issueType', 'options.issueType']) {
		try {
			const value = this.getCurrentNodeParameter(path) as string | undefined;
			if (value) {
				issueType = value;
				break;
			}
		} catch {
			// Not at this path.
		}
	}
	if (!issueType) return [];
	const client = await autotaskClientFor(this);
	try {
		const issueTypeId = await client.picklistValue('Tickets', 'issueType', issueType);
		const list = await client.picklist('Tickets', 'subIssueType');
		return list
			.options(issueTypeId)
			.map((o) => ({ name: o.name, value: o.name, description: `ID ${o.value}` }));
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
