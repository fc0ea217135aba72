/** What every sandbox tenant has: our own company (id 0), resources incl. the API user, billing codes, the service catalogue. */
import { Store } from '../store';
import { BDR_CUSTOMER_ID_UDF } from './picklists';

export const BASE = {
	ownCompany: { id: 0, name: 'Sandbox MSP (our company)' },
	resources: {
		apiUser: 29682885,
		technician: { id: 29682886, name: 'Alex Rivera' },
		formerTechnician: { id: 29682887, name: 'Sam Patel' },
	},
	billingCodes: {
		recurringServiceRevenue: { id: 29682801, name: 'Recurring Service Revenue' },
		managedServiceContract: { id: 29682802, name: 'Managed Service Contract' },
	},
	/** Axcient services, all Monthly (what billing maps products to). */
	services: {
		appliance: { id: 29683601, name: 'Axcient BDR Appliance', unitPrice: 99 },
		serverLicense: { id: 29683602, name: 'Axcient Server License', unitPrice: 45 },
		workstationLicense: { id: 29683603, name: 'Axcient Workstation License', unitPrice: 12 },
		virtualLicense: { id: 29683604, name: 'Axcient Virtual License', unitPrice: 30 },
		localStorageGb: { id: 29683605, name: 'Axcient Local Storage (GB)', unitPrice: 0.05 },
		cloudStorageGb: { id: 29683606, name: 'Axcient Cloud Storage (GB)', unitPrice: 0.1 },
	},
	/** Seeded misconfiguration: an Axcient service whose period is Yearly, not Monthly. */
	nonMonthlyService: { id: 29683607, name: 'Axcient Cloud Storage (GB) - Annual', unitPrice: 1 },
	/** A non-Axcient monthly service (must not be confused with the Axcient ones). */
	otherService: { id: 29683608, name: 'Managed Firewall', unitPrice: 60 },
	/** Inactive Axcient-named service (an old catalogue entry). */
	inactiveService: { id: 29683609, name: 'Axcient Legacy Appliance', unitPrice: 80 },
	bundle: { id: 29683701, name: 'Axcient Backup Bundle' },
	udfName: BDR_CUSTOMER_ID_UDF,
} as const;

export type ServiceKey = keyof typeof BASE.services;
export const SERVICE_KEYS = Object.keys(BASE.services) as ServiceKey[];

const MONTHLY = 1;
const YEARLY = 4;
const CUSTOMER = 1;

export function seedBase(store: Store, apiUserName: string, now: Date): void {
	const created = now.toISOString();
	store.insert('Resources', {
		id: BASE.resources.apiUser,
		firstName: 'BDR',
		lastName: 'Integration (API)',
		email: apiUserName,
		userName: apiUserName,
		isActive: true,
		resourceType: 'Employee',
		licenseType: 7,
	});
	store.insert('Resources', {
		id: BASE.resources.technician.id,
		firstName: 'Alex',
		lastName: 'Rivera',
		email: 'alex.rivera@msp.example',
		userName: 'arivera',
		isActive: true,
		resourceType: 'Employee',
		licenseType: 1,
	});
	store.insert('Resources', {
		id: BASE.resources.formerTechnician.id,
		firstName: 'Sam',
		lastName: 'Patel',
		email: 'sam.patel@msp.example',
		userName: 'spatel',
		isActive: false,
		resourceType: 'Employee',
		licenseType: 1,
	});
	store.insert('Companies', {
		id: BASE.ownCompany.id,
		companyName: BASE.ownCompany.name,
		companyType: CUSTOMER,
		isActive: true,
		phone: '555-0100',
		ownerResourceID: BASE.resources.technician.id,
		companyNumber: '0',
		createDate: created,
	});
	for (const code of Object.values(BASE.billingCodes))
		store.insert('BillingCodes', { ...code, billingCodeType: 2, useType: 1, isActive: true });
	const service = (
		s: { id: number; name: string; unitPrice: number },
		periodType: number,
		isActive = true,
		billingCodeID: number = BASE.billingCodes.recurringServiceRevenue.id,
	) =>
		store.insert('Services', {
			...s,
			periodType,
			unitCost: +(s.unitPrice * 0.4).toFixed(4),
			billingCodeID,
			isActive,
			invoiceDescription: s.name,
			lastModifiedDate: created,
		});
	for (const s of Object.values(BASE.services)) service(s, MONTHLY);
	service(BASE.nonMonthlyService, YEARLY);
	service(BASE.otherService, MONTHLY, true, BASE.billingCodes.managedServiceContract.id);
	service(BASE.inactiveService, MONTHLY, false);
	store.insert('ServiceBundles', {
		...BASE.bundle,
		periodType: MONTHLY,
		unitPrice: 50,
		unitCost: 20,
		billingCodeID: BASE.billingCodes.recurringServiceRevenue.id,
		isActive: true,
	});
	store.insert('ServiceBundleServices', {
		serviceBundleID: BASE.bundle.id,
		serviceID: BASE.services.serverLicense.id,
	});
	store.insert('ServiceBundleServices', {
		serviceBundleID: BASE.bundle.id,
		serviceID: BASE.services.cloudStorageGb.id,
	});
}

/** First day of the month `offset` months from now, as an ISO date-time (UTC). */
export function monthStart(now: Date, offset: number): string {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString();
}

/** Last day of the month `offset` months from now. */
export function monthEnd(now: Date, offset: number): string {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 0)).toISOString();
}
