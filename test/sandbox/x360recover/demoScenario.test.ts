/** The demo's x360Recover script (tools/demo/x360Scenario.ts) through the stand-in's admin API, on a fast clock. */
import { runX360Scenario, type X360ScenarioStats } from '../../../tools/demo/x360Scenario';
import { X360Recover, startX360Recover } from '../../../sandbox/x360recover/server';
import { runScriptUntil, shortOf } from '../demoScript';

let x: X360Recover;
beforeAll(async () => {
	x = await startX360Recover({ seed: 'demo' });
});
afterAll(() => x.close());

it('turns systems TROUBLED and back, takes an appliance offline and back, and stops on abort', async () => {
	const stats: X360ScenarioStats = {
		troubled: 0,
		recovered: 0,
		offline: 0,
		online: 0,
		failedCalls: 0,
	};
	const devices = x.model.devices.slice(0, 3).map((d) => d.id);
	const appliance = x.model.appliances[0].id;
	const seen = new Set<string>();
	await runScriptUntil(
		(signal) =>
			runX360Scenario(
				{
					adminUrl: x.adminUrl,
					devices,
					appliances: [appliance],
					signal,
					everyMs: 60,
					recoverAfterMs: 150,
				},
				stats,
			),
		stats,
		() => stats.recovered >= 2 && stats.online >= 1,
		() => {
			for (const d of x.model.devices.slice(0, 3))
				if (d.health.status === 'TROUBLED') seen.add(`device ${d.id}`);
			if (x.model.appliances[0].tunnel === 'DOWN') seen.add('appliance down');
		},
	);
	expect(stats.failedCalls).toBe(0);
	expect(shortOf({ ...stats }, { troubled: 2, recovered: 2, offline: 1, online: 1 })).toEqual([]);
	expect(seen.has('appliance down')).toBe(true);
	expect(seen.size).toBeGreaterThanOrEqual(3);
});
