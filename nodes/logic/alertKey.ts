import { createHash } from 'crypto';

/** The parts of a normalised BDR event that identify one alert. */
export interface AlertKeySource {
	alertId?: string;
	condition: string;
	customer: { id: string };
	device: { id: string };
	machine?: { id?: string; name?: string };
}

/**
 * Autotask's Tickets.externalID holds at most 50 characters. It is visible on the ticket,
 * so a technician can search for the alert; it is queryable, so any worker finds the ticket again.
 */
export const ALERT_KEY_FIELD = 'externalID';
export const ALERT_KEY_MAX_LENGTH = 50;
const PREFIX = 'bdr:';
const HASH_LENGTH = 12;

/**
 * The natural key: the customer + the vendor's alert id when the event has one, otherwise
 * customer + device + protected machine + condition, so a failure, a warning and the
 * later OK of the same thing share one key.
 */
export function naturalAlertKey(event: AlertKeySource): string {
	const vendorId = event.alertId?.trim();
	// Scoped by customer: two customers' appliances may number their alerts alike.
	if (vendorId) return `${String(event.customer.id).trim()}/a/${vendorId}`;
	const machine = event.machine?.id?.trim() || event.machine?.name?.trim() || '-';
	return [event.customer.id, event.device.id, machine, event.condition]
		.map((p) => String(p).trim())
		.join('/');
}

/**
 * The key as stored in Autotask: `bdr:` + the natural key when it fits, else a readable
 * head of it + `~` + a hash of the whole, so the same event always yields the same value.
 */
export function storedAlertKey(natural: string, maxLength = ALERT_KEY_MAX_LENGTH): string {
	const full = PREFIX + natural;
	if (full.length <= maxLength) return full;
	const hash = createHash('sha256').update(natural, 'utf8').digest('hex').slice(0, HASH_LENGTH);
	const head = full.slice(0, maxLength - HASH_LENGTH - 1);
	return `${head}~${hash}`;
}

export function alertKeyOf(event: AlertKeySource): string {
	return storedAlertKey(naturalAlertKey(event));
}
