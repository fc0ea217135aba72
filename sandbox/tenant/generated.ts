/**
 * `seed: N`: N Customer companies, each with the "BDR Customer ID" UDF (and "x360Recover Client ID",
 * the x360Recover stand-in's generated client n, and "Datto Organization ID", the Datto BCDR
 * stand-in's generated organization n), a Recurring Service contract
 * and the six Axcient services attached directly. Deterministic: the same N gives the same tenant.
 */
import { attachService } from '../billing';
import { seededRandom } from '../prng';
import { Store } from '../store';
import { DATTO_ORG_ID_UDF, generatedDattoOrgId } from '../datto/ids';
import { X360_CLIENT_ID_UDF, generatedX360ClientId } from '../x360recover/ids';
import { BASE, SERVICE_KEYS, monthEnd, monthStart, seedBase } from './base';

export const generatedBdrCustomerId = (n: number) => `bdr-gen-${String(n).padStart(5, '0')}`;
export const generatedCompanyName = (n: number) =>
	`Generated Customer ${String(n).padStart(5, '0')}`;

export function seedGenerated(store: Store, count: number, apiUserName: string, now: Date): void {
	if (!Number.isInteger(count) || count < 0)
		throw new Error(`seed: the number of customers must be a whole number >= 0, got ${count}`);
	seedBase(store, apiUserName, now);
	const random = seededRandom(count);
	const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	const created = now.toISOString();
	for (let n = 1; n <= count; n++) {
		const company = store.insert('Companies', {
			companyName: generatedCompanyName(n),
			companyType: 1,
			isActive: true,
			phone: `555-${String(n % 10000).padStart(4, '0')}`,
			ownerResourceID: BASE.resources.technician.id,
			companyNumber: `G${n}`,
			createDate: created,
			lastActivityDate: created,
			userDefinedFields: [
				{ name: BASE.udfName, value: generatedBdrCustomerId(n) },
				{ name: X360_CLIENT_ID_UDF, value: String(generatedX360ClientId(n)) },
				{ name: DATTO_ORG_ID_UDF, value: String(generatedDattoOrgId(n)) },
			],
		});
		const contract = store.insert('Contracts', {
			companyID: company.id,
			contractName: `${generatedCompanyName(n)} - Managed Backup`,
			contractType: 7,
			status: 1,
			startDate: monthStart(now, -12),
			endDate: monthEnd(now, 11),
			isDefaultContract: false,
			contractPeriodType: 1,
			billingPreference: 2,
			contractNumber: `GCN-${n}`,
			lastModifiedDateTime: created,
		});
		const appliances = between(1, 2);
		const units: Record<string, number> = {
			appliance: appliances,
			serverLicense: between(1, 4) * appliances,
			workstationLicense: between(0, 25),
			virtualLicense: between(0, 4),
			localStorageGb: between(50, 2000),
			cloudStorageGb: between(50, 3000),
		};
		for (const key of SERVICE_KEYS)
			attachService(store, contract.id, BASE.services[key].id, units[key]);
	}
}
