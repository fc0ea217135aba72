/** The Sync Billing workflow the scale and concurrency tests share: one row per Axcient service. */
import type { WorkflowJson } from '../harness';
import { BASE, type ServiceKey } from '../../sandbox/tenant/base';
import { nodeWorkflow } from '../harness/nodeWorkflow';

export const NODE = 'Sync Billing';
export const S = BASE.services;
export const ROWS = [
	{ quantity: 'appliances', serviceId: S.appliance.id },
	{ quantity: 'serverLicenses', serviceId: S.serverLicense.id },
	{ quantity: 'workstationLicenses', serviceId: S.workstationLicense.id },
	{ quantity: 'virtualLicenses', serviceId: S.virtualLicense.id },
	{
		quantity: 'localStorage',
		serviceId: S.localStorageGb.id,
		conversion: 'GB',
		base: 'decimal',
		rounding: 'up',
	},
	{
		quantity: 'offsiteStorage',
		serviceId: S.cloudStorageGb.id,
		conversion: 'GB',
		base: 'decimal',
		rounding: 'up',
	},
];

export const billingWorkflow = (name: string): WorkflowJson =>
	nodeWorkflow(
		'bdrSyncBilling',
		{ dryRun: false, billingSettings: { rows: ROWS } },
		{ node: NODE, trigger: true, name },
	);

export const today = () => new Date().toISOString().slice(0, 10);
export type Units = Record<ServiceKey, number>;

/** A usage report that bills exactly `u` on the contract (storage as decimal GB, the rows' base). */
export function usageReport(
	ids: { eventId: string; deviceId: string; companyId: number; contractId: number },
	u: Units,
) {
	return {
		eventId: ids.eventId,
		occurredAt: new Date().toISOString(),
		customer: { id: `c-${ids.companyId}` },
		device: { id: ids.deviceId },
		type: 'usage_report',
		severity: 'info',
		usage: {
			licenses: {
				appliance: u.appliance,
				server: u.serverLicense,
				workstation: u.workstationLicense,
				virtual: u.virtualLicense,
			},
			storage: { localBytes: u.localStorageGb * 1e9, offsiteBytes: u.cloudStorageGb * 1e9 },
		},
		autotask: { companyId: ids.companyId, contractId: ids.contractId },
	};
}
