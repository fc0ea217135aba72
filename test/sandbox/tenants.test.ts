import { DEMO } from '../../sandbox/tenant/demo';
import { generatedBdrCustomerId } from '../../sandbox/tenant/generated';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { call, query } from './sandbox-fetch';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => new Date('2026-11-25T10:00:00Z') });
});
afterAll(() => sb.close());

async function picklist(entity: string, field: string): Promise<Map<string, string>> {
	const fields = (await call(sb, 'GET', `${entity}/entityInformation/fields`)).body.fields;
	return new Map(
		fields.find((f: any) => f.name === field).picklistValues.map((v: any) => [v.label, v.value]),
	);
}

describe('demo tenant', () => {
	it('has our own company as id 0 and the API user as a Resource', async () => {
		expect((await call(sb, 'GET', 'Companies/0')).body.item.companyName).toBe(DEMO.ownCompany.name);
		expect((await call(sb, 'GET', `Resources/${DEMO.resources.apiUser}`)).body.item.userName).toBe(
			sb.credentials.username,
		);
	});

	it('finds each customer by its BDR Customer ID, with an active Recurring Service contract carrying the Axcient services directly', async () => {
		const recurring = (await picklist('Contracts', 'contractType')).get('Recurring Service');
		const customer = (await picklist('Companies', 'companyType')).get('Customer');
		expect(DEMO.customerList).toHaveLength(8);
		for (const c of DEMO.customerList) {
			const found = (
				await query(sb, 'Companies', [
					{ op: 'eq', field: DEMO.udfName, udf: true, value: c.bdrCustomerId },
				])
			).body.items;
			expect(
				found.map((x: any) => [x.id, x.companyName, String(x.companyType), x.isActive]),
			).toEqual([[c.companyId, c.name, customer, true]]);
			const contract = (await call(sb, 'GET', `Contracts/${c.contractId}`)).body.item;
			expect([contract.companyID, String(contract.contractType), contract.contractName]).toEqual([
				c.companyId,
				recurring,
				c.contractName,
			]);
			const services = (
				await query(sb, 'ContractServices', [
					{ op: 'eq', field: 'contractID', value: c.contractId },
				])
			).body.items;
			expect(services.length).toBeGreaterThanOrEqual(6);
		}
	});

	it('makes the Axcient services Monthly, except the seeded Yearly one', async () => {
		const periods = await picklist('Services', 'periodType');
		const axcient = (
			await query(sb, 'Services', [
				{ op: 'beginsWith', field: 'name', value: 'Axcient' },
				{ op: 'eq', field: 'isActive', value: true },
			])
		).body.items;
		const notMonthly = axcient.filter((s: any) => String(s.periodType) !== periods.get('Monthly'));
		expect(notMonthly.map((s: any) => [s.id, String(s.periodType)])).toEqual([
			[DEMO.misconfigured.nonMonthlyService.id, periods.get('Yearly')],
		]);
	});

	it('holds each seeded misconfiguration', async () => {
		const m = DEMO.misconfigured;
		const types = await picklist('Companies', 'companyType');
		const contractTypes = await picklist('Contracts', 'contractType');
		expect(
			String((await call(sb, 'GET', `Companies/${m.leadCompany.companyId}`)).body.item.companyType),
		).toBe(types.get('Lead'));
		expect(
			String(
				(await call(sb, 'GET', `Contracts/${m.nonRecurringContract.contractId}`)).body.item
					.contractType,
			),
		).not.toBe(contractTypes.get('Recurring Service'));
		expect(
			(await call(sb, 'GET', `Companies/${m.inactiveCompany.companyId}`)).body.item.isActive,
		).toBe(false);
		expect(
			(await call(sb, 'GET', `Contracts/${m.expiredContract.contractId}`)).body.item.endDate <
				'2026-11-25',
		).toBe(true);
		expect(
			(
				await query(sb, 'Contracts', [
					{ op: 'eq', field: 'companyID', value: m.noContract.companyId },
				])
			).body.items,
		).toEqual([]);
		const bundles = (
			await call(sb, 'POST', `Contracts/${m.bundleOnly.contractId}/ServiceBundles/query`, {
				filter: [{ op: 'exist', field: 'id' }],
			})
		).body.items;
		expect(bundles.map((b: any) => b.serviceBundleID)).toEqual([DEMO.bundle.id]);
		const inBundle = (
			await call(sb, 'POST', `ServiceBundles/${DEMO.bundle.id}/Services/query`, {
				filter: [{ op: 'exist', field: 'id' }],
			})
		).body.items.map((s: any) => s.serviceID);
		const direct = (
			await query(sb, 'ContractServices', [
				{ op: 'eq', field: 'contractID', value: m.bundleOnly.contractId },
			])
		).body.items.map((s: any) => s.serviceID);
		expect(inBundle.sort()).toEqual([...m.bundleOnly.servicesOnlyInBundle].sort());
		for (const id of m.bundleOnly.servicesOnlyInBundle) expect(direct).not.toContain(id);
	});

	it("ticket picklists hold the seed's labels, with a tenant-specific Medium priority", async () => {
		expect([...(await picklist('Tickets', 'queueID')).keys()]).toContain('Managed Services Alerts');
		expect([...(await picklist('Tickets', 'source')).keys()]).toContain('Monitoring Alert');
		expect([...(await picklist('Tickets', 'status')).keys()]).toEqual(
			expect.arrayContaining(['New', 'Complete', 'Waiting Vendor']),
		);
		expect((await picklist('Tickets', 'priority')).get('Medium')).not.toBe('2');
	});
});

describe('generated tenant', () => {
	it('seed N gives N customers with a Recurring Service contract and six Axcient services, deterministically', async () => {
		const a = await startSandbox({
			seed: 25,
			port: 0,
			now: () => new Date('2026-11-25T10:00:00Z'),
		});
		const b = await startSandbox({
			seed: 25,
			port: 0,
			now: () => new Date('2026-11-25T10:00:00Z'),
		});
		try {
			const customers = a.store
				.all('Companies')
				.filter((c) =>
					c.userDefinedFields.some((u: any) => u.value === generatedBdrCustomerId(25)),
				);
			expect(customers).toHaveLength(1);
			expect(a.store.all('Contracts')).toHaveLength(25);
			expect(a.store.all('Contracts').every((c) => c.contractType === 7)).toBe(true);
			expect(a.store.all('ContractServices')).toHaveLength(25 * 6);
			expect(a.store.snapshot().tables).toEqual(b.store.snapshot().tables);
		} finally {
			await a.close();
			await b.close();
		}
	});
});
