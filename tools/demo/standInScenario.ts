/**
 * How the demo drives a backup stand-in through its admin API, as a tester would: every `everyMs` one
 * step breaks something, and each break is mended `recoverAfterMs` later. The x360Recover and Datto
 * scripts (x360Scenario.ts, dattoScenario.ts) only say what breaks and how it is mended. Stops, and
 * leaves everything as it is, when the signal aborts.
 */
export interface ScenarioOptions {
	adminUrl: string;
	signal: AbortSignal;
	everyMs?: number;
	recoverAfterMs?: number;
	onStep?: (line: string) => void;
}

/** What a step may do: call the admin API (counting successes under `count`) and mend later. */
export interface ScenarioActions<K extends string> {
	call(path: string, body: unknown, count?: K, line?: string): Promise<void>;
	later(mend: () => Promise<void>): void;
}

const wait = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve) => {
		if (signal.aborted) return resolve();
		const t = setTimeout(resolve, ms);
		signal.addEventListener(
			'abort',
			() => {
				clearTimeout(t);
				resolve();
			},
			{ once: true },
		);
	});

async function post(adminUrl: string, path: string, body: unknown): Promise<boolean> {
	try {
		const res = await fetch(`${adminUrl}${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		return res.ok;
	} catch {
		return false;
	}
}

/** Runs `step(0)`, `step(1)`, … until aborted, then waits for the mends already due; `stats` are updated as it goes. */
export async function runScenario<K extends string>(
	o: ScenarioOptions,
	stats: Record<K | 'failedCalls', number>,
	step: (n: number, act: ScenarioActions<K>) => Promise<void>,
): Promise<void> {
	const every = o.everyMs ?? 60_000;
	const recoverAfter = o.recoverAfterMs ?? 3 * 60_000;
	const pending = new Set<Promise<void>>();
	const act: ScenarioActions<K> = {
		call: async (path, body, count, line) => {
			if (o.signal.aborted) return;
			if (!(await post(o.adminUrl, path, body))) {
				stats.failedCalls++;
				return;
			}
			if (count) stats[count]++;
			if (line) o.onStep?.(line);
		},
		later: (mend) => {
			const p = wait(recoverAfter, o.signal).then(() => (o.signal.aborted ? undefined : mend()));
			pending.add(p);
			void p.finally(() => pending.delete(p));
		},
	};
	for (let n = 0; !o.signal.aborted; n++) {
		await wait(every, o.signal);
		if (o.signal.aborted) break;
		await step(n, act);
	}
	await Promise.all(pending);
}

/** The `n`-th of `list` round the list (undefined when it is empty). */
export const nth = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
