/** Backoff policy for reads: exponential with full jitter, honouring Retry-After. */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 400, maxDelayMs: 15000 };

export function isRetriableStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds, or undefined. */
export function retryAfterMs(
	header: string | string[] | undefined,
	now: number,
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before retry number `attempt` (1-based). `random` is in [0, 1). */
export function backoffMs(
	policy: RetryPolicy,
	attempt: number,
	random: number,
	retryAfter?: number,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random);
	return retryAfter === undefined
		? jittered
		: Math.min(policy.maxDelayMs * 4, Math.max(retryAfter, jittered));
}
