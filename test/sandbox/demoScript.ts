/** Runs one of the demo's stand-in scripts (tools/demo/*Scenario.ts) on a fast clock, for their tests. */

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the script, calls `look` every 10 ms until `enough()` (5 s at most), stops it, and checks that
 * its `stats` do not move after the stop.
 */
export async function runScriptUntil(
	start: (signal: AbortSignal) => Promise<void>,
	stats: object,
	enough: () => boolean,
	look: () => void,
): Promise<void> {
	const stop = new AbortController();
	const done = start(stop.signal);
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline && !enough()) {
		look();
		await pause(10);
	}
	stop.abort();
	await done;
	const after = { ...stats };
	await pause(200);
	expect(stats).toEqual(after); // nothing more after the abort
}

/** The counts of `stats` below their minimum (none, when the script did all it should). */
export const shortOf = (stats: Record<string, number>, minimum: Record<string, number>) =>
	Object.entries(minimum).filter(([k, m]) => !(stats[k] >= m));
