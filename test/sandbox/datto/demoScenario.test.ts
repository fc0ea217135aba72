/** The demo's Datto BCDR script (tools/demo/dattoScenario.ts) through the stand-in's admin API, on a fast clock. */
import { runDattoScenario, type DattoScenarioStats } from '../../../tools/demo/dattoScenario';
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { runScriptUntil, shortOf } from '../demoScript';

let d: DattoStandIn;
beforeAll(async () => {
	d = await startDatto({ seed: 'demo' });
});
afterAll(() => d.close());

it('fails agents and recovers them, fails a screenshot verification and passes it, takes an appliance offline and back, and stops on abort', async () => {
	const stats: DattoScenarioStats = {
		failing: 0,
		recovered: 0,
		screenshotFailed: 0,
		screenshotPassed: 0,
		offline: 0,
		online: 0,
		failedCalls: 0,
	};
	const appliance = d.model.appliances[0];
	const agents = appliance.assets.filter((x) => x.kind === 'agent').slice(0, 4);
	const refs = agents.map((x) => ({ serial: appliance.serialNumber, name: x.name }));
	const seen = new Set<string>();
	await runScriptUntil(
		(signal) =>
			runDattoScenario(
				{
					adminUrl: d.adminUrl,
					agents: refs,
					appliances: [appliance.serialNumber],
					signal,
					everyMs: 60,
					recoverAfterMs: 150,
				},
				stats,
			),
		stats,
		() => stats.recovered >= 2 && stats.screenshotPassed >= 1 && stats.online >= 1,
		() => {
			for (const x of agents) {
				if (x.failure) seen.add(`backup ${x.name}`);
				if (x.screenshot && !x.screenshot.ok) seen.add(`screenshot ${x.name}`);
			}
			if (Date.now() - appliance.lastSeen > 60 * 60_000) seen.add('appliance not seen');
		},
	);
	expect(stats.failedCalls).toBe(0);
	expect(
		shortOf(
			{ ...stats },
			{ failing: 2, recovered: 2, screenshotFailed: 1, screenshotPassed: 1, offline: 1, online: 1 },
		),
	).toEqual([]);
	expect(seen.has('appliance not seen')).toBe(true);
	expect([...seen].filter((s) => s.startsWith('backup')).length).toBeGreaterThanOrEqual(2);
	expect([...seen].some((s) => s.startsWith('screenshot'))).toBe(true);
	// the offline spell raised Datto's Device Not Seen alert on the appliance
	expect(appliance.alerts.map((a) => a.type)).toContain('Device Not Seen Alert');
});
