/**
 * The demo tenant (`seed: 'demo'`): eight Customer companies with the "BDR Customer ID" UDF (and the
 * "x360Recover Client ID" UDF holding the x360Recover stand-in's client id for each, and the
 * "Datto Organization ID" UDF holding the Datto BCDR stand-in's organization id for each) and a
 * Recurring Service contract carrying the Axcient services directly, plus the misconfigurations the
 * seed's checklists warn about (for Check Setup to find). Contract dates are relative to the
 * sandbox clock, so the tenant stays current.
 */
import { attachService } from '../billing';
import { Store } from '../store';
import { DATTO_DEMO_ORG_IDS, DATTO_ORG_ID_UDF } from '../datto/ids';
import { X360_CLIENT_ID_UDF, X360_DEMO_CLIENT_IDS } from '../x360recover/ids';
import { BASE, ServiceKey, monthEnd, monthStart, seedBase } from './base';

type Units = Partial<Record<ServiceKey, number>>;

interface DemoCustomer {
	companyId: number;
	name: string;
	bdrCustomerId: string;
	contractId: number;
	contractName: string;
	units: Units;
}

const customer = (
	companyId: number,
	name: string,
	n: number,
	contractId: number,
	units: Units,
	contractName = `${name} - Managed Backup`,
): DemoCustomer => ({
	companyId,
	name,
	bdrCustomerId: `bdr-cust-${String(n).padStart(3, '0')}`,
	contractId,
	contractName,
	units,
});

const standard = (
	a: number,
	s: number,
	w: number,
	v: number,
	local: number,
	cloud: number,
): Units => ({
	appliance: a,
	serverLicense: s,
	workstationLicense: w,
	virtualLicense: v,
	localStorageGb: local,
	cloudStorageGb: cloud,
});

const customers = {
	acme: customer(
		301,
		'ACME Insurance',
		1,
		29684101,
		standard(1, 3, 10, 2, 500, 800),
		'Select Storage Contract',
	),
	/** Two appliances' worth of services. */
	bluebird: customer(302, 'Bluebird Dental', 2, 29684103, standard(2, 5, 18, 4, 1800, 2600)),
	cedar: customer(303, 'Cedar Legal Group', 3, 29684104, standard(1, 2, 6, 0, 250, 300)),
	delta: customer(304, 'Delta Freight', 4, 29684105, standard(1, 4, 12, 3, 900, 1200)),
	evergreen: customer(305, 'Evergreen Clinic', 5, 29684106, standard(1, 1, 8, 1, 200, 350)),
	foxglove: customer(306, 'Foxglove Architects', 6, 29684107, standard(1, 2, 15, 0, 600, 700)),
	granite: customer(307, 'Granite Accounting', 7, 29684108, standard(1, 3, 9, 2, 400, 650)),
	harbor: customer(308, 'Harbor Schools', 8, 29684109, standard(1, 6, 40, 5, 3000, 4200)),
};

export const DEMO = {
	...BASE,
	customers,
	customerList: Object.values(customers),
	/** ACME's second, non-billing contract (the seed's "Onsite Maintenance" example). */
	acmeOnsiteContract: { id: 29684102, name: 'Onsite Maintenance' },
	/** Harbor Schools' contract also carries a non-Axcient service. */
	harborFirewallUnits: 2,
	misconfigured: {
		/** Company type Lead (the seed: must be Customer). Has a proper contract otherwise. */
		leadCompany: customer(309, 'Ironwood Prospects', 9, 29684111, standard(1, 1, 3, 0, 100, 100)),
		/** Its only contract is Block Hours, not Recurring Service. */
		nonRecurringContract: customer(
			310,
			'Juniper Retail',
			10,
			29684112,
			{},
			'Juniper Retail - Block Hours',
		),
		/** Recurring Service contract where the server licence and cloud storage come only through a bundle. */
		bundleOnly: {
			...customer(311, 'Kestrel Logistics', 11, 29684113, { appliance: 1 }),
			contractServiceBundleId: 53001,
			servicesOnlyInBundle: [BASE.services.serverLicense.id, BASE.services.cloudStorageGb.id],
		},
		/** isActive false. */
		inactiveCompany: customer(312, 'Linden Hotels', 12, 29684114, standard(1, 1, 4, 0, 120, 150)),
		/** Its Recurring Service contract ended over a year ago. */
		expiredContract: customer(313, 'Maple Bakery', 13, 29684115, standard(1, 1, 2, 0, 80, 90)),
		/** Has a BDR Customer ID but no contract at all. */
		noContract: { companyId: 314, name: 'Nimbus Media', bdrCustomerId: 'bdr-cust-014' },
		/** An Axcient service with period Yearly. */
		nonMonthlyService: BASE.nonMonthlyService,
	},
	/** A Prospect without a BDR id; the Axcient vendor company. */
	prospect: { companyId: 316, name: 'Orchid Prospect Co' },
	vendorCompanyId: 399,
	/** Labels (never ids: read ids from entityInformation/fields). */
	labels: {
		customer: 'Customer',
		lead: 'Lead',
		recurringService: 'Recurring Service',
		monthly: 'Monthly',
		yearly: 'Yearly',
		queue: 'Managed Services Alerts',
		priority: 'Medium',
		statusNew: 'New',
		statusComplete: 'Complete',
		source: 'Monitoring Alert',
		issueType: 'Backup',
		subIssueType: 'Backup Failed',
		noteType: 'Task Notes',
		publish: 'All Autotask Users',
	},
} as const;

const COMPANY = { customer: 1, lead: 2, prospect: 3 };
const CONTRACT = { blockHours: 4, recurring: 7, timeAndMaterials: 1 };

export function seedDemo(store: Store, apiUserName: string, now: Date): void {
	seedBase(store, apiUserName, now);
	const created = now.toISOString();
	const company = (
		c: { companyId: number; name: string; bdrCustomerId?: string },
		companyType = COMPANY.customer,
		isActive = true,
	) =>
		store.insert('Companies', {
			id: c.companyId,
			companyName: c.name,
			companyType,
			isActive,
			phone: `555-${String(c.companyId).padStart(4, '0')}`,
			ownerResourceID: BASE.resources.technician.id,
			companyNumber: `C${c.companyId}`,
			createDate: created,
			lastActivityDate: created,
			userDefinedFields: [
				...(c.bdrCustomerId ? [{ name: BASE.udfName, value: c.bdrCustomerId }] : []),
				...(X360_DEMO_CLIENT_IDS[c.companyId]
					? [{ name: X360_CLIENT_ID_UDF, value: String(X360_DEMO_CLIENT_IDS[c.companyId]) }]
					: []),
				...(DATTO_DEMO_ORG_IDS[c.companyId]
					? [{ name: DATTO_ORG_ID_UDF, value: String(DATTO_DEMO_ORG_IDS[c.companyId]) }]
					: []),
			],
		});
	const contract = (
		id: number,
		companyID: number,
		contractName: string,
		contractType = CONTRACT.recurring,
		from = -12,
		to = 11,
	) =>
		store.insert('Contracts', {
			id,
			companyID,
			contractName,
			contractType,
			status: 1,
			startDate: monthStart(now, from),
			endDate: monthEnd(now, to),
			isDefaultContract: false,
			contractPeriodType: contractType === CONTRACT.recurring ? 1 : null,
			billingPreference: 2,
			contractNumber: `CN-${id}`,
			lastModifiedDateTime: created,
		});
	const services = (contractId: number, units: Units) => {
		for (const [key, n] of Object.entries(units) as [ServiceKey, number][])
			attachService(store, contractId, BASE.services[key].id, n);
	};

	store.insert('Companies', {
		id: DEMO.vendorCompanyId,
		companyName: 'Axcient',
		companyType: 7,
		isActive: true,
		phone: '555-0199',
		ownerResourceID: BASE.resources.technician.id,
		createDate: created,
	});
	for (const c of Object.values(customers)) {
		company(c);
		contract(c.contractId, c.companyId, c.contractName);
		services(c.contractId, c.units);
	}
	contract(
		DEMO.acmeOnsiteContract.id,
		customers.acme.companyId,
		DEMO.acmeOnsiteContract.name,
		CONTRACT.timeAndMaterials,
	);
	attachService(store, customers.harbor.contractId, BASE.otherService.id, DEMO.harborFirewallUnits);

	const m = DEMO.misconfigured;
	company(m.leadCompany, COMPANY.lead);
	contract(m.leadCompany.contractId, m.leadCompany.companyId, m.leadCompany.contractName);
	services(m.leadCompany.contractId, m.leadCompany.units);

	company(m.nonRecurringContract);
	contract(
		m.nonRecurringContract.contractId,
		m.nonRecurringContract.companyId,
		m.nonRecurringContract.contractName,
		CONTRACT.blockHours,
	);

	company(m.bundleOnly);
	contract(m.bundleOnly.contractId, m.bundleOnly.companyId, m.bundleOnly.contractName);
	services(m.bundleOnly.contractId, m.bundleOnly.units);
	store.insert('ContractServiceBundles', {
		id: m.bundleOnly.contractServiceBundleId,
		contractID: m.bundleOnly.contractId,
		serviceBundleID: BASE.bundle.id,
		unitPrice: 50,
		adjustedPrice: 50,
	});

	company(m.inactiveCompany, COMPANY.customer, false);
	contract(
		m.inactiveCompany.contractId,
		m.inactiveCompany.companyId,
		m.inactiveCompany.contractName,
	);
	services(m.inactiveCompany.contractId, m.inactiveCompany.units);

	company(m.expiredContract);
	contract(
		m.expiredContract.contractId,
		m.expiredContract.companyId,
		m.expiredContract.contractName,
		CONTRACT.recurring,
		-36,
		-13,
	);
	services(m.expiredContract.contractId, m.expiredContract.units);

	company(m.noContract);
	company({ companyId: DEMO.prospect.companyId, name: DEMO.prospect.name }, COMPANY.prospect);
}
