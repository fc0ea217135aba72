/**
 * Fault injection per route and the optional rate limit. A route fault answers with the stand-in's
 * shape for its status (401 bad credentials, 403, 404, 429 with Retry-After, 5xx) or only slows the
 * answer; `times` limits how often it fires (default: until cleared).
 */
import { Answer, badCredentials, deviceNotFound, forbidden, routeNotFound, serverFault, tooMany } from './errors';
import { Matched, ROUTES, RouteKey } from './routes';

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

/** `*` applies to every route. */
export type FaultRoute = RouteKey | '*';

export function checkFault(route: string, fault: unknown): asserts fault is RouteFault {
	if (route !== '*' && !(ROUTES as readonly string[]).includes(route)) throw new Error(`unknown route "${route}"; routes: ${ROUTES.join(', ')}, or *`);
	const f = fault as RouteFault;
	if (typeof f !== 'object' || f === null) throw new Error('a fault is an object {status?, slowMs?, times?, retryAfter?}');
	if (f.status !== undefined && !FAULT_STATUSES.includes(f.status)) throw new Error(`fault status must be one of ${FAULT_STATUSES.join(', ')}`);
	for (const k of ['slowMs', 'times', 'retryAfter'] as const) {
		if (f[k] !== undefined && (!Number.isInteger(f[k]) || (f[k] as number) < 0)) throw new Error(`fault ${k} must be a whole number >= 0`);
	}
	if (f.status === undefined && !f.slowMs) throw new Error('a fault needs a status or slowMs');
}

function faultAnswer(f: RouteFault, matched: Matched): Answer | undefined {
	if (f.status === undefined) return undefined;
	if (f.status === 401) return badCredentials();
	if (f.status === 403) return forbidden();
	if (f.status === 404) return matched.params.serialNumber ? deviceNotFound(matched.params.serialNumber) : routeNotFound();
	if (f.status === 429) return tooMany(f.retryAfter ?? 1);
	return serverFault(f.status);
}

export class Faults {
	private routes = new Map<string, RouteFault>();

	set(route: string, fault: RouteFault | null): void {
		if (fault === null) {
			this.routes.delete(route);
			return;
		}
		checkFault(route, fault);
		this.routes.set(route, { ...fault });
	}

	clear(): void {
		this.routes.clear();
	}

	describe(): Record<string, RouteFault> {
		return Object.fromEntries([...this.routes].map(([r, f]) => [r, { ...f }]));
	}

	/** The fault for this request, if any (its `times` counted down). */
	take(matched: Matched): { delayMs: number; answer?: Answer } | undefined {
		const key = this.routes.has(matched.route) ? matched.route : this.routes.has('*') ? '*' : undefined;
		if (key === undefined) return undefined;
		const f = this.routes.get(key)!;
		if (f.times !== undefined) {
			f.times -= 1;
			if (f.times <= 0) this.routes.delete(key);
		}
		return { delayMs: f.slowMs ?? 0, answer: faultAnswer(f, matched) };
	}
}

const WINDOW_MS = 60_000;

/** At most `perMinute` requests in any rolling minute; 0: no limit. */
export class RateLimit {
	private stamps: number[] = [];
	constructor(public perMinute: number, private readonly clock: () => number = Date.now) {}

	take(): boolean {
		if (!this.perMinute) return true;
		const t = this.clock();
		this.stamps = this.stamps.filter((s) => s > t - WINDOW_MS);
		if (this.stamps.length >= this.perMinute) return false;
		this.stamps.push(t);
		return true;
	}

	/** Whole seconds until a slot frees (at least 1). */
	retryAfter(): number {
		const t = this.clock();
		const oldest = this.stamps[0] ?? t;
		return Math.max(1, Math.ceil((oldest + WINDOW_MS - t) / 1000));
	}

	reset(): void {
		this.stamps = [];
	}
}
