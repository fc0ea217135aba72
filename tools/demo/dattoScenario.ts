/**
 * The demo's Datto BCDR script, driven through the stand-in's admin API (/_datto/): every step the next
 * demo agent's backups start failing and succeed again later; every third step another agent's
 * screenshot verification fails and passes later; every fourth step an appliance stops checking in
 * (not seen for three hours, which raises Datto's Device Not Seen alert) and comes back. The timing
 * and stopping are standInScenario.ts's.
 */
import { nth, runScenario, type ScenarioOptions } from './standInScenario';

/** An agent as the admin API addresses it: its appliance's serial number and its name. */
export interface DattoAgentRef {
	serial: string;
	name: string;
}

export interface DattoScenarioOptions extends ScenarioOptions {
	/** Agents to take turns failing, and appliance serial numbers to take offline (in order). */
	agents: DattoAgentRef[];
	appliances: string[];
}

export interface DattoScenarioStats {
	failing: number;
	recovered: number;
	screenshotFailed: number;
	screenshotPassed: number;
	offline: number;
	online: number;
	failedCalls: number;
}

const assetPath = (a: DattoAgentRef) =>
	`/device/${encodeURIComponent(a.serial)}/asset/${encodeURIComponent(a.name)}`;

/** Runs until aborted; the returned stats are updated as it goes. */
export function runDattoScenario(
	o: DattoScenarioOptions,
	stats: DattoScenarioStats,
): Promise<void> {
	return runScenario<Exclude<keyof DattoScenarioStats, 'failedCalls'>>(
		o,
		stats,
		async (step, { call, later }) => {
			const agent = nth(o.agents, step);
			if (agent !== undefined) {
				await call(
					`${assetPath(agent)}/backup`,
					{ status: 'failure', errorMessage: 'VSS writer timed out' },
					'failing',
					`Datto agent ${agent.name} backups failing`,
				);
				later(() =>
					call(
						`${assetPath(agent)}/backup`,
						{ status: 'success' },
						'recovered',
						`Datto agent ${agent.name} backed up again`,
					),
				);
			}
			// another agent than the one failing, so both kinds of alert show at once
			const screenshotted = nth(o.agents, step + Math.ceil(o.agents.length / 2));
			if (step % 3 === 2 && screenshotted !== undefined) {
				await call(
					`${assetPath(screenshotted)}/screenshot`,
					{ result: 'failed' },
					'screenshotFailed',
					`Datto agent ${screenshotted.name} screenshot verification failed`,
				);
				later(() =>
					call(
						`${assetPath(screenshotted)}/screenshot`,
						{ result: 'passed' },
						'screenshotPassed',
						`Datto agent ${screenshotted.name} screenshot verification passed`,
					),
				);
			}
			const appliance = nth(o.appliances, Math.floor(step / 4));
			if (step % 4 === 1 && appliance !== undefined) {
				await call(
					`/device/${encodeURIComponent(appliance)}/last-seen`,
					{ minutesAgo: 180 },
					'offline',
					`Datto appliance ${appliance} not seen for 3 hours`,
				);
				later(() =>
					call(
						`/device/${encodeURIComponent(appliance)}/last-seen`,
						{ minutesAgo: 0 },
						'online',
						`Datto appliance ${appliance} checking in again`,
					),
				);
			}
		},
	);
}
