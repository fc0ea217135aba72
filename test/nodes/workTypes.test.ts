/** The Work Type list (getWorkTypes) of Check Setup and Open or Close Ticket, against the sandbox. */

import { BdrAutotaskLookup } from '../../nodes/BdrAutotaskLookup/BdrAutotaskLookup.node';
import { loadOptions } from '../../nodes/methods';
import { startSandbox } from '../../sandbox/server';
import { BASE } from '../../sandbox/tenant/base';
import { credentialsFor } from '../harness';
import { loadOptionsContext } from '../harness/loadOptionsContext';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'empty', port: 0 });
	sb.store.insert('BillingCodes', {
		id: 29682890,
		name: 'Old Onsite',
		billingCodeType: 0,
		useType: 1,
		isActive: false,
	});
	sb.store.insert('BillingCodes', {
		id: 29682891,
		name: 'Hardware (Material)',
		billingCodeType: 0,
		useType: 4,
		isActive: true,
	});
	sb.store.insert('BillingCodes', {
		id: 29682892,
		name: 'Remote Support',
		billingCodeType: 0,
		useType: 1,
		isActive: true,
	});
});
afterAll(() => sb.close());

function context(credentialOverrides: Record<string, unknown> = {}) {
	return loadOptionsContext({
		credentials: { ...credentialsFor(sb), ...credentialOverrides },
		nodeName: 'Check Setup',
	});
}

describe('getWorkTypes', () => {
	it('lists the active work types (BillingCodes of use type 1) by name, ids as strings, after "No Work Type"', async () => {
		const options = await loadOptions.getWorkTypes.call(context());
		expect(options.map((o) => [o.name, o.value])).toEqual([
			['No Work Type', ''],
			[
				BASE.billingCodes.managedServiceContract.name,
				String(BASE.billingCodes.managedServiceContract.id),
			],
			[
				BASE.billingCodes.recurringServiceRevenue.name,
				String(BASE.billingCodes.recurringServiceRevenue.id),
			],
			['Remote Support', '29682892'],
		]);
	});

	it("is registered on Autotask Lookup (Check Setup's Work Type list)", () => {
		expect(new BdrAutotaskLookup().methods.loadOptions.getWorkTypes).toBe(loadOptions.getWorkTypes);
	});

	it("turns an Autotask refusal into a NodeApiError with Autotask's words", async () => {
		await expect(
			loadOptions.getWorkTypes.call(context({ secret: 'wrong-secret-1234' })),
		).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });
	});
});
