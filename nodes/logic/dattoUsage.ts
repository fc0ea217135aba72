/**
 * Datto BCDR usage → `usage_report` events, one per organization (pure: no n8n, no HTTP).
 * Appliances by count; protected agents by server / workstation where the OS says so (shares and
 * agents without an OS are listed, not billed); local storage = Σ `localStorageUsed`, offsite =
 * Σ `offsiteStorageUsed`, each `{size, units}` converted to bytes (by 1024).
 */
import { usageMessage, usageSkeleton } from './sourceEvents';
import {
	type DattoAsset,
	type DattoDevice,
	agentKind,
	organizationOf,
	storageBytes,
} from './dattoRecords';
import { DATTO_SOURCE, reportedDevice } from './dattoHealth';

export interface DattoUsageOptions {
	now: Date;
	clientIds?: readonly string[];
	includeHidden?: boolean;
}

export interface DattoUsageResult {
	events: ReturnType<typeof newEvent>[];
	/** Storage figures in a unit nobody documents: not billed; the node refuses the run. */
	badUnits: Array<{ serialNumber: string; field: string; units: string }>;
}

function newEvent(id: string, name: string | undefined, at: string) {
	return usageSkeleton({
		idPrefix: DATTO_SOURCE,
		vendor: 'Datto',
		id,
		name,
		at,
		traceKey: 'datto',
		trace: {
			record: 'organization' as const,
			organizationId: id,
			serialNumbers: [] as string[],
			unbilledAssets: [] as string[],
		},
	});
}

export function dattoUsageEvents(
	devices: DattoDevice[],
	assets: Map<string, DattoAsset[]>,
	options: DattoUsageOptions,
): DattoUsageResult {
	const at = options.now.toISOString();
	const byOrg = new Map<string, ReturnType<typeof newEvent>>();
	const badUnits: DattoUsageResult['badUnits'] = [];
	for (const device of devices) {
		if (!device || typeof device.serialNumber !== 'string' || !reportedDevice(device, options))
			continue;
		const org = organizationOf(device)!;
		let event = byOrg.get(org.id);
		if (!event) byOrg.set(org.id, (event = newEvent(org.id, org.name, at)));
		event.usage.licenses.appliance += 1;
		event.datto.serialNumbers.push(device.serialNumber);
		for (const [field, value, key] of [
			['localStorageUsed', device.localStorageUsed, 'localBytes'],
			['offsiteStorageUsed', device.offsiteStorageUsed, 'offsiteBytes'],
		] as const) {
			const bytes = storageBytes(value);
			if (bytes === undefined)
				badUnits.push({
					serialNumber: device.serialNumber,
					field,
					units: String(value?.units ?? ''),
				});
			else event.usage.storage[key] += bytes;
		}
		for (const asset of assets.get(device.serialNumber) ?? []) {
			if (!asset || asset.isArchived === true) continue;
			const kind = agentKind(asset);
			if (kind) event.usage.licenses[kind] += 1;
			else
				event.datto.unbilledAssets.push(
					`${device.serialNumber}/${asset.name ?? asset.volume ?? '?'}`,
				);
		}
	}
	const events = [...byOrg.values()].sort((a, b) =>
		a.customer.id.localeCompare(b.customer.id, undefined, { numeric: true }),
	);
	for (const e of events)
		e.message = usageMessage(
			DATTO_SOURCE,
			e.customer.name ?? `organization ${e.customer.id}`,
			e.usage,
		);
	return { events, badUnits };
}
