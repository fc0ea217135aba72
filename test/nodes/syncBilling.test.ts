/** Sync Billing through the engine harness against the Autotask sandbox (demo tenant). */
import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { unitsOn } from '../../sandbox/billing';
import { useSandbox } from '../harness/testSandbox';
import { nodeWorkflow } from '../harness/nodeWorkflow';

let sb: Sandbox;
useSandbox((started) => (sb = started));

const NODE = 'Sync Billing';
const S = DEMO.services;
const GB = 1e9;
const GiB = 1024 ** 3;
const { acme, bluebird, cedar } = DEMO.customers;
const M = DEMO.misconfigured;

const ROWS = [
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
		base: 'binary',
		rounding: 'nearest',
		included: 100,
		minimum: 1,
	},
];

function workflow(parameters: Record<string, unknown>, onError?: string): WorkflowJson {
	return nodeWorkflow(
		'bdrSyncBilling',
		{ dryRun: false, billingSettings: { rows: ROWS }, ...parameters },
		{ node: NODE, trigger: true, onError },
	);
}

let seq = 0;
type Customer = { bdrCustomerId: string; companyId: number; name: string; contractId: number };
function usage(
	c: Customer,
	device: string,
	l: { a?: number; s?: number; w?: number; v?: number },
	localBytes?: number,
	offsiteBytes?: number,
	occurredAt?: string,
) {
	seq++;
	return {
		eventId: `use-${seq}`,
		occurredAt: occurredAt ?? new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
		receivedAt: new Date().toISOString(),
		customer: { id: c.bdrCustomerId, name: c.name },
		device: { id: device },
		type: 'usage_report',
		originalType: 'usage',
		condition: 'usage',
		severity: 'info',
		message: 'Usage report',
		usage: {
			licenses: { appliance: l.a, server: l.s, workstation: l.w, virtual: l.v },
			storage: {
				...(localBytes !== undefined ? { localBytes } : {}),
				...(offsiteBytes !== undefined ? { offsiteBytes } : {}),
			},
		},
		autotask: { companyId: c.companyId, companyName: c.name, contractId: c.contractId },
	};
}

async function run(items: object[], parameters: Record<string, unknown> = {}, onError?: string) {
	const result = await runWorkflow(workflow(parameters, onError), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input: items as any,
	});
	const out = result.outputs[NODE]?.[0] ?? [];
	const byContract = new Map(
		out.map((i) => [(i.json as any).contractId as number, i.json as Record<string, any>]),
	);
	return {
		...result,
		items: out.map((i) => i.json as Record<string, any>),
		paired: out.map((i) => i.pairedItem),
		byContract,
	};
}

const today = () => new Date().toISOString().slice(0, 10);
const unitsAt = (contractId: number, serviceId: number, date = today()) =>
	unitsOn(sb.store, date)(contractId, serviceId);
const writes = () => {
	const c = sb.counts().byRoute;
	return {
		adjustments: c['POST Contracts/{id}/ServiceAdjustments'] ?? 0,
		notes: c['POST Contracts/{id}/Notes'] ?? 0,
	};
};
const reads = () =>
	Object.fromEntries(
		Object.entries(sb.counts().byRoute).filter(
			([r]) => /query/.test(r) && !/entityInformation/.test(r),
		),
	);
const notesOf = (contractId: number) =>
	sb.store.all('ContractNotes').filter((n) => n.contractID === contractId);

/** ACME unchanged, Bluebird (two appliances + a stale snapshot) 4 changes, Cedar 1 change. */
function demoBatch() {
	return [
		usage(acme, 'acme-1', { a: 1, s: 3, w: 10, v: 2 }, 499.5 * GB, 900 * GiB),
		usage(
			bluebird,
			'blue-1',
			{ a: 1, s: 9, w: 30, v: 9 },
			5000 * GB,
			5000 * GiB,
			'2025-12-31T00:00:00.000Z',
		),
		usage(bluebird, 'blue-1', { a: 1, s: 3, w: 10, v: 2 }, 1000.2 * GB, 1500 * GiB),
		usage(bluebird, 'blue-2', { a: 1, s: 4, w: 9, v: 2 }, 900 * GB, 1300.4 * GiB),
		usage(cedar, 'cedar-1', { a: 1, s: 1, w: 6, v: 0 }, 250 * GB, 400 * GiB),
	];
}

describe('Sync Billing (engine + sandbox)', () => {
	it('takes the service from a resource locator in each mode: from the list, by ID, by name', async () => {
		const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
		const rows = [
			{ quantity: 'serverLicenses', serviceId: rl('list', String(S.serverLicense.id)) },
			{ quantity: 'workstationLicenses', serviceId: rl('id', String(S.workstationLicense.id)) },
			{ quantity: 'virtualLicenses', serviceId: rl('name', S.virtualLicense.name.toUpperCase()) },
		];
		const r = await run([usage(cedar, 'dev-rl', { s: 7, w: 9, v: 4 })], {
			billingSettings: { rows },
		});
		expect(r.error).toBeUndefined();
		expect(r.byContract.get(cedar.contractId)?.outcome).toBe('updated');
		expect([
			unitsAt(cedar.contractId, S.serverLicense.id),
			unitsAt(cedar.contractId, S.workstationLicense.id),
			unitsAt(cedar.contractId, S.virtualLicense.id),
		]).toEqual([7, 9, 4]);
		const unknown = await run([usage(cedar, 'dev-rl', { s: 7 })], {
			billingSettings: {
				rows: [{ quantity: 'serverLicenses', serviceId: rl('name', 'No Such Service') }],
			},
		});
		expect(unknown.error?.message).toMatch(/no Autotask service is named "No Such Service"/);
	});

	it('a late or retried run carrying older usage than the one already billed writes nothing (no roll-back)', async () => {
		const at = (day: string) => `2026-${day}T00:00:00.000Z`;
		const first = await run([
			usage(cedar, 'cedar-1', { a: 1, s: 4, w: 6, v: 0 }, 250 * GB, 400 * GiB, at('02-01')),
		]);
		expect(first.byContract.get(cedar.contractId)).toMatchObject({ outcome: 'updated' });
		expect(notesOf(cedar.contractId)[0].description).toContain(`Usage as of: ${at('02-01')}`);
		const before = writes();

		const late = await run([
			usage(cedar, 'cedar-1', { a: 1, s: 2, w: 6, v: 0 }, 250 * GB, 400 * GiB, at('01-15')),
		]);
		const item = late.byContract.get(cedar.contractId)!;
		expect(item).toMatchObject({ outcome: 'unchanged', reason: 'newer-usage-billed' });
		expect(item.message).toContain(at('01-15'));
		expect(item.message).toContain(at('02-01'));
		expect(
			item.changes.filter((c: any) => c.serviceId === S.serverLicense.id).map((c: any) => c.status),
		).toEqual(['blocked']);
		expect(writes()).toEqual(before);
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(4);

		const newer = await run([
			usage(cedar, 'cedar-1', { a: 1, s: 5, w: 6, v: 0 }, 250 * GB, 400 * GiB, at('03-01')),
		]);
		expect(newer.byContract.get(cedar.contractId)).toMatchObject({ outcome: 'updated' });
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(5);
	});

	it('converges to exact units: several appliances summed, conversions, allowance; one note per changed contract', async () => {
		const r = await run(demoBatch());
		expect(r.error).toBeUndefined();
		expect(r.items).toHaveLength(3);
		expect(r.byContract.get(acme.contractId)).toMatchObject({
			outcome: 'unchanged',
			reason: 'units-match',
		});
		expect(r.byContract.get(bluebird.contractId)).toMatchObject({
			outcome: 'updated',
			reason: 'units-changed',
			devices: ['blue-1', 'blue-2'],
		});
		expect(r.byContract.get(cedar.contractId)).toMatchObject({ outcome: 'updated' });

		const blue = (id: number) => unitsAt(bluebird.contractId, id);
		expect(
			[
				S.appliance,
				S.serverLicense,
				S.workstationLicense,
				S.virtualLicense,
				S.localStorageGb,
				S.cloudStorageGb,
			].map((s) => blue(s.id)),
		).toEqual([2, 7, 19, 4, 1901, 2700]);
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(1);
		expect(unitsAt(acme.contractId, S.cloudStorageGb.id)).toBe(800);
		const changes = r.byContract
			.get(bluebird.contractId)!
			.changes.filter((c: any) => c.status === 'change');
		expect(changes.map((c: any) => [c.serviceId, c.before, c.after, c.delta])).toEqual([
			[S.serverLicense.id, 5, 7, 2],
			[S.workstationLicense.id, 18, 19, 1],
			[S.localStorageGb.id, 1800, 1901, 101],
			[S.cloudStorageGb.id, 2600, 2700, 100],
		]);

		expect(writes()).toEqual({ adjustments: 5, notes: 2 });
		expect(sb.store.all('ContractServiceAdjustments')).toHaveLength(5);
		expect(notesOf(acme.contractId)).toHaveLength(0);
		const [note] = notesOf(bluebird.contractId);
		expect(note.description).toContain(`${S.serverLicense.name} [Server licenses]: 5 → 7 (+2)`);
		expect(note.description).toMatch(/Source events: use-\d+, use-\d+, use-\d+/);
		expect(r.byContract.get(bluebird.contractId)!.note).toMatchObject({
			id: note.id,
			title: note.title,
		});

		// pairedItem: every item that fed the contract, including the stale snapshot
		const pairedOf = (cid: number) => r.paired[r.items.findIndex((i) => i.contractId === cid)];
		expect(pairedOf(bluebird.contractId)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		expect(pairedOf(acme.contractId)).toEqual([{ item: 0 }]);
	});

	it('reads each entity once for the whole batch', async () => {
		await run(demoBatch(), { dryRun: true });
		expect(reads()).toEqual({
			'POST ContractNotes/query': 1, // newest usage already billed (our notes since the batch's oldest usage)
			'POST Contracts/query': 1,
			'POST ContractServiceUnits/query': 1,
			'POST Services/query': 1,
		});
	});

	it('reads service bundles (and contract services) only for a contract that lacks a mapped service', async () => {
		const kestrel = M.bundleOnly;
		const r = await run(
			[...demoBatch(), usage(kestrel, 'k-1', { a: 1, s: 2, w: 3, v: 0 }, GB, GiB)],
			{ dryRun: true },
		);
		expect(r.byContract.get(kestrel.contractId)!.problems.map((p: any) => p.code)).toContain(
			'service-only-in-bundle',
		);
		expect(reads()).toMatchObject({
			'POST ContractServiceBundles/query': 1,
			'POST ContractServices/query': 1,
		});
		const bundleQueries = sb
			.requestLog()
			.filter((e) => e.route === 'POST ContractServiceBundles/query');
		expect(bundleQueries).toHaveLength(1);
	});

	it('a second run with the same usage is unchanged and writes nothing', async () => {
		await run(demoBatch());
		sb.resetCounts();
		const again = await run(demoBatch());
		expect(again.items.map((i) => i.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(writes()).toEqual({ adjustments: 0, notes: 0 });
		expect(sb.store.all('ContractServiceAdjustments')).toHaveLength(5);
		expect(sb.store.all('ContractNotes').filter((n) => /bdr-sync:/.test(n.title))).toHaveLength(2);
	});

	it('dry run outputs the plan and writes nothing', async () => {
		const r = await run(demoBatch(), { dryRun: true });
		expect(r.byContract.get(bluebird.contractId)).toMatchObject({
			outcome: 'dry-run',
			dryRun: true,
		});
		expect(
			r.byContract.get(bluebird.contractId)!.changes.filter((c: any) => c.status === 'change'),
		).toHaveLength(4);
		expect(writes()).toEqual({ adjustments: 0, notes: 0 });
		expect(unitsAt(bluebird.contractId, S.serverLicense.id)).toBe(5);
	});

	it('each validation fires on its seeded case, and the others still sync', async () => {
		const kestrel = M.bundleOnly;
		const juniper = M.nonRecurringContract;
		const items = [
			usage(juniper, 'j-1', { a: 1, s: 1, w: 1, v: 0 }, GB, GiB),
			usage(kestrel, 'k-1', { a: 1, s: 2, w: 3, v: 0 }, GB, GiB),
			usage({ ...acme, contractId: 999999 }, 'x-1', { a: 1 }),
			{
				eventId: 'no-contract',
				usage: { licenses: { server: 1 } },
				autotask: { companyId: acme.companyId },
			},
			usage(cedar, 'cedar-1', { a: 1, s: 2, w: 6, v: 1 }, 250 * GB, 400 * GiB),
		];
		const r = await run(items);
		expect(r.error).toBeUndefined();
		const j = r.byContract.get(juniper.contractId)!;
		expect(j).toMatchObject({ outcome: 'error', reason: 'not-recurring-service' });
		expect(j.message).toMatch(/Block Hours contract, not a Recurring Service contract/);
		const k = r.byContract.get(kestrel.contractId)!;
		expect(k.outcome).toBe('error');
		const codes = k.problems.map((p: any) => [p.code, p.serviceId]);
		expect(codes).toEqual(
			expect.arrayContaining([
				['service-only-in-bundle', S.serverLicense.id],
				['service-only-in-bundle', S.cloudStorageGb.id],
				['service-not-on-contract', S.workstationLicense.id],
				['service-not-on-contract', S.localStorageGb.id],
			]),
		);
		expect(r.byContract.get(999999)).toMatchObject({
			outcome: 'error',
			reason: 'contract-not-found',
		});
		const noContract = r.items.find((i) => i.reason === 'no-contract')!;
		expect(noContract.message).toMatch(/Map Customer/);
		expect(r.paired[r.items.indexOf(noContract)]).toEqual({ item: 3 });
		expect(r.byContract.get(cedar.contractId)).toMatchObject({ outcome: 'updated' });
		expect(unitsAt(cedar.contractId, S.virtualLicense.id)).toBe(1);
		expect(writes()).toEqual({ adjustments: 1, notes: 1 });
	});

	it('refuses a service whose period is not Monthly', async () => {
		const r = await run([usage(acme, 'a', { s: 3 })], {
			billingSettings: {
				rows: [{ quantity: 'serverLicenses', serviceId: M.nonMonthlyService.id }],
			},
		});
		expect(r.items[0]).toMatchObject({ outcome: 'error', reason: 'service-not-monthly' });
		expect(r.items[0].message).toMatch(/period type Yearly.*Monthly/);
		expect(writes()).toEqual({ adjustments: 0, notes: 0 });
	});

	it('adds a missing service when asked, never one inside a bundle', async () => {
		const kestrel = M.bundleOnly;
		const rows = [{ quantity: 'workstationLicenses', serviceId: S.workstationLicense.id }];
		const off = await run([usage(kestrel, 'k', { w: 5 })], { billingSettings: { rows } });
		expect(off.items[0]).toMatchObject({ outcome: 'error', reason: 'service-not-on-contract' });
		expect(off.items[0].message).toMatch(/Add Missing Services/);
		const on = await run([usage(kestrel, 'k', { w: 5 })], {
			billingSettings: { rows },
			options: { addMissingServices: true },
		});
		expect(on.items[0]).toMatchObject({ outcome: 'updated' });
		expect(on.items[0].changes[0]).toMatchObject({ addsService: true, before: 0, after: 5 });
		expect(unitsAt(kestrel.contractId, S.workstationLicense.id)).toBe(5);
		const bundled = await run([usage(kestrel, 'k', { s: 5 })], {
			billingSettings: { rows: [{ quantity: 'serverLicenses', serviceId: S.serverLicense.id }] },
			options: { addMissingServices: true },
		});
		expect(bundled.items[0]).toMatchObject({ outcome: 'error', reason: 'service-only-in-bundle' });
	});

	it('posts from the first of next month when chosen, leaving this month as it is', async () => {
		const r = await run([usage(cedar, 'c', { s: 4 })], {
			effectiveDate: 'firstOfNextMonth',
			billingSettings: { rows: [{ quantity: 'serverLicenses', serviceId: S.serverLicense.id }] },
		});
		const now = new Date();
		const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
			.toISOString()
			.slice(0, 10);
		expect(r.items[0]).toMatchObject({ outcome: 'updated', effectiveDate: next });
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(2);
		expect(unitsAt(cedar.contractId, S.serverLicense.id, next)).toBe(4);
		const again = await run([usage(cedar, 'c', { s: 4 })], {
			effectiveDate: 'firstOfNextMonth',
			billingSettings: { rows: [{ quantity: 'serverLicenses', serviceId: S.serverLicense.id }] },
		});
		expect(again.items[0].outcome).toBe('unchanged');
	});

	it('stops with an error naming both rows when a service is mapped twice', async () => {
		const r = await run([usage(acme, 'a', { s: 3 })], {
			billingSettings: {
				rows: [ROWS[1], { quantity: 'workstationLicenses', serviceId: S.serverLicense.id }],
			},
		});
		expect(r.error?.message).toMatch(
			/row 1 \(Server licenses\) and row 2 \(Workstation licenses\) both map to Autotask service/,
		);
		expect(sb.counts().total).toBe(0);
	});

	it('accepts service names (as the templates ship them) and refuses an unknown name with the fix', async () => {
		const byName = await run([usage(cedar, 'c', { s: 3 })], {
			billingSettings: {
				rows: [{ quantity: 'serverLicenses', serviceId: 'axcient server license' }],
			},
		});
		expect(byName.items[0]).toMatchObject({ outcome: 'updated' });
		expect(byName.items[0].changes[0]).toMatchObject({
			serviceId: S.serverLicense.id,
			before: 2,
			after: 3,
		});
		const unknown = await run([usage(cedar, 'c', { s: 3 })], {
			billingSettings: {
				rows: [ROWS[0], { quantity: 'serverLicenses', serviceId: 'Axcient Server Licence' }],
			},
		});
		expect(unknown.error?.message).toMatch(
			/row 2 \(Server licenses\): no Autotask service is named "Axcient Server Licence": choose the service from the list/,
		);
		const twice = await run([usage(cedar, 'c', { s: 3 })], {
			billingSettings: {
				rows: [ROWS[1], { quantity: 'workstationLicenses', serviceId: S.serverLicense.name }],
			},
		});
		expect(twice.error?.message).toMatch(
			/row 1 \(Server licenses\) and row 2 \(Workstation licenses\) both map/,
		);
	});

	it('a contract whose write Autotask refuses gets an error outcome; the others are updated', async () => {
		sb.setRouteFault('POST Contracts/{id}/ServiceAdjustments', {
			status: 400,
			message:
				'ContractServiceAdjustments.effectiveDate: the period is already approved and posted.',
			times: 1,
		});
		const r = await run(demoBatch());
		expect(r.error).toBeUndefined();
		const outcomes = r.items.map((i) => i.outcome).sort();
		expect(outcomes).toEqual(['error', 'unchanged', 'updated']);
		const failed = r.items.find((i) => i.outcome === 'error')!;
		expect(failed.reason).toBe('autotask-write-failed');
		expect(failed.message).toMatch(/already approved and posted/);
		expect(failed.message).toMatch(/running again completes the rest/);
		const rerun = await run(demoBatch());
		expect(rerun.items.map((i) => i.outcome).sort()).toEqual(['unchanged', 'unchanged', 'updated']);
		expect(unitsAt(bluebird.contractId, S.serverLicense.id)).toBe(7);
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(1);
	});

	it('a write failing for a passing reason (503) fails the execution after every contract was handled, so n8n can retry it', async () => {
		sb.setRouteFault('POST Contracts/{id}/ServiceAdjustments', {
			status: 503,
			message: 'Service unavailable.',
		});
		const stopped = await run(demoBatch());
		expect(stopped.error?.message).toMatch(/Service unavailable/);
		expect(String((stopped.error as any)?.description)).toMatch(
			/^Contract \d+: .*retrying this execution completes the rest without double counting/,
		);
		const continued = await run(demoBatch(), {}, 'continueRegularOutput');
		expect(continued.error).toBeUndefined();
		expect(continued.items.map((i) => i.reason).sort()).toEqual([
			'autotask-write-failed',
			'autotask-write-failed',
			'units-match',
		]);
		sb.setRouteFault('POST Contracts/{id}/ServiceAdjustments', null);
		const retried = await run(demoBatch());
		expect(retried.error).toBeUndefined();
		expect(unitsAt(bluebird.contractId, S.serverLicense.id)).toBe(7);
		expect(unitsAt(cedar.contractId, S.serverLicense.id)).toBe(1);
	});

	it('a failed batch read stops the node, or with continue-on-fail gives every contract an error outcome', async () => {
		sb.setRouteFault('POST Contracts/query', {
			status: 403,
			message: 'The logged in user does not have permission to query Contracts.',
		});
		const stopped = await run(demoBatch());
		expect(stopped.error?.message).toMatch(/permission to query Contracts/);
		const continued = await run(demoBatch(), {}, 'continueRegularOutput');
		expect(continued.error).toBeUndefined();
		expect(continued.items.map((i) => [i.outcome, i.reason])).toEqual([
			['error', 'autotask-read-failed'],
			['error', 'autotask-read-failed'],
			['error', 'autotask-read-failed'],
		]);
		expect(continued.paired[1]).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		sb.setRouteFault('POST Contracts/query', null);
	});

	it('keeps the secret out of outputs and errors', async () => {
		const r = await run([...demoBatch(), usage({ ...acme, contractId: 999999 }, 'x', { a: 1 })]);
		const text = JSON.stringify(r.items) + String(r.error?.message ?? '');
		expect(text).not.toContain(sb.credentials.secret);
		expect(text).not.toContain(sb.credentials.integrationCode);
	});
});
