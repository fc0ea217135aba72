/**
 * The write step against a scripted in-memory Autotask: lost answers, 5xx and refusals
 * must end with exact units and never a second adjustment or note for the same change.
 */
import { AutotaskApiError, AutotaskWriteUnknownError } from '../../nodes/autotask/errors';
import type { AutotaskClient } from '../../nodes/autotask/client';
import type { ContractPlan } from '../../nodes/logic/billingPlan';
import { WRITE_ATTEMPTS, writeContractPlan } from '../../nodes/BdrSyncBilling/writeBillingChanges';

type Fault = 'lost-after-apply' | 'lost-before-apply' | 500 | 'refused500' | 400 | 'budget';

class FakeAutotask {
	units = new Map<number, number>();
	notes: Array<{ id: number; title: string; description: string }> = [];
	adjustments: Array<{ serviceID: number; unitChange: number }> = [];
	faults: Fault[] = [];
	creates = 0;

	client(): AutotaskClient {
		const self = this;
		return {
			async create(path: string, body: Record<string, any>): Promise<number> {
				self.creates++;
				const fault = self.faults.shift();
				if (fault === 'lost-before-apply')
					throw new AutotaskWriteUnknownError({ method: 'POST', path, message: 'socket hang up' });
				// a 500 without a reason: the outcome is unknown; with one, Autotask refused (nothing written)
				if (fault === 500)
					throw new AutotaskApiError({ status: 500, errors: [], method: 'POST', path });
				if (fault === 'refused500')
					throw new AutotaskApiError({
						status: 500,
						errors: ['Effective date must be within the contract dates.', 'on record number [0].'],
						method: 'POST',
						path,
					});
				if (fault === 400)
					throw new AutotaskApiError({
						status: 400,
						errors: ['unitChange: invalid'],
						method: 'POST',
						path,
					});
				if (fault === 'budget')
					throw new AutotaskApiError({
						status: 429,
						errors: ['hourly request limit exceeded'],
						method: 'POST',
						path,
						isBudget: true,
					});
				let id: number;
				if (path.endsWith('/ServiceAdjustments')) {
					self.adjustments.push({ serviceID: body.serviceID, unitChange: body.unitChange });
					self.units.set(body.serviceID, (self.units.get(body.serviceID) ?? 0) + body.unitChange);
					id = self.adjustments.length;
				} else {
					id = 1000 + self.notes.length;
					self.notes.push({ id, title: body.title, description: body.description });
				}
				if (fault === 'lost-after-apply')
					throw new AutotaskWriteUnknownError({ method: 'POST', path, message: 'socket hang up' });
				return id;
			},
			async query(
				entity: string,
				options: { filter: Array<{ field: string; value?: any }> },
			): Promise<any[]> {
				const value = (field: string) => options.filter.find((f) => f.field === field)?.value;
				if (entity === 'ContractServiceUnits') {
					const serviceId = value('serviceID');
					return [
						{
							id: 1,
							contractID: 7,
							serviceID: serviceId,
							startDate: '2026-01-01',
							endDate: '2026-12-31',
							units: self.units.get(serviceId) ?? 0,
						},
					];
				}
				if (entity === 'ContractNotes')
					return self.notes.filter((n) => n.title.includes(value('title')));
				throw new Error(`unexpected query ${entity}`);
			},
		} as unknown as AutotaskClient;
	}
}

function plan(): ContractPlan {
	const change = (serviceId: number, before: number, after: number) => ({
		row: serviceId,
		quantity: 'Server licenses',
		rule: 'count, rounded up',
		serviceId,
		serviceName: `S${serviceId}`,
		reported: after,
		before,
		after,
		delta: after - before,
		addsService: false,
		status: 'change' as const,
	});
	return {
		contractId: 7,
		contractName: 'C',
		status: 'change',
		problems: [],
		changes: [change(1, 2, 5), change(2, 10, 4)],
	};
}

const options = {
	effectiveDate: '2026-06-01',
	writeNote: true,
	eventIds: ['ev-1'],
	pause: async () => {},
};

function setup(faults: Fault[]) {
	const at = new FakeAutotask();
	at.units.set(1, 2);
	at.units.set(2, 10);
	at.faults = faults;
	return at;
}

describe('writeContractPlan', () => {
	it('posts one adjustment per changed service and one note', async () => {
		const at = setup([]);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeUndefined();
		expect(at.adjustments).toEqual([
			{ serviceID: 1, unitChange: 3 },
			{ serviceID: 2, unitChange: -6 },
		]);
		expect([at.units.get(1), at.units.get(2)]).toEqual([5, 4]);
		expect(at.notes).toHaveLength(1);
		expect(at.notes[0].description).toContain('S1 [Server licenses]: 2 → 5 (+3)');
		expect(result.noteId).toBe(at.notes[0].id);
	});

	it('resolves a lost answer of an applied adjustment by re-reading: no second adjustment', async () => {
		const at = setup(['lost-after-apply']);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeUndefined();
		expect(at.adjustments).toHaveLength(2);
		expect([at.units.get(1), at.units.get(2)]).toEqual([5, 4]);
	});

	it('posts again after a lost answer of an adjustment that did not land, or a 500', async () => {
		const at = setup(['lost-before-apply', 500]);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeUndefined();
		expect(at.adjustments).toEqual([
			{ serviceID: 1, unitChange: 3 },
			{ serviceID: 2, unitChange: -6 },
		]);
		expect(at.creates).toBe(5);
	});

	it('finds its own note by the title marker after a lost answer: one note', async () => {
		const at = setup([undefined as never, undefined as never, 'lost-after-apply']);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeUndefined();
		expect(at.notes).toHaveLength(1);
		expect(result.noteId).toBe(at.notes[0].id);
	});

	it('stops on a refusal and audits only what landed', async () => {
		const at = setup([undefined as never, 400]);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeInstanceOf(AutotaskApiError);
		expect(result.applied.map((c) => c.serviceId)).toEqual([1]);
		expect(at.units.get(2)).toBe(10);
		expect(at.notes).toHaveLength(1);
		expect(at.notes[0].description).toContain('S1');
		expect(at.notes[0].description).not.toContain('S2');
	});

	// Real tenants refuse with 500 + errors[] (autotask-api.md): sent once, never re-read and resent.
	it("sends an adjustment refused with a 500 and a reason once, and reports Autotask's text", async () => {
		const at = setup(['refused500']);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toMatchObject({
			kind: 'refused',
			errors: ['Effective date must be within the contract dates.', 'on record number [0].'],
		});
		expect(at.creates).toBe(1);
		expect(at.adjustments).toHaveLength(0);
		expect(at.notes).toHaveLength(0);
	});

	it('does not retry a budget refusal', async () => {
		const at = setup(['budget']);
		const result = await writeContractPlan(at.client(), plan(), options);
		expect((result.error as AutotaskApiError).isBudget).toBe(true);
		expect(at.creates).toBe(1);
		expect(at.notes).toHaveLength(0);
	});

	it('gives up after the attempt limit without overshooting', async () => {
		const at = setup(Array(WRITE_ATTEMPTS).fill(500));
		const result = await writeContractPlan(at.client(), plan(), options);
		expect(result.error).toBeInstanceOf(AutotaskApiError);
		expect(at.creates).toBe(WRITE_ATTEMPTS);
		expect(at.units.get(1)).toBe(2);
	});

	it('writes no note when the option is off', async () => {
		const at = setup([]);
		await writeContractPlan(at.client(), plan(), { ...options, writeNote: false });
		expect(at.notes).toHaveLength(0);
		expect(at.adjustments).toHaveLength(2);
	});
});
