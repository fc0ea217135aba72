/** Builds BDR events as a device or portal would post them (the documented contract). */
import type { PostedEvent } from '../../nodes/logic/eventSchema';
import type { EventType } from '../../nodes/logic/eventTypes';
import { DEMO } from '../tenant/demo';

export interface SimCustomer {
	id: string;
	name?: string;
}

/** The demo tenant's mapped customers (those a Map Customer run resolves). */
export function demoCustomers(): SimCustomer[] {
	return DEMO.customerList.map((c) => ({ id: c.bdrCustomerId, name: c.name }));
}

export type EventKind =
	| 'failure'
	| 'warning'
	| 'recovery'
	| 'usage'
	| 'offsite'
	| 'hardware'
	| 'offline'
	| 'verification'
	| 'license';

const KIND: Record<
	EventKind,
	{ type: EventType; severity: string; message: (m: string) => string }
> = {
	failure: {
		type: 'backup_failed',
		severity: 'error',
		message: (m) => `Backup of ${m} failed: VSS snapshot could not be created`,
	},
	warning: {
		type: 'backup_completed_with_errors',
		severity: 'warning',
		message: (m) => `Backup of ${m} completed with 3 skipped files`,
	},
	recovery: {
		type: 'backup_succeeded',
		severity: 'ok',
		message: (m) => `Backup of ${m} succeeded`,
	},
	usage: { type: 'usage_report', severity: 'info', message: () => 'Daily usage report' },
	offsite: {
		type: 'offsite_replication_failed',
		severity: 'error',
		message: (m) => `Offsite replication of ${m} failed`,
	},
	hardware: {
		type: 'hardware_failure',
		severity: 'critical',
		message: () => 'RAID array degraded: disk 2 failed',
	},
	offline: {
		type: 'appliance_offline',
		severity: 'error',
		message: () => 'Appliance has not checked in for 2 hours',
	},
	verification: {
		type: 'verification_failed',
		severity: 'warning',
		message: (m) => `Screenshot verification of ${m} failed`,
	},
	license: {
		type: 'license_expiry',
		severity: 'warning',
		message: () => 'License expires in 7 days',
	},
};

export interface MakeEventOptions {
	kind: EventKind;
	customer: SimCustomer;
	/** Device index of the customer (one appliance unless told). */
	device?: number;
	/** Protected machine name; usage and appliance-wide kinds have none. */
	machine?: string;
	eventId?: string;
	occurredAt?: Date;
	/** Usage snapshot for 'usage' (defaults are small, plausible numbers). */
	usage?: PostedEvent['usage'];
}

let sequence = 0;

export function makeEvent(options: MakeEventOptions): PostedEvent {
	const spec = KIND[options.kind];
	const device = options.device ?? 1;
	const deviceId = `${options.customer.id}-bdr-${device}`;
	const applianceWide = ['usage', 'hardware', 'offline', 'license'].includes(options.kind);
	const machine = applianceWide ? undefined : (options.machine ?? 'FS01');
	const event: PostedEvent = {
		eventId: options.eventId ?? `sim-${Date.now().toString(36)}-${(sequence++).toString(36)}`,
		occurredAt: (options.occurredAt ?? new Date()).toISOString(),
		customer: {
			id: options.customer.id,
			...(options.customer.name ? { name: options.customer.name } : {}),
		},
		device: {
			id: deviceId,
			name: `${options.customer.id} appliance ${device}`,
			serial: `SN-${deviceId.toUpperCase()}`,
		},
		type: spec.type,
		severity: spec.severity,
		message: spec.message(machine ?? 'the appliance'),
	};
	if (machine) event.machine = { id: `${deviceId}-${machine.toLowerCase()}`, name: machine };
	if (options.kind === 'usage') {
		event.usage = options.usage ?? {
			licenses: { appliance: 1, server: 3, workstation: 10, virtual: 2 },
			storage: { unit: 'GB', local: 512.4, offsite: 803.9 },
		};
	}
	return event;
}
