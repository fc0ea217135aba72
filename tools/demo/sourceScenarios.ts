/**
 * The backup sources beside the Autotask sandbox in `npm start`: both stand-ins' failure scripts,
 * started on the same stop signal, and the summary line's figures of what is broken right now.
 */
import type { DattoStandIn } from '../../sandbox/datto/server';
import type { X360Recover } from '../../sandbox/x360recover/server';
import { runDattoScenario, type DattoScenarioStats } from './dattoScenario';
import type { ScenarioOptions } from './standInScenario';
import { runX360Scenario, type X360ScenarioStats } from './x360Scenario';

/** Every seventh system or agent takes part, so the tickets stay few enough to follow. */
const SAMPLE = 7;

/** Runs both scripts until `signal` aborts (`timing` for tests: the scripts' step and mend times); resolves when both have stopped. */
export function runSourceScenarios(
	x360: X360Recover,
	datto: DattoStandIn,
	signal: AbortSignal,
	onStep: (line: string) => void,
	timing: Pick<ScenarioOptions, 'everyMs' | 'recoverAfterMs'> = {},
): Promise<void> {
	const x360Stats: X360ScenarioStats = {
		troubled: 0,
		recovered: 0,
		offline: 0,
		online: 0,
		failedCalls: 0,
	};
	const dattoStats: DattoScenarioStats = {
		failing: 0,
		recovered: 0,
		screenshotFailed: 0,
		screenshotPassed: 0,
		offline: 0,
		online: 0,
		failedCalls: 0,
	};
	const agents = datto.model.appliances.flatMap((a) =>
		a.assets
			.filter((x) => x.kind === 'agent')
			.map((x) => ({ serial: a.serialNumber, name: x.name })),
	);
	return Promise.all([
		runX360Scenario(
			{
				adminUrl: x360.adminUrl,
				devices: x360.model.devices.filter((_, i) => i % SAMPLE === 0).map((d) => d.id),
				appliances: x360.model.appliances.map((a) => a.id),
				signal,
				onStep,
				...timing,
			},
			x360Stats,
		),
		runDattoScenario(
			{
				adminUrl: datto.adminUrl,
				agents: agents.filter((_, i) => i % SAMPLE === 0),
				appliances: datto.model.appliances.map((a) => a.serialNumber),
				signal,
				onStep,
				...timing,
			},
			dattoStats,
		),
	]).then(() => undefined);
}

/** Datto raises Device Not Seen from an hour without a check-in. */
const NOT_SEEN_MS = 60 * 60_000;

/** ` | x360Recover: … | Datto: …`, appended to the summary line. */
export function sourceFigures(x360: X360Recover, datto: DattoStandIn, now = Date.now()): string {
	const troubled = x360.model.devices.filter((d) => d.health.status === 'TROUBLED').length;
	const offline = x360.model.appliances.filter((a) => a.tunnel === 'DOWN').length;
	const assets = datto.model.appliances.flatMap((a) => a.assets);
	const failing = assets.filter((x) => x.failure).length;
	const screenshots = assets.filter((x) => x.screenshot && !x.screenshot.ok).length;
	const unseen = datto.model.appliances.filter((a) => now - a.lastSeen >= NOT_SEEN_MS).length;
	return (
		` | x360Recover: ${troubled} systems troubled, ${offline} appliances offline now; API calls ${x360.counts().total}` +
		` | Datto: ${failing} agents failing, ${screenshots} screenshots failed, ${unseen} appliances not seen now; API calls ${datto.counts().total}`
	);
}
