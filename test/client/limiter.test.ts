/** The one worker pool the nodes share (Sync Billing's contracts, Open or Close Ticket's alert keys). */
import { ENDPOINT_THREADS, forEachLimited } from '../../nodes/autotask/limiter';

/** A task per value that finishes when the test says so, recording how many run at once. */
function gatedWork() {
	const gates = new Map<number, () => void>();
	const started: number[] = [];
	let running = 0;
	let most = 0;
	const work = (value: number) =>
		new Promise<void>((resolve) => {
			started.push(value);
			most = Math.max(most, ++running);
			gates.set(value, () => {
				running--;
				resolve();
			});
		});
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	return { work, started, gates, most: () => most, settle };
}

describe('forEachLimited', () => {
	it("sizes the pool by Autotask's thread limit of 3 per endpoint", () => {
		expect(ENDPOINT_THREADS).toBe(3);
	});

	it('keeps at most `limit` values in progress and does each value once', async () => {
		const g = gatedWork();
		const done = forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, g.work);
		await g.settle();
		expect(g.started).toEqual([1, 2, 3]);
		for (let value = 1; value <= 7; value++) {
			await g.settle();
			g.gates.get(value)!();
		}
		await done;
		expect(g.started).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(g.most()).toBe(3);
	});

	it('hands the next value to whichever worker is free, so one slow value holds up nothing else', async () => {
		const g = gatedWork();
		const done = forEachLimited([1, 2, 3, 4, 5], 2, g.work);
		await g.settle();
		// 1 stays slow; 2, 3, 4 and 5 pass through the other worker one after another
		for (const value of [2, 3, 4, 5]) {
			await g.settle();
			g.gates.get(value)!();
		}
		await g.settle();
		expect(g.started).toEqual([1, 2, 3, 4, 5]);
		g.gates.get(1)!();
		await done;
	});

	it('starts no more workers than values, and at least one', async () => {
		const g = gatedWork();
		const two = forEachLimited([1, 2], 10, g.work);
		await g.settle();
		expect(g.started).toEqual([1, 2]);
		g.gates.get(1)!();
		g.gates.get(2)!();
		await two;
		const seen: number[] = [];
		await forEachLimited([1, 2, 3], 0, async (v) => void seen.push(v));
		expect(seen).toEqual([1, 2, 3]);
		await expect(
			forEachLimited([], 3, async () => {
				throw new Error('not called');
			}),
		).resolves.toBeUndefined();
	});

	it('passes a failure of the work on to the caller', async () => {
		await expect(
			forEachLimited([1, 2], 2, async (v) => {
				if (v === 2) throw new Error('boom');
			}),
		).rejects.toThrow('boom');
	});
});
