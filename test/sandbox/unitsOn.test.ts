/** The sandbox's own answer to "units of this service on this contract on this date" (the tests' oracle). */
import { unitsOn } from '../../sandbox/billing';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { call } from './sandbox-fetch';

let sb: Sandbox;
beforeEach(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => new Date('2026-11-25T10:00:00Z') });
});
afterEach(() => sb.close());

const acme = DEMO.customers.acme;
const server = DEMO.services.serverLicense.id;

it('reads the row whose period holds the day, on both sides of a split month', async () => {
	await call(sb, 'POST', `Contracts/${acme.contractId}/ServiceAdjustments`, {
		serviceID: server,
		effectiveDate: '2026-11-25',
		unitChange: 2,
	});
	const on = (date: string) => unitsOn(sb.store, date)(acme.contractId, server);
	expect([
		on('2026-11-24'),
		on('2026-11-25'),
		on('2026-11-30T23:59:59Z'),
		on('2027-06-01'),
	]).toEqual([3, 5, 5, 5]);
});

it('has no units for a service not on the contract, or a day outside the contract', () => {
	expect(
		unitsOn(sb.store, '2026-11-25')(acme.contractId, DEMO.services.cloudStorageGb.id + 999),
	).toBeUndefined();
	expect(unitsOn(sb.store, '2020-01-01')(acme.contractId, server)).toBeUndefined();
});

it('refuses overlapping periods and non-dates instead of picking an answer', () => {
	const row = sb.store
		.rows('ContractServiceUnits')
		.find((r) => r.contractID === acme.contractId && r.serviceID === server)!;
	sb.store.insert('ContractServiceUnits', { ...row, id: undefined, units: 9 });
	expect(() => unitsOn(sb.store, String(row.startDate))).toThrow(/two unit rows/);
	expect(() => unitsOn(sb.store, 'soon')).toThrow(/not a date/);
});
