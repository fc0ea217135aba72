/**
 * Caps requests in flight per key (Autotask allows 3 concurrent requests per endpoint and
 * integration). Kept per process so that concurrent executions of one n8n instance share it.
 */
export class KeyedLimiter {
	private readonly active = new Map<string, number>();
	private readonly waiting = new Map<string, Array<() => void>>();

	async run<T>(key: string, max: number, task: () => Promise<T>): Promise<T> {
		await this.acquire(key, max);
		try {
			return await task();
		} finally {
			this.release(key);
		}
	}

	inFlight(key: string): number {
		return this.active.get(key) ?? 0;
	}

	private acquire(key: string, max: number): Promise<void> {
		const current = this.active.get(key) ?? 0;
		if (current < Math.max(1, max)) {
			this.active.set(key, current + 1);
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const queue = this.waiting.get(key) ?? [];
			queue.push(resolve);
			this.waiting.set(key, queue);
		});
	}

	private release(key: string): void {
		const queue = this.waiting.get(key);
		const next = queue?.shift();
		if (next) {
			// The slot passes straight to the next waiter; the count stays the same.
			if (queue && queue.length === 0) this.waiting.delete(key);
			next();
			return;
		}
		const current = (this.active.get(key) ?? 1) - 1;
		if (current <= 0) this.active.delete(key);
		else this.active.set(key, current);
	}
}

export const sharedLimiter = new KeyedLimiter();

/** Autotask's thread limit: requests in flight per endpoint and integration code. */
export const ENDPOINT_THREADS = 3;

/**
 * Works through `values` with at most `limit` of them in progress at once, each worker taking the
 * next value as it finishes one (so a slow value never holds up the rest). The callers size it by
 * ENDPOINT_THREADS: more parallel work would only queue in the client's per-endpoint limiter.
 */
export async function forEachLimited<T>(
	values: readonly T[],
	limit: number,
	work: (value: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < values.length) await work(values[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), values.length) }, worker));
}
