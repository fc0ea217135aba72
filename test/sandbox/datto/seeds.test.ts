/**
 * The seeds and the demo mapping to the Autotask demo tenant (ours: the stand-in's data, not the
 * record's), the CLI arguments, and the Autotask tenant's "Datto Organization ID" company field.
 */
import { parseDattoArgs, optionsFromArgs } from '../../../sandbox/datto/cli';
import {
	DATTO_DEMO_ORG_IDS,
	DATTO_ORG_ID_UDF,
	generatedDattoOrgId,
} from '../../../sandbox/datto/ids';
import { DATTO_DEMO, parseDattoSeed, seedModel } from '../../../sandbox/datto/seeds';
import { startSandbox } from '../../../sandbox/server';
import { DEMO } from '../../../sandbox/tenant/demo';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

describe('Datto BCDR seeds', () => {
	it('demo: one organization per Autotask demo customer, ids unlike the company ids, exported with the company [issue #13]', () => {
		expect(DATTO_DEMO.clients.map((c) => c.autotaskCompanyId)).toEqual(
			DEMO.customerList.map((c) => c.companyId),
		);
		expect(DATTO_DEMO.clients.map((c) => c.organizationId)).toEqual([
			52301, 52302, 52303, 52304, 52305, 52306, 52307, 52308,
		]);
		expect(DATTO_DEMO.clients[1]).toMatchObject({
			organizationName: 'Bluebird Dental',
			clientCompanyName: 'Bluebird Dental',
			autotaskCompanyId: 302,
			bdrCustomerId: 'bdr-cust-002',
		});
		expect(DATTO_DEMO.clients[1].serialNumbers).toHaveLength(2);
	});

	it("demo: appliances, agents and storage are each customer's contract units; everything healthy", () => {
		const m = seedModel('demo', NOW);
		for (const c of DEMO.customerList) {
			const u = c.units as Record<string, number>;
			const mine = m.appliances.filter((a) => a.organizationId === DATTO_DEMO_ORG_IDS[c.companyId]);
			const agents = mine.flatMap((a) => a.assets.filter((x) => x.kind === 'agent'));
			expect([c.name, mine.length, agents.length]).toEqual([
				c.name,
				u.appliance,
				u.serverLicense + u.workstationLicense,
			]);
			expect([
				c.name,
				mine.reduce((s, a) => s + a.localUsedGb, 0),
				mine.reduce((s, a) => s + a.offsiteUsedGb, 0),
			]).toEqual([c.name, u.localStorageGb, u.cloudStorageGb]);
		}
		for (const a of m.appliances) {
			expect(NOW - a.lastSeen).toBeLessThan(HOUR);
			expect(a.localUsedGb / (a.localUsedGb + a.localAvailableGb)).toBeLessThanOrEqual(0.6);
			expect(a.alerts).toEqual([]);
			for (const x of a.assets) {
				expect([x.isPaused, x.isArchived, x.failure]).toEqual([false, false, null]);
				expect(NOW - x.lastSnapshot).toBeLessThan(HOUR);
				expect(NOW - (x.latestOffsite ?? 0)).toBeLessThan(4 * HOUR);
				if (x.kind === 'agent') expect(x.screenshot?.ok).toBe(true);
			}
		}
		expect(new Set(m.appliances.map((a) => a.serialNumber)).size).toBe(m.appliances.length);
		expect(['ALTO 3', 'S5-2', 'S5-4']).toEqual(
			expect.arrayContaining([...new Set(m.appliances.map((a) => a.model))]),
		);
	});

	it('generated: deterministic; with agents, exactly that many; an appliance per 50 agents', () => {
		expect(JSON.stringify(seedModel(40, NOW))).toBe(JSON.stringify(seedModel(40, NOW)));
		const m = seedModel({ organizations: 10, agents: 2000 }, NOW);
		expect(m.organizations.map((o) => o.id).slice(0, 2)).toEqual([
			generatedDattoOrgId(1),
			generatedDattoOrgId(2),
		]);
		expect(m.appliances.flatMap((a) => a.assets).filter((x) => x.kind === 'agent')).toHaveLength(
			2000,
		);
		expect(m.appliances).toHaveLength(40);
		expect(new Set(m.appliances.map((a) => a.serialNumber)).size).toBe(40);
		expect(seedModel('empty', NOW).appliances).toEqual([]);
	});

	it('seed values: demo, empty, a number, {organizations, agents}; others refused', () => {
		expect(parseDattoSeed('12')).toBe(12);
		expect(parseDattoSeed({ organizations: 5, agents: 50 })).toEqual({
			organizations: 5,
			agents: 50,
		});
		expect(() => parseDattoSeed('many')).toThrow(/seed must be/);
	});

	it('CLI: --port, --seed, --agents, keys, --rate, --assets; unknown or bad arguments refused', () => {
		expect(
			optionsFromArgs(
				parseDattoArgs([
					'--port',
					'8791',
					'--seed',
					'20',
					'--agents=500',
					'--rate',
					'120',
					'--assets',
					'envelope',
				]),
			),
		).toMatchObject({
			port: 8791,
			seed: { organizations: 20, agents: 500 },
			rateLimitPerMinute: 120,
			assetListShape: 'envelope',
		});
		expect(optionsFromArgs(parseDattoArgs([]))).toMatchObject({ port: 8791, seed: 'demo' });
		expect(() => parseDattoArgs(['--colour', 'red'])).toThrow(/Unknown argument/);
		expect(() => optionsFromArgs(parseDattoArgs(['--seed', 'demo', '--agents', '5']))).toThrow(
			/number seed/,
		);
		expect(() => optionsFromArgs(parseDattoArgs(['--assets', 'list']))).toThrow(
			/indexed or envelope/,
		);
	});

	it('the Autotask demo tenant carries each customer\'s Datto organization id in the company field "Datto Organization ID"', async () => {
		const sb = await startSandbox({ seed: 'demo', port: 0 });
		try {
			for (const c of DATTO_DEMO.clients) {
				const udfs = sb.store.get('Companies', c.autotaskCompanyId)!.userDefinedFields as {
					name: string;
					value: string;
				}[];
				expect(udfs).toContainEqual({ name: DATTO_ORG_ID_UDF, value: String(c.organizationId) });
			}
			expect(
				sb.store
					.all('Companies')
					.filter((co) =>
						(co.userDefinedFields as { name: string; value: unknown }[] | undefined)?.some(
							(u) => u.name === DATTO_ORG_ID_UDF && u.value !== null,
						),
					),
			).toHaveLength(8);
		} finally {
			await sb.close();
		}
	});
});
