/**
 * Two or three executions syncing the same contracts at the same moment (n8n queue-mode workers, a
 * device re-sending its report): both read the old units and both post the difference. The
 * concurrent-sync check must leave exact units (the earliest note's targets), one surviving note and
 * the later runs' notes marked superseded — also with 20% injected faults.
 */
import { credentialsFor, runWorkflow } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { SERVICE_KEYS } from '../../sandbox/tenant/base';
import { billingWorkflow, NODE, S, usageReport, type Units } from './syncBillingFixture';
import { currentUnits } from '../../bench/billingDataset';
import {
	parseSuperseded,
	parseSyncState,
	SUPERSEDED_TITLE_PREFIX,
} from '../../nodes/logic/billingTwins';

const workflow = () => billingWorkflow('billing concurrent');

const report = (contractId: number, companyId: number, u: Units, tag: string) =>
	usageReport(
		{ eventId: `conc-${tag}-${contractId}`, deviceId: `dev-${contractId}`, companyId, contractId },
		u,
	);

async function run(sb: Sandbox, items: object[]) {
	const result = await runWorkflow(workflow(), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input: items as any,
	});
	expect(result.error).toBeUndefined();
	return (result.outputs[NODE]?.[0] ?? []).map((i) => i.json as Record<string, any>);
}

const notesOf = (sb: Sandbox, contractId: number) =>
	sb.store
		.rows('ContractNotes')
		.filter((n) => n.contractID === contractId)
		.sort((a, b) => a.id - b.id);
const isSupersededNote = (n: { title?: string; description?: string }) =>
	String(n.title).startsWith(SUPERSEDED_TITLE_PREFIX) &&
	parseSuperseded(n.description) !== undefined;
/** Net units posted per service on a contract (adjustments cannot be read back through the API; the store can). */
function netPosted(sb: Sandbox, contractId: number): Partial<Record<ServiceKey, number>> {
	const net: Partial<Record<ServiceKey, number>> = {};
	for (const a of sb.store
		.rows('ContractServiceAdjustments')
		.filter((r) => r.contractID === contractId)) {
		const key = SERVICE_KEYS.find((k) => S[k].id === a.serviceID)!;
		net[key] = (net[key] ?? 0) + a.unitChange;
	}
	for (const key of SERVICE_KEYS) if (net[key] === 0) delete net[key];
	return net;
}

describe('Sync Billing: concurrent executions on the same contract', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		// Latency keeps the runs in step: every run reads before any of them writes, as on busy workers.
		sb = await startSandbox({ seed: 6, port: 0, latencyMs: 40 });
	});
	afterAll(async () => sb.close());
	beforeEach(() => sb.reset());

	const contract = () => sb.store.rows('Contracts')[0];

	it('the same usage delivered twice at once: exact units, the change counted once, one surviving note and one superseded', async () => {
		const c = contract();
		const before = currentUnits(sb.store).get(c.id)!;
		const target = {
			...before,
			serverLicense: before.serverLicense + 3,
			cloudStorageGb: before.cloudStorageGb + 50,
		};
		const items = [report(c.id, c.companyID, target, 'a')];

		const [a, b] = await Promise.all([run(sb, items), run(sb, items)]);
		const outcomes = [a[0], b[0]];
		// Both runs read the old units (else one would be `unchanged`): the race did happen.
		expect(outcomes.map((o) => o.outcome)).toEqual(['updated', 'updated']);
		expect(outcomes.map((o) => o.reason).sort()).toEqual([
			'concurrent-sync-corrected',
			'units-changed',
		]);

		expect(currentUnits(sb.store).get(c.id)).toEqual(target);
		expect(netPosted(sb, c.id)).toEqual({ serverLicense: 3, cloudStorageGb: 50 });

		const notes = notesOf(sb, c.id);
		expect(notes).toHaveLength(2);
		const [survivor, later] = notes;
		expect(isSupersededNote(survivor)).toBe(false);
		expect(isSupersededNote(later)).toBe(true);
		expect(parseSuperseded(later.description)).toEqual({
			survivor: survivor.id,
			targets: parseSyncState(survivor.description)!.targets,
		});

		const corrected = outcomes.find((o) => o.reason === 'concurrent-sync-corrected')!;
		expect(corrected.note.id).toBe(later.id);
		expect(corrected.concurrentSync).toMatchObject({
			survivorNoteId: survivor.id,
			noteMarkedSuperseded: true,
		});
		expect(corrected.concurrentSync.corrections).toEqual(
			expect.arrayContaining([
				{
					serviceId: S.serverLicense.id,
					before: before.serverLicense + 6,
					after: target.serverLicense,
					delta: -3,
				},
				{
					serviceId: S.cloudStorageGb.id,
					before: before.cloudStorageGb + 100,
					after: target.cloudStorageGb,
					delta: -50,
				},
			]),
		);
		expect(
			corrected.changes.find((x: any) => x.serviceId === S.serverLicense.id).correction,
		).toMatchObject({ delta: -3 });
		const survivorRun = outcomes.find((o) => o.reason === 'units-changed')!;
		expect(survivorRun.note.id).toBe(survivor.id);
		expect(survivorRun.concurrentSync).toBeUndefined();

		// Afterwards a run with the same usage finds the units right and writes nothing.
		const again = await run(sb, items);
		expect(again[0]).toMatchObject({ outcome: 'unchanged', reason: 'units-match' });
		expect(notesOf(sb, c.id)).toHaveLength(2);
	}, 60_000);

	it('three at once: exact units, the earliest note survives, both later notes superseded', async () => {
		const c = contract();
		const before = currentUnits(sb.store).get(c.id)!;
		const target = { ...before, workstationLicense: before.workstationLicense + 2 };
		const items = [report(c.id, c.companyID, target, 'b')];

		const outs = (await Promise.all([run(sb, items), run(sb, items), run(sb, items)])).map(
			(o) => o[0],
		);
		expect(outs.map((o) => o.outcome)).toEqual(['updated', 'updated', 'updated']);
		expect(outs.map((o) => o.reason).sort()).toEqual([
			'concurrent-sync-corrected',
			'concurrent-sync-corrected',
			'units-changed',
		]);
		expect(currentUnits(sb.store).get(c.id)).toEqual(target);
		expect(netPosted(sb, c.id)).toEqual({ workstationLicense: 2 });

		const notes = notesOf(sb, c.id);
		expect(notes.map(isSupersededNote)).toEqual([false, true, true]);
		for (const n of notes.slice(1))
			expect(parseSuperseded(n.description)!.survivor).toBe(notes[0].id);
	}, 60_000);

	it("two different usages at once: the units equal the earliest note's targets", async () => {
		const c = contract();
		const before = currentUnits(sb.store).get(c.id)!;
		const first = { ...before, serverLicense: before.serverLicense + 1 };
		const second = {
			...before,
			serverLicense: before.serverLicense + 4,
			virtualLicense: before.virtualLicense + 2,
		};

		const [a, b] = (
			await Promise.all([
				run(sb, [report(c.id, c.companyID, first, 'c1')]),
				run(sb, [report(c.id, c.companyID, second, 'c2')]),
			])
		).map((o) => o[0]);
		expect([a.outcome, b.outcome]).toEqual(['updated', 'updated']);

		const notes = notesOf(sb, c.id);
		expect(notes.map(isSupersededNote)).toEqual([false, true]);
		const survivorRun = [a, b].find((o) => o.note.id === notes[0].id)!;
		const expected = survivorRun === a ? first : second;
		expect(currentUnits(sb.store).get(c.id)).toEqual(expected);
		const survivorTargets = parseSyncState(notes[0].description)!.targets;
		expect(survivorTargets[S.serverLicense.id]).toBe(expected.serverLicense);
		// The later run reports what it corrected to.
		const later = survivorRun === a ? b : a;
		expect(later).toMatchObject({
			reason: 'concurrent-sync-corrected',
			concurrentSync: { survivorNoteId: notes[0].id },
		});
	}, 60_000);

	it('with 20% injected faults (429, 500, lost answers), two runs at once over every contract still end exact', async () => {
		// A fault's backoff can push one run past the other's writes (then there is no race to settle):
		// try a few fault seeds until runs did race, checking exact units after every attempt.
		const firstSeed = Number(process.env.BILLING_FAULT_SEED ?? 3);
		let raced = 0;
		let corrected = 0;
		for (let attempt = 0; attempt < 5 && (raced === 0 || corrected === 0); attempt++) {
			sb.reset();
			const contracts = sb.store.rows('Contracts');
			const targets = new Map<number, Units>();
			const items = contracts.map((c, n) => {
				const before = currentUnits(sb.store).get(c.id)!;
				const t = {
					...before,
					serverLicense: before.serverLicense + 1 + (n % 3),
					localStorageGb: before.localStorageGb + 25,
				};
				targets.set(c.id, t);
				return report(c.id, c.companyID, t, `f${attempt}`);
			});
			sb.setFaults({
				rate429: 0.07,
				rate500: 0.07,
				rateLostResponse: 0.06,
				seed: firstSeed + attempt,
			});
			const [a, b] = await Promise.all([run(sb, items), run(sb, items)]);
			sb.setFaults({ rate429: 0, rate500: 0, rateLostResponse: 0 });
			expect(
				sb.requestLog().filter((e) => e.status === 0 || e.status === 500).length,
			).toBeGreaterThan(0); // faults did happen

			for (const c of contracts) {
				expect(currentUnits(sb.store).get(c.id)).toEqual(targets.get(c.id));
				// Exactly one note stands for the change; any other is marked superseded.
				const notes = notesOf(sb, c.id);
				expect(notes.filter((n) => !isSupersededNote(n))).toHaveLength(1);
				if (notes.length > 1) raced++;
			}
			const reasons = [...a, ...b].map((o) => o.reason);
			expect(
				reasons.filter(
					(r) => !['units-changed', 'concurrent-sync-corrected', 'units-match'].includes(r),
				),
			).toEqual([]);
			corrected += reasons.filter((r) => r === 'concurrent-sync-corrected').length;

			const again = await run(sb, items);
			expect(again.map((o) => o.outcome)).toEqual(contracts.map(() => 'unchanged'));
		}
		expect(raced).toBeGreaterThan(0);
		expect(corrected).toBeGreaterThan(0);
	}, 240_000);
});
