import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { DattoAsset, DattoDevice } from '../../logic/dattoRecords';
import { organizationOf } from '../../logic/dattoRecords';
import { readClientIds } from '../../sources/options';
import { sourceNodeError } from '../../sources/n8n';
import { SourceApiError } from '../../sources/reader';
import type { DattoClient } from '../transport/client';

export { readClientIds };

/** The organization picker shared by the operations (loaded from the devices). */
export const organizationIdsOption: INodeProperties = {
	displayName: 'Organization Names or IDs',
	name: 'organizationIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getOrganizations' },
	default: [],
	description:
		'Only these Datto organizations (the client company name where the API gives no organization ID); none chosen means all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const dattoPaceOption: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	default: 1.5,
	typeOptions: { minValue: 0.1, maxValue: 2, numberPrecisionDigits: 1 },
	description: 'Pace of the calls to Datto. Datto is reported to allow about 120 a minute per key (2 a second), shared with other tools; a 429 answer is waited out as its Retry-After says.',
};

export const includeHiddenOption: INodeProperties = {
	displayName: 'Include Hidden Devices',
	name: 'includeHidden',
	type: 'boolean',
	default: false,
	description: 'Whether to report appliances hidden in the Datto partner portal too',
};

/** The organizations the devices name, by id (or client company name). */
export function organizationsOf(devices: DattoDevice[]): Map<string, string | undefined> {
	const out = new Map<string, string | undefined>();
	for (const d of devices) {
		const org = organizationOf(d);
		if (org && !out.has(org.id)) out.set(org.id, org.name);
	}
	return out;
}

export function refuseUnknown(ctx: IExecuteFunctions, chosen: string[], devices: DattoDevice[]): void {
	const known = organizationsOf(devices);
	const unknown = chosen.filter((id) => !known.has(id));
	if (unknown.length) {
		throw new NodeOperationError(ctx.getNode(), `Datto has no appliance of organization ${unknown.join(', ')}`, {
			description: 'Pick the organizations from the list in Options → Organization Names or IDs, or remove the ones that no longer have an appliance',
		});
	}
}

/** Assets per appliance; an appliance removed between two reads (404) or a read that kept failing is named, not fatal. */
export async function readAssets(node: INode, client: DattoClient, devices: DattoDevice[]): Promise<Map<string, DattoAsset[] | { error: string }>> {
	const out = new Map<string, DattoAsset[] | { error: string }>();
	for (const device of devices) {
		try {
			out.set(device.serialNumber, await client.assets(device.serialNumber));
		} catch (failure) {
			if (failure instanceof SourceApiError && ['auth', 'network', 'route', 'permission'].includes(failure.kind)) throw sourceNodeError(node, failure);
			out.set(device.serialNumber, { error: failure instanceof Error ? failure.message : String(failure) });
		}
	}
	return out;
}
