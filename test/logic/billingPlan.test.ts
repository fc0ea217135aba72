import fc from 'fast-check';
import {
	planContract,
	unitsOnDate,
	type ContractState,
	type PlanInput,
	type ServiceInfo,
} from '../../nodes/logic/billingPlan';
import type { BillingRow } from '../../nodes/logic/billingSettings';
import type { ContractUsage } from '../../nodes/logic/billingUsage';
import { billingNote, noteMarker, usageAsOfInNote } from '../../nodes/logic/billingNote';

const GiB = 1024 ** 3;
const rows: BillingRow[] = [
	{
		index: 0,
		quantity: 'serverLicenses',
		serviceId: 11,
		conversion: 'none',
		base: 'binary',
		rounding: 'up',
		included: 0,
		minimum: 0,
	},
	{
		index: 1,
		quantity: 'localStorage',
		serviceId: 12,
		conversion: 'GB',
		base: 'binary',
		rounding: 'up',
		included: 100,
		minimum: 1,
	},
];
const services = new Map<number, ServiceInfo>([
	[11, { id: 11, name: 'BDR Server', isMonthly: true }],
	[12, { id: 12, name: 'BDR Storage GB', isMonthly: true }],
]);

function usage(totals: Array<number | undefined>): ContractUsage {
	return {
		contractId: 900,
		itemIndices: [0],
		eventIds: ['e1'],
		deviceIds: ['d1'],
		totals: new Map(totals.map((t, i) => [i, t])),
	};
}
function contract(units: Record<number, number>, over: Partial<ContractState> = {}): ContractState {
	return {
		id: 900,
		name: 'Acme Recurring',
		companyId: 5,
		isRecurringService: true,
		directServices: new Map(
			Object.entries(units).map(([s, u]) => [
				Number(s),
				{ contractServiceId: Number(s) * 10, units: u },
			]),
		),
		bundleServiceIds: new Set(),
		...over,
	};
}
const input = (over: Partial<PlanInput>): PlanInput => ({
	usage: usage([3, 250 * GiB]),
	contract: contract({ 11: 1, 12: 0 }),
	rows,
	services,
	addMissingServices: false,
	...over,
});

describe('planContract', () => {
	it('computes before, after and delta per mapped service', () => {
		const plan = planContract(input({}));
		expect(plan.status).toBe('change');
		expect(plan.problems).toEqual([]);
		expect(
			plan.changes.map(({ serviceId, before, after, delta, status }) => ({
				serviceId,
				before,
				after,
				delta,
				status,
			})),
		).toEqual([
			{ serviceId: 11, before: 1, after: 3, delta: 2, status: 'change' },
			{ serviceId: 12, before: 0, after: 150, delta: 150, status: 'change' },
		]);
	});

	it("says how each service's units were computed", () => {
		expect(planContract(input({})).changes.map((c) => c.rule)).toEqual([
			'count, rounded up',
			'GB (binary), rounded up, 100 included, minimum 1',
		]);
	});

	it('is unchanged when Autotask already holds the target', () => {
		const plan = planContract(input({ contract: contract({ 11: 3, 12: 150 }) }));
		expect(plan.status).toBe('unchanged');
		expect(plan.changes.every((c) => c.delta === 0 && c.status === 'unchanged')).toBe(true);
	});

	it('lowers units when usage shrank (negative delta)', () => {
		const plan = planContract(input({ contract: contract({ 11: 8, 12: 150 }) }));
		expect(plan.changes[0]).toMatchObject({ before: 8, after: 3, delta: -5, status: 'change' });
	});

	it('leaves a quantity nobody reported untouched', () => {
		const plan = planContract(
			input({ usage: usage([3, undefined]), contract: contract({ 11: 3, 12: 77 }) }),
		);
		expect(plan.status).toBe('unchanged');
		expect(plan.changes[1]).toMatchObject({
			status: 'not-reported',
			before: 77,
			after: 77,
			delta: 0,
		});
	});

	it('errors with no-usage when no mapped quantity was reported', () => {
		const plan = planContract(input({ usage: usage([undefined, undefined]) }));
		expect(plan.status).toBe('error');
		expect(plan.problems[0].code).toBe('no-usage');
	});

	it('refuses a contract that was not found', () => {
		const plan = planContract(input({ contract: undefined }));
		expect(plan.problems.map((p) => p.code)).toEqual(['contract-not-found']);
		expect(plan.problems[0].message).toMatch(/Contract 900 .*Map Customer/);
	});

	it('refuses a contract that is not Recurring Service, naming the type and the fix', () => {
		const plan = planContract(
			input({
				contract: contract(
					{ 11: 1 },
					{ isRecurringService: false, contractTypeLabel: 'Time and Materials' },
				),
			}),
		);
		expect(plan.status).toBe('error');
		expect(plan.problems).toHaveLength(1);
		expect(plan.problems[0].code).toBe('not-recurring-service');
		expect(plan.problems[0].message).toMatch(
			/Time and Materials contract, not a Recurring Service contract/,
		);
		expect(plan.changes).toEqual([]);
	});

	it('refuses a service that is not on the contract, suggesting the option', () => {
		const plan = planContract(input({ contract: contract({ 11: 1 }) }));
		expect(plan.status).toBe('error');
		expect(plan.problems.map((p) => [p.code, p.serviceId, p.row])).toEqual([
			['service-not-on-contract', 12, 2],
		]);
		expect(plan.problems[0].message).toMatch(/"BDR Storage GB".*Add Missing Services/);
		// the whole contract waits: nothing is posted for the valid row either
		expect(plan.changes.map((c) => c.status)).toEqual(['blocked', 'blocked']);
	});

	it('adds a missing service when the option is on', () => {
		const plan = planContract(input({ contract: contract({ 11: 1 }), addMissingServices: true }));
		expect(plan.status).toBe('change');
		expect(plan.changes[1]).toMatchObject({
			addsService: true,
			before: 0,
			after: 150,
			delta: 150,
			status: 'change',
		});
	});

	it('does not add a missing service that would bill 0 units', () => {
		const plan = planContract(
			input({
				usage: usage([1, 0]),
				contract: contract({ 11: 1 }),
				addMissingServices: true,
				rows: [rows[0], { ...rows[1], minimum: 0 }],
			}),
		);
		expect(plan.status).toBe('unchanged');
	});

	it('refuses a service reached only through a bundle, even with add-missing on', () => {
		const plan = planContract(
			input({
				contract: contract({ 11: 1 }, { bundleServiceIds: new Set([12]) }),
				addMissingServices: true,
			}),
		);
		expect(plan.problems.map((p) => p.code)).toEqual(['service-only-in-bundle']);
		expect(plan.problems[0].message).toMatch(/only inside a service bundle.*directly/);
	});

	it('refuses a service whose period is not Monthly', () => {
		const yearly = new Map(services);
		yearly.set(12, { id: 12, name: 'BDR Storage GB', isMonthly: false, periodLabel: 'Yearly' });
		const plan = planContract(input({ services: yearly }));
		expect(plan.problems.map((p) => p.code)).toEqual(['service-not-monthly']);
		expect(plan.problems[0].message).toMatch(/period type Yearly.*Monthly/);
	});

	it('refuses a service that does not exist', () => {
		const plan = planContract(input({ services: new Map([[11, services.get(11)!]]) }));
		expect(plan.problems.map((p) => p.code)).toEqual(['service-not-found']);
	});

	it('reports every problem of a contract at once', () => {
		const yearly = new Map(services);
		yearly.set(11, { id: 11, name: 'BDR Server', isMonthly: false });
		const plan = planContract(input({ services: yearly, contract: contract({}) }));
		expect(plan.problems.map((p) => p.code).sort()).toEqual([
			'service-not-monthly',
			'service-not-on-contract',
		]);
	});

	it('converges: applying the deltas and planning again yields no change (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 500 }),
				fc.double({ min: 0, max: 5e13, noNaN: true }),
				fc.integer({ min: 0, max: 500 }),
				fc.integer({ min: 0, max: 5000 }),
				(servers, bytes, beforeServers, beforeStorage) => {
					const state = contract({ 11: beforeServers, 12: beforeStorage });
					const first = planContract(input({ usage: usage([servers, bytes]), contract: state }));
					for (const c of first.changes) {
						const s = state.directServices.get(c.serviceId)!;
						s.units += c.delta;
					}
					const second = planContract(input({ usage: usage([servers, bytes]), contract: state }));
					return second.status === 'unchanged' && second.changes.every((c) => c.delta === 0);
				},
			),
		);
	});
});

describe('unitsOnDate', () => {
	const periods = [
		{ startDate: '2026-01-01T00:00:00', endDate: '2026-01-31T00:00:00', units: 2 },
		{ startDate: '2026-02-01T00:00:00Z', endDate: '2026-02-14T00:00:00Z', units: 3 },
		{ startDate: '2026-02-15', endDate: '2026-02-28', units: 5 },
	];
	it('picks the period containing the date, inclusive at both ends', () => {
		expect(unitsOnDate(periods, '2026-01-31')).toBe(2);
		expect(unitsOnDate(periods, '2026-02-01')).toBe(3);
		expect(unitsOnDate(periods, '2026-02-15T00:00:00Z')).toBe(5);
		expect(unitsOnDate(periods, '2026-03-01')).toBeUndefined();
	});
	it('prefers the latest-starting period when two touch the day', () => {
		expect(
			unitsOnDate(
				[
					{ startDate: '2026-02-01', endDate: '2026-02-28', units: 1 },
					{ startDate: '2026-02-10', endDate: '2026-02-28', units: 4 },
				],
				'2026-02-12',
			),
		).toBe(4);
	});
	it('treats an open end date as ongoing', () => {
		expect(unitsOnDate([{ startDate: '2026-01-01', endDate: null, units: 7 }], '2030-01-01')).toBe(
			7,
		);
	});
});

describe('billingNote', () => {
	it('records the usage time when given, and reads it back from a note', () => {
		const note = billingNote(
			planContract(input({})),
			'2026-03-01',
			['e1'],
			'2026-02-28T23:00:00.000Z',
		);
		expect(note.description).toContain('Usage as of: 2026-02-28T23:00:00.000Z');
		expect(usageAsOfInNote(note.description)).toBe('2026-02-28T23:00:00.000Z');
		expect(
			usageAsOfInNote(billingNote(planContract(input({})), '2026-03-01', ['e1']).description),
		).toBeUndefined();
		expect(usageAsOfInNote('Usage as of: yesterday')).toBeUndefined();
	});

	it('lists each changed service before → after and the source events, with a stable marker', () => {
		const plan = planContract(input({}));
		const note = billingNote(plan, '2026-03-01', ['e1', 'e2']);
		expect(note.description).toContain('- BDR Server [Server licenses]: 1 → 3 (+2)');
		expect(note.description).toContain('- BDR Storage GB [Local storage]: 0 → 150 (+150)');
		expect(note.description).toContain('Source events: e1, e2');
		expect(note.title).toMatch(
			/^BDR billing sync: 2 services updated from 2026-03-01 \[bdr-sync:[0-9a-f]{8}\]$/,
		);
		expect(note.title).toContain(note.marker);
		expect(billingNote(planContract(input({})), '2026-03-01', []).marker).toBe(note.marker);
	});
	it('changes the marker when the change set, contract or date differs', () => {
		const plan = planContract(input({}));
		const other = planContract(input({ usage: usage([4, 250 * GiB]) }));
		expect(noteMarker(other, '2026-03-01')).not.toBe(noteMarker(plan, '2026-03-01'));
		expect(noteMarker(plan, '2026-03-02')).not.toBe(noteMarker(plan, '2026-03-01'));
		expect(noteMarker({ ...plan, contractId: 901 }, '2026-03-01')).not.toBe(
			noteMarker(plan, '2026-03-01'),
		);
	});
	it('caps the listed events', () => {
		const ids = Array.from({ length: 60 }, (_, i) => `e${i}`);
		const note = billingNote(planContract(input({})), '2026-03-01', ids);
		expect(note.description).toContain('e49 and 10 more');
		expect(note.description).not.toContain('e50,');
	});
});
