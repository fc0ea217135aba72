/**
 * Fault injection per route and the optional rolling-window rate limit of the vendor stand-ins. A route
 * fault answers with the vendor's shape for its status (the vendor's `answerFor`) or only slows the
 * answer; `times` limits how often it fires (default: until cleared).
 */
import { Answer } from './answer';

export type FaultStatus = 401 | 403 | 404 | 429 | 500 | 502 | 503 | 504;
const FAULT_STATUSES: readonly number[] = [401, 403, 404, 429, 500, 502, 503, 504];

export interface RouteFault {
	status?: FaultStatus;
	/** Delay before answering (with or without a status). */
	slowMs?: number;
	/** Fires this many times, then clears itself. */
	times?: number;
	/** Seconds in Retry-After of a 429 (default 1). */
	retryAfter?: number;
}

/** `routes` are the stand-in's route keys; `*` applies to every route. */
export function checkFault(
	route: string,
	fault: unknown,
	routes: readonly string[],
): asserts fault is RouteFault {
	if (route !== '*' && !routes.includes(route))
		throw new Error(`unknown route "${route}"; routes: ${routes.join(', ')}, or *`);
	const f = fault as RouteFault;
	if (typeof f !== 'object' || f === null)
		throw new Error('a fault is an object {status?, slowMs?, times?, retryAfter?}');
	if (f.status !== undefined && !FAULT_STATUSES.includes(f.status))
		throw new Error(`fault status must be one of ${FAULT_STATUSES.join(', ')}`);
	for (const k of ['slowMs', 'times', 'retryAfter'] as const) {
		if (f[k] !== undefined && (!Number.isInteger(f[k]) || (f[k] as number) < 0))
			throw new Error(`fault ${k} must be a whole number >= 0`);
	}
	if (f.status === undefined && !f.slowMs) throw new Error('a fault needs a status or slowMs');
}

/** The vendor's answer for a fault with a status (a matched request gives the 404 its kind and id). */
export type FaultAnswer<M> = (status: FaultStatus, fault: RouteFault, matched: M) => Answer;

export class RouteFaults<M extends { route: string }> {
	private faults = new Map<string, RouteFault>();
	constructor(
		private readonly routes: readonly string[],
		private readonly answerFor: FaultAnswer<M>,
	) {}

	set(route: string, fault: RouteFault | null): void {
		if (fault === null) {
			this.faults.delete(route);
			return;
		}
		checkFault(route, fault, this.routes);
		this.faults.set(route, { ...fault });
	}

	clear(): void {
		this.faults.clear();
	}

	describe(): Record<string, RouteFault> {
		return Object.fromEntries([...this.faults].map(([r, f]) => [r, { ...f }]));
	}

	/** The fault for this request, if any (its `times` counted down). */
	take(matched: M): { delayMs: number; answer?: Answer } | undefined {
		const key = this.faults.has(matched.route)
			? matched.route
			: this.faults.has('*')
				? '*'
				: undefined;
		if (key === undefined) return undefined;
		const f = this.faults.get(key)!;
		if (f.times !== undefined) {
			f.times -= 1;
			if (f.times <= 0) this.faults.delete(key);
		}
		return {
			delayMs: f.slowMs ?? 0,
			answer: f.status === undefined ? undefined : this.answerFor(f.status, f, matched),
		};
	}
}

/** At most `limit` requests in any rolling window of `windowMs`; 0: no limit. */
export class RateLimit {
	private stamps: number[] = [];
	constructor(
		private readonly windowMs: number,
		public limit: number,
		private readonly clock: () => number = Date.now,
	) {}

	take(): boolean {
		if (!this.limit) return true;
		const t = this.clock();
		this.stamps = this.stamps.filter((s) => s > t - this.windowMs);
		if (this.stamps.length >= this.limit) return false;
		this.stamps.push(t);
		return true;
	}

	/** Whole seconds until a slot frees (at least 1). */
	retryAfter(): number {
		const t = this.clock();
		const oldest = this.stamps[0] ?? t;
		return Math.max(1, Math.ceil((oldest + this.windowMs - t) / 1000));
	}

	reset(): void {
		this.stamps = [];
	}
}
