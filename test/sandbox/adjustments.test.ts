import { DEMO } from '../../sandbox/tenant/demo';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { call, query } from './sandbox-fetch';

let sb: Sandbox;
const NOW = new Date('2026-11-25T10:00:00Z');
beforeEach(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW });
});
afterEach(() => sb.close());

const acme = DEMO.customers.acme;
const server = DEMO.services.serverLicense.id;

async function unitRows(contractID: number, serviceID: number) {
	const r = await query(sb, 'ContractServiceUnits', [
		{ op: 'eq', field: 'contractID', value: contractID },
		{ op: 'eq', field: 'serviceID', value: serviceID },
	]);
	return r.body.items.map((u: any) => ({
		start: u.startDate.slice(0, 10),
		end: u.endDate.slice(0, 10),
		units: u.units,
		price: u.price,
	}));
}

/** The seed's "current units": the row whose date range contains the date. */
async function unitsOn(
	contractID: number,
	serviceID: number,
	date: string,
): Promise<number | undefined> {
	const r = await query(sb, 'ContractServiceUnits', [
		{ op: 'eq', field: 'contractID', value: contractID },
		{ op: 'eq', field: 'serviceID', value: serviceID },
		{ op: 'lte', field: 'startDate', value: date },
		{ op: 'gte', field: 'endDate', value: date },
	]);
	return r.body.items[0]?.units;
}

it('the demo contract has one row per month with the seeded units', async () => {
	const rows = await unitRows(acme.contractId, server);
	expect(rows).toHaveLength(24);
	expect(rows[0]).toEqual({ start: '2025-11-01', end: '2025-11-30', units: 3, price: 135 });
	expect(await unitsOn(acme.contractId, server, '2026-11-25')).toBe(3);
});

it('an adjustment mid-month splits that month and changes every later month', async () => {
	const r = await call(sb, 'POST', `Contracts/${acme.contractId}/ServiceAdjustments`, {
		serviceID: server,
		effectiveDate: '2026-11-25',
		unitChange: 2,
	});
	expect(r.status).toBe(200);
	expect(r.body.itemId).toEqual(expect.any(Number));
	const rows = await unitRows(acme.contractId, server);
	expect(rows).toHaveLength(25);
	expect(rows.filter((x: any) => x.start.startsWith('2026-11'))).toEqual([
		{ start: '2026-11-01', end: '2026-11-24', units: 3, price: 135 },
		{ start: '2026-11-25', end: '2026-11-30', units: 5, price: 225 },
	]);
	expect(await unitsOn(acme.contractId, server, '2026-10-15')).toBe(3);
	expect(await unitsOn(acme.contractId, server, '2026-11-25')).toBe(5);
	expect(await unitsOn(acme.contractId, server, '2027-06-01')).toBe(5);
});

it('a second adjustment on the same date adds to the first (it is a delta)', async () => {
	const adj = {
		contractID: acme.contractId,
		serviceID: server,
		effectiveDate: '2026-11-25T00:00:00Z',
		unitChange: 1,
	};
	await call(sb, 'POST', 'ContractServiceAdjustments', adj);
	await call(sb, 'POST', 'ContractServiceAdjustments', adj);
	expect(await unitsOn(acme.contractId, server, '2026-11-26')).toBe(5);
	expect(await unitRows(acme.contractId, server)).toHaveLength(25);
});

it('creates the ContractService when the service is not on the contract yet', async () => {
	const contractID = DEMO.customers.cedar.contractId;
	const virtual = DEMO.services.virtualLicense.id;
	const before = await query(sb, 'ContractServices', [
		{ op: 'eq', field: 'contractID', value: contractID },
		{ op: 'eq', field: 'serviceID', value: virtual },
	]);
	expect(before.body.items).toHaveLength(1);
	const firewall = DEMO.otherService.id;
	const r = await call(sb, 'POST', `Contracts/${contractID}/ServiceAdjustments`, {
		serviceID: firewall,
		effectiveDate: '2026-12-01',
		unitChange: 4,
	});
	expect(r.status).toBe(200);
	const cs = await query(sb, 'ContractServices', [
		{ op: 'eq', field: 'contractID', value: contractID },
		{ op: 'eq', field: 'serviceID', value: firewall },
	]);
	expect(cs.body.items).toHaveLength(1);
	expect(await unitsOn(contractID, firewall, '2026-11-30')).toBe(0);
	expect(await unitsOn(contractID, firewall, '2026-12-01')).toBe(4);
});

it.each([
	[
		'units would go negative',
		{ serviceID: server, effectiveDate: '2026-11-25', unitChange: -4 },
		'unitChange',
	],
	[
		'effective date outside the contract',
		{ serviceID: server, effectiveDate: '2030-01-01', unitChange: 1 },
		'effectiveDate',
	],
	['no effective date', { serviceID: server, unitChange: 1 }, 'effectiveDate'],
	[
		'fractional units',
		{ serviceID: server, effectiveDate: '2026-11-25', unitChange: 1.5 },
		'unitChange',
	],
	['no service', { effectiveDate: '2026-11-25', unitChange: 1 }, 'serviceID'],
])('refuses an adjustment when %s, changing nothing', async (_name, body, field) => {
	const before = await unitRows(acme.contractId, server);
	const r = await call(sb, 'POST', `Contracts/${acme.contractId}/ServiceAdjustments`, body);
	// A refusal is a 500 with errors[], as Autotask refuses (WYRE-AI/autotask-mcp PR #288).
	expect(r.status).toBe(500);
	expect(r.body.errors[0]).toContain(field);
	expect(await unitRows(acme.contractId, server)).toEqual(before);
});

it('refuses an adjustment into an approved-and-posted period', async () => {
	const posted = sb.store
		.all('ContractServiceUnits')
		.find(
			(u) =>
				u.contractID === acme.contractId &&
				u.serviceID === server &&
				u.startDate.startsWith('2026-11'),
		)!;
	sb.store.update('ContractServiceUnits', posted.id, {
		approveAndPostDate: '2026-11-02T00:00:00Z',
	});
	const r = await call(sb, 'POST', `Contracts/${acme.contractId}/ServiceAdjustments`, {
		serviceID: server,
		effectiveDate: '2026-11-25',
		unitChange: 1,
	});
	expect(r.status).toBe(500);
	expect(r.body.errors[0]).toContain('posted');
});

it('adding a service through Contracts/{id}/Services starts it at 0 units and refuses duplicates', async () => {
	const contractID = DEMO.customers.evergreen.contractId;
	const firewall = DEMO.otherService.id;
	expect(
		(
			await call(sb, 'POST', `Contracts/${contractID}/Services`, {
				serviceID: firewall,
				unitPrice: 55,
			})
		).status,
	).toBe(200);
	expect(await unitsOn(contractID, firewall, '2026-11-25')).toBe(0);
	const dup = await call(sb, 'POST', `Contracts/${contractID}/Services`, { serviceID: firewall });
	expect(dup.status).toBe(500);
	expect(dup.body.errors[0]).toContain('already on contract');
});
