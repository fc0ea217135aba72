/**
 * x360Recover usage → `usage_report` events, one per client (pure: no n8n, no HTTP).
 *
 * Sync Billing sums the latest snapshot of each `device.id` per contract. A client's snapshot is
 * whole (all its systems and appliances), so its device id is the client itself: two polls never
 * add up, and a client whose last system was removed reports zeros, which bills zero.
 */
import { SOURCE } from './x360Health';
import { type UsageReport, clientFilter, usageMessage, usageSkeleton } from './sourceEvents';
import {
	type X360Appliance,
	type X360Client,
	type X360Device,
	bytes,
	healthWord,
} from './x360Records';

export interface UsageOptions {
	now: Date;
	/** Client ids to report; empty = all. */
	clientIds?: readonly string[];
	/** Count parked systems as licences (default true: a parked system keeps its licence). */
	countParked?: boolean;
}

/** Where a client's usage came from: its systems and appliances, by id. */
export interface X360UsageTrace {
	record: 'client';
	clientId: number;
	deviceIds: number[];
	applianceIds: number[];
	/** Systems of a type the API did not name SERVER or WORKSTATION (not billed). */
	otherDeviceIds: number[];
}

export type UsageEvent = UsageReport & { x360: X360UsageTrace };

/**
 * Licences: protected systems by type (SERVER / WORKSTATION), appliances (hardware and virtual)
 * by count. Storage in bytes: local = Σ `local_usage`, offsite = Σ (`cloud_usage` + `vault_usage`),
 * the two figures the API gives per system for the cloud and for a private vault.
 */
export function usageEvents(
	clients: X360Client[],
	devices: X360Device[],
	appliances: X360Appliance[],
	options: UsageOptions,
): UsageEvent[] {
	const wanted = clientFilter(options.clientIds);
	const at = options.now.toISOString();
	const countParked = options.countParked !== false;
	const byClient = new Map<number, UsageEvent>();
	const ensure = (id: number, name?: string): UsageEvent | undefined => {
		if (!wanted(id)) return undefined;
		let event = byClient.get(id);
		if (!event) {
			event = usageSkeleton({
				idPrefix: 'x360',
				vendor: 'x360Recover',
				id: String(id),
				name,
				at,
				traceKey: 'x360',
				trace: {
					record: 'client',
					clientId: id,
					deviceIds: [],
					applianceIds: [],
					otherDeviceIds: [],
				} as X360UsageTrace,
			});
			byClient.set(id, event);
		}
		return event;
	};
	for (const client of clients)
		if (client && typeof client.id === 'number') ensure(client.id, client.name);
	for (const device of devices) {
		if (!device || typeof device.id !== 'number' || typeof device.client_id !== 'number') continue;
		const event = ensure(device.client_id);
		if (!event) continue;
		const parked = healthWord(device.current_health_status?.status) === 'PARKED';
		const type = healthWord(device.type);
		if (!parked || countParked) {
			if (type === 'SERVER') event.usage.licenses.server += 1;
			else if (type === 'WORKSTATION') event.usage.licenses.workstation += 1;
			else event.x360.otherDeviceIds.push(device.id);
		}
		event.usage.storage.localBytes += bytes(device.local_usage);
		event.usage.storage.offsiteBytes += bytes(device.cloud_usage) + bytes(device.vault_usage);
		event.x360.deviceIds.push(device.id);
	}
	for (const appliance of appliances) {
		if (
			!appliance ||
			typeof appliance.id !== 'number' ||
			typeof appliance.client_id !== 'number' ||
			appliance.active === false
		)
			continue;
		const event = ensure(appliance.client_id);
		if (!event) continue;
		event.usage.licenses.appliance += 1;
		event.x360.applianceIds.push(appliance.id);
	}
	const events = [...byClient.values()].sort((a, b) => a.x360.clientId - b.x360.clientId);
	for (const e of events)
		e.message = usageMessage(SOURCE, e.customer.name ?? `client ${e.customer.id}`, e.usage);
	return events;
}
