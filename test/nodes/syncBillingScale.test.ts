/**
 * Sync Billing at scale and under faults, on generated sandbox tenants: the request cost of
 * 1,000 customers, and exact units with no duplicate adjustments or notes when 20% of requests fail.
 */
import { credentialsFor, runWorkflow } from '../harness';
import type { Sandbox } from '../../sandbox/server';
import { useSandbox } from '../harness/testSandbox';
import { billingWorkflow, NODE, usageReport, type Units } from './syncBillingFixture';
import { currentUnits } from '../../bench/billingDataset';

const workflow = () => billingWorkflow('billing scale');

/** One usage report per contract that bills exactly `units`. */
const report = (contractId: number, companyId: number, u: Units, n: number) =>
	usageReport({ eventId: `gen-${n}`, deviceId: `dev-${n}`, companyId, contractId }, u);

/** Every contract's units now, the units `change` makes of them (the n-th contract's, in place), and the reports that bill those. */
function changeUnits(sb: Sandbox, change: (u: Units, n: number) => void) {
	const before = currentUnits(sb.store);
	const contracts = sb.store.rows('Contracts');
	const target = new Map<number, Units>();
	const items = contracts.map((c, n) => {
		const u = { ...before.get(c.id)! };
		change(u, n);
		target.set(c.id, u);
		return report(c.id, c.companyID, u, n);
	});
	return { before, contracts, target, items };
}

async function run(sb: Sandbox, items: object[]) {
	const result = await runWorkflow(workflow(), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input: items as any,
	});
	return {
		...result,
		items: (result.outputs[NODE]?.[0] ?? []).map((i) => i.json as Record<string, any>),
	};
}

function tally(items: Array<Record<string, any>>): Record<string, number> {
	const t: Record<string, number> = {};
	for (const i of items) t[i.outcome] = (t[i.outcome] ?? 0) + 1;
	return t;
}

describe('Sync Billing at scale', () => {
	let sb: Sandbox;
	useSandbox((started) => (sb = started), { seed: 1000, reset: false });

	it('1,000 customers, 10% changed: ⌈1000/500⌉ queries per entity (plus pages) and one write per changed service + one note per changed contract', async () => {
		const { contracts, target, items } = changeUnits(sb, (u, n) => {
			if (n % 10 === 0) u.workstationLicense += 1; // 100 contracts change one service
			if (n % 20 === 0) u.cloudStorageGb += 7; // 50 of them change a second one
		});
		expect(contracts).toHaveLength(1000);
		sb.resetCounts();
		const r = await run(sb, items);
		expect(r.error).toBeUndefined();
		expect(tally(r.items)).toEqual({ updated: 100, unchanged: 900 });

		const byRoute = sb.counts().byRoute;
		const cost = Object.fromEntries(
			Object.entries(byRoute).filter(([route]) => !/entityInformation/.test(route)),
		);
		// ContractServiceUnits also filters on the 6 service ids, so a chunk holds 500 - 6 = 494 contracts (no query
		// carries more than 500 list values): chunks of 494, 494, 12 → 6 rows each → 6 + 6 + 1 pages, the next ones
		// POSTed with the same body as real Autotask wants.
		expect(cost).toEqual({
			// newest usage already billed and the watermark, ⌈1000/500⌉; then the concurrent-sync check over the
			// 100 contracts changed, ⌈100/500⌉ = 1
			'POST ContractNotes/query': 3,
			'POST Contracts/query': 2,
			'POST ContractServiceUnits/query': 3,
			'POST ContractServiceUnits/query/next': 10,
			'POST Services/query': 1,
			'POST Contracts/{id}/ServiceAdjustments': 150,
			'POST Contracts/{id}/Notes': 100,
		});
		// The figure the issue note reports.
		console.log(
			`1,000 customers, 100 changed (150 services): ${JSON.stringify(cost)}; total ${Object.values(cost).reduce((a, b) => a + b, 0)} requests`,
		);

		const after = currentUnits(sb.store);
		for (const c of contracts) expect(after.get(c.id)).toEqual(target.get(c.id));
	}, 120_000);
});

describe('Sync Billing under 20% injected faults', () => {
	let sb: Sandbox;
	useSandbox((started) => (sb = started), { seed: 40, reset: false });

	it('ends with exact units, one adjustment per changed service and one note per contract', async () => {
		const { before, contracts, target, items } = changeUnits(sb, (u, n) => {
			u.serverLicense += 1 + (n % 3);
			u.localStorageGb = Math.max(0, u.localStorageGb - 10);
		});
		const changedServices = contracts.reduce(
			(sum, c) => sum + (before.get(c.id)!.localStorageGb > 0 ? 2 : 1),
			0,
		);
		sb.setFaults({
			rate429: 0.07,
			rate500: 0.07,
			rateLostResponse: 0.06,
			seed: Number(process.env.BILLING_FAULT_SEED ?? 1),
		});
		const r = await run(sb, items);
		sb.setFaults({ rate429: 0, rate500: 0, rateLostResponse: 0 });
		expect(r.error).toBeUndefined();
		expect(tally(r.items)).toEqual({ updated: contracts.length });
		const log = sb.requestLog();
		expect(log.filter((e) => e.status === 0).length).toBeGreaterThan(0); // lost answers did happen
		expect(log.filter((e) => e.status === 500).length).toBeGreaterThan(0);

		const after = currentUnits(sb.store);
		for (const c of contracts) expect(after.get(c.id)).toEqual(target.get(c.id));
		expect(sb.store.all('ContractServiceAdjustments')).toHaveLength(changedServices);
		for (const c of contracts)
			expect(sb.store.all('ContractNotes').filter((n) => n.contractID === c.id)).toHaveLength(1);

		sb.resetCounts();
		const again = await run(sb, items);
		expect(tally(again.items)).toEqual({ unchanged: contracts.length });
		expect(
			Object.keys(sb.counts().byRoute).filter((route) => route.startsWith('POST Contracts/{id}')),
		).toEqual([]);
	}, 120_000);
});
