/**
 * The admin API under `/_sandbox/` (outside the Autotask prefix, so no Autotask credentials reach
 * it and none are needed; the server listens on loopback only). Not counted in counts() or the budget.
 *
 *   GET  /_sandbox/                 this list
 *   POST /_sandbox/reset            re-seed with the current seed; clears counts, log, faults, budget
 *   POST /_sandbox/seed  {seed}     seed 'demo' | 'empty' | N customers (becomes the current seed)
 *   GET  /_sandbox/snapshot         the whole store as JSON
 *   GET  /_sandbox/counts           { total, byRoute }       POST /_sandbox/counts/reset
 *   GET  /_sandbox/faults           PUT /_sandbox/faults {rate500, rate429, rateSlow, slowMs, rateLostResponse, seed, routes: {route: fault|null}}
 *   GET  /_sandbox/requests         the request log (method, route, status, ms; never headers or bodies)
 *   GET  /_sandbox/settings         PUT /_sandbox/settings {latencyMs, throttleLatencyMs, hourlyBudget, threadLimit,
 *                                   threadLimitStatus, refusalStatus, refuseNotesOnCompletedTickets, categorySuppliesDueDate,
 *                                   requireTicketBillingCode, requireTicketNoteTitle} (settings.ts; reset restores the start options)
 */
import { FaultRates, RouteFault } from './limits';
import { parseSeed } from './tenant';

export interface AdminControls {
	reset(): void;
	seed(seed: unknown): void;
	snapshot(): unknown;
	counts(): unknown;
	resetCounts(): void;
	faults(): unknown;
	setFaults(rates: FaultRates): void;
	setRouteFault(route: string, fault: RouteFault | null): void;
	requests(): unknown;
	settings(): Record<string, unknown>;
	setSettings(settings: Record<string, unknown>): void;
}

export const ADMIN_ROUTES = [
	'GET /_sandbox/', 'POST /_sandbox/reset', 'POST /_sandbox/seed', 'GET /_sandbox/snapshot', 'GET /_sandbox/counts',
	'POST /_sandbox/counts/reset', 'GET /_sandbox/faults', 'PUT /_sandbox/faults', 'GET /_sandbox/requests',
	'GET /_sandbox/settings', 'PUT /_sandbox/settings',
];

export function handleAdmin(controls: AdminControls, method: string, path: string, body: any): { status: number; body: unknown } {
	const route = `${method} /_sandbox/${path.replace(/^\/+|\/+$/g, '')}`.replace(/\/$/, '/');
	const done = (b: unknown = { ok: true }) => ({ status: 200, body: b });
	try {
		switch (route) {
			case 'GET /_sandbox/':
				return done({ routes: ADMIN_ROUTES });
			case 'POST /_sandbox/reset':
				controls.reset();
				return done();
			case 'POST /_sandbox/seed':
				parseSeed(body?.seed);
				controls.seed(body.seed);
				return done();
			case 'GET /_sandbox/snapshot':
				return done(controls.snapshot());
			case 'GET /_sandbox/counts':
				return done(controls.counts());
			case 'POST /_sandbox/counts/reset':
				controls.resetCounts();
				return done();
			case 'GET /_sandbox/faults':
				return done(controls.faults());
			case 'PUT /_sandbox/faults': {
				const { routes, ...rates } = body ?? {};
				controls.setFaults(rates);
				for (const [r, f] of Object.entries((routes ?? {}) as Record<string, RouteFault | null>)) controls.setRouteFault(r, f);
				return done(controls.faults());
			}
			case 'GET /_sandbox/requests':
				return done(controls.requests());
			case 'GET /_sandbox/settings':
				return done(controls.settings());
			case 'PUT /_sandbox/settings':
				controls.setSettings(body ?? {});
				return done(controls.settings());
			default:
				return { status: 404, body: { errors: [`No admin route ${route}; available: ${ADMIN_ROUTES.join(', ')}`] } };
		}
	} catch (error) {
		return { status: 400, body: { errors: [(error as Error).message] } };
	}
}
