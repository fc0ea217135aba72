/**
 * The demo's x360Recover script, driven through the stand-in's admin API (/_x360/): every step the next
 * demo system turns TROUBLED (a failed backup, its recovery point ageing) and recovers later; every
 * fourth step an appliance goes offline and comes back after the same time. The timing and stopping
 * are standInScenario.ts's.
 */
import { nth, runScenario, type ScenarioOptions } from './standInScenario';

export interface X360ScenarioOptions extends ScenarioOptions {
	/** Device ids to take turns, and appliance ids to take offline (in order). */
	devices: number[];
	appliances: number[];
}

export interface X360ScenarioStats {
	troubled: number;
	recovered: number;
	offline: number;
	online: number;
	failedCalls: number;
}

/** Runs until aborted; the returned stats are updated as it goes. */
export function runX360Scenario(o: X360ScenarioOptions, stats: X360ScenarioStats): Promise<void> {
	return runScenario<Exclude<keyof X360ScenarioStats, 'failedCalls'>>(
		o,
		stats,
		async (step, { call, later }) => {
			const device = nth(o.devices, step);
			if (device !== undefined) {
				await call(
					`/device/${device}/health`,
					{
						status: 'TROUBLED',
						reason: 'BACKUP_FAILED',
						message: 'Backup failed: VSS snapshot could not be created',
					},
					'troubled',
					`x360 device ${device} TROUBLED`,
				);
				await call(`/device/${device}/restore-point-age`, { localMinutes: 600 });
				later(async () => {
					await call(
						`/device/${device}/health`,
						{ status: 'NORMAL' },
						'recovered',
						`x360 device ${device} recovered`,
					);
					await call(`/device/${device}/restore-point-age`, { localMinutes: 5 });
				});
			}
			const appliance = nth(o.appliances, Math.floor(step / 4));
			if (step % 4 === 1 && appliance !== undefined) {
				await call(
					`/appliance/${appliance}/tunnel`,
					{ status: 'DOWN' },
					'offline',
					`x360 appliance ${appliance} offline`,
				);
				later(() =>
					call(
						`/appliance/${appliance}/tunnel`,
						{ status: 'UP' },
						'online',
						`x360 appliance ${appliance} back online`,
					),
				);
			}
		},
	);
}
