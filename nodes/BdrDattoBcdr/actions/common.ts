import type { INode, INodeProperties } from 'n8n-workflow';

import type { DattoAsset, DattoDevice } from '../../logic/dattoRecords';
import { organizationOf } from '../../logic/dattoRecords';
import { sourceNodeError } from '../../sources/n8n';
import { clientPicker, paceOption, refuseUnknownIds } from '../../sources/parameters';
import { SourceApiError } from '../../sources/reader';
import type { DattoClient } from '../transport/client';

/** The organization picker (loaded from the devices) and the pace, shared by the operations. */
export const organizationIdsOption = clientPicker(
	'Organization Names or IDs',
	'organizationIds',
	'getOrganizations',
	'Only these Datto organizations (the client company name where the API gives no organization ID)',
);
export const dattoPaceOption = paceOption(
	1.5,
	{ minValue: 0.1, maxValue: 2 },
	'Pace of the calls to Datto. Datto is reported to allow about 120 a minute per key (2 a second), shared with other tools; a 429 answer is waited out as its Retry-After says.',
);

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

/** Chosen organizations no appliance names (a typo, or an organization since emptied) stop the run. */
export function refuseUnknownOrganizations(
	node: INode,
	chosen: readonly string[],
	devices: DattoDevice[],
): void {
	refuseUnknownIds(node, chosen, organizationsOf(devices), {
		message: 'Datto has no appliance of organization',
		description:
			'Pick the organizations from the list in Options → Organization Names or IDs, or remove the ones that no longer have an appliance',
	});
}

/** Assets per appliance; an appliance removed between two reads (404) or a read that kept failing is named, not fatal. */
export async function readAssets(
	node: INode,
	client: DattoClient,
	devices: DattoDevice[],
): Promise<Map<string, DattoAsset[] | { error: string }>> {
	const out = new Map<string, DattoAsset[] | { error: string }>();
	for (const device of devices) {
		try {
			out.set(device.serialNumber, await client.assets(device.serialNumber));
		} catch (failure) {
			if (
				failure instanceof SourceApiError &&
				['auth', 'network', 'route', 'permission'].includes(failure.kind)
			)
				throw sourceNodeError(node, failure);
			out.set(device.serialNumber, {
				error: failure instanceof Error ? failure.message : String(failure),
			});
		}
	}
	return out;
}
