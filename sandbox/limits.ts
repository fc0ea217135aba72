/**
 * Autotask's limits and injectable faults: a rolling hourly request budget per tenant, at most N
 * concurrent requests per endpoint (entity) per integration code, and seeded random or per-route
 * deterministic faults.
 */
import { seededRandom } from './prng';

const HOUR = 3_600_000;

export class HourlyBudget {
	private stamps: number[] = [];
	constructor(
		public limit: number,
		private readonly now: () => number,
	) {}

	private prune(): void {
		const from = this.now() - HOUR;
		let drop = 0;
		while (drop < this.stamps.length && this.stamps[drop] <= from) drop++;
		if (drop > 0) this.stamps.splice(0, drop);
	}

	used(): number {
		this.prune();
		return this.stamps.length;
	}

	/** Records one request; false when the hour's budget is already spent. */
	take(): boolean {
		if (this.used() >= this.limit) return false;
		this.stamps.push(this.now());
		return true;
	}

	reset(): void {
		this.stamps = [];
	}
}

export class ThreadLimiter {
	private inFlight = new Map<string, number>();
	constructor(public limit: number) {}

	acquire(key: string): boolean {
		const n = this.inFlight.get(key) ?? 0;
		if (n >= this.limit) return false;
		this.inFlight.set(key, n + 1);
		return true;
	}

	release(key: string): void {
		const n = (this.inFlight.get(key) ?? 1) - 1;
		if (n <= 0) this.inFlight.delete(key);
		else this.inFlight.set(key, n);
	}
}

export interface FaultRates {
	rate500?: number;
	rate429?: number;
	rateSlow?: number;
	slowMs?: number;
	/** Writes only: apply the write, then drop the connection without answering. */
	rateLostResponse?: number;
	seed?: number;
}

/**
 * A deterministic fault on one route key (as in counts().byRoute); `status: 'lost'` drops the response
 * after applying a write. With a `message` the answer carries it as `{ errors: [message] }` (what a
 * refusal looks like); a 5xx without one has no body (a transient fault, nothing to read).
 */
export interface RouteFault {
	status: number | 'lost';
	message?: string;
	/** How many requests it applies to; unlimited when omitted. */
	times?: number;
}

export type FaultDecision =
	| { kind: 'none'; extraMs: number }
	/** No `message`: answer with an empty body. */
	| { kind: 'status'; status: number; message?: string; extraMs: number }
	| { kind: 'lost'; extraMs: number };

export class Faults {
	rates: Required<Omit<FaultRates, 'seed'>> = {
		rate500: 0,
		rate429: 0,
		rateSlow: 0,
		slowMs: 2000,
		rateLostResponse: 0,
	};
	private random: () => number = seededRandom(1);
	private routes = new Map<string, RouteFault & { remaining: number }>();

	set(rates: FaultRates): void {
		for (const k of ['rate500', 'rate429', 'rateSlow', 'rateLostResponse'] as const) {
			const v = rates[k];
			if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1))
				throw new Error(`faults.${k} must be a number from 0 to 1`);
		}
		const { seed, ...rest } = rates;
		this.rates = {
			...this.rates,
			...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
		};
		if (seed !== undefined) this.random = seededRandom(seed);
	}

	setRoute(route: string, fault: RouteFault | null): void {
		if (fault === null) this.routes.delete(route);
		else this.routes.set(route, { ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
	}

	clear(): void {
		this.rates = { rate500: 0, rate429: 0, rateSlow: 0, slowMs: 2000, rateLostResponse: 0 };
		this.routes.clear();
	}

	describe() {
		return {
			...this.rates,
			routes: Object.fromEntries(
				[...this.routes].map(([k, v]) => [
					k,
					{ status: v.status, message: v.message, remaining: v.remaining },
				]),
			),
		};
	}

	decide(route: string, isWrite: boolean): FaultDecision {
		const routeFault = this.routes.get(route);
		if (routeFault && routeFault.remaining > 0) {
			routeFault.remaining--;
			if (routeFault.remaining <= 0) this.routes.delete(route);
			if (routeFault.status === 'lost') return { kind: 'lost', extraMs: 0 };
			const message =
				routeFault.message ??
				(routeFault.status >= 500 ? undefined : `Injected fault on ${route}.`);
			return { kind: 'status', status: routeFault.status, message, extraMs: 0 };
		}
		// Draw every rate each time so one rate's setting does not shift another's sequence.
		const [r429, r500, rSlow, rLost] = [this.random(), this.random(), this.random(), this.random()];
		const extraMs = rSlow < this.rates.rateSlow ? this.rates.slowMs : 0;
		if (r429 < this.rates.rate429)
			return {
				kind: 'status',
				status: 429,
				message: 'The server is busy (sandbox injected 429). Retry later.',
				extraMs,
			};
		// A transient server fault: 500 without a reason. A 500 with an errors[] text is a refusal on real Autotask.
		if (r500 < this.rates.rate500) return { kind: 'status', status: 500, extraMs };
		if (isWrite && rLost < this.rates.rateLostResponse) return { kind: 'lost', extraMs };
		return { kind: 'none', extraMs };
	}
}

/**
 * "Thread Threshold Exceeded" and Autotask's code Itgenatr005 are what clients in the wild detect
 * (msoukhomlinov/n8n-nodes-autotask retryHandler.ts, PR #107); the rest of the sentence is ours.
 */
export const threadMessage = (limit: number) =>
	`Thread Threshold Exceeded (Itgenatr005): more than ${limit} concurrent requests to this endpoint for this integration code (tracking identifier). Retry when a running request has finished.`;
export const budgetMessage = (limit: number) =>
	`The request was refused: this database has reached its limit of ${limit} API requests in a rolling hour. Requests are accepted again as the hour rolls over.`;
