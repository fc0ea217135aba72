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
