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
import {
	AdminErrors,
	COMMON_ACTIONS,
	CommonControls,
	Reply,
	dispatchAdmin,
	done,
} from './standIn/adminApi';
import { FaultRates, RouteFault } from './limits';

export interface AdminControls extends CommonControls {
	setFaults(rates: FaultRates): void;
	setRouteFault(route: string, fault: RouteFault | null): void;
}

export const ADMIN_ROUTES = [
	'GET /_sandbox/',
	'POST /_sandbox/reset',
	'POST /_sandbox/seed',
	'GET /_sandbox/snapshot',
	'GET /_sandbox/counts',
	'POST /_sandbox/counts/reset',
	'GET /_sandbox/faults',
	'PUT /_sandbox/faults',
	'GET /_sandbox/requests',
	'GET /_sandbox/settings',
	'PUT /_sandbox/settings',
];

/** Autotask's error body, `{errors: [...]}`, for refused changes and unknown routes. */
const ERRORS: AdminErrors = {
	refused: (message) => ({ errors: [message] }),
	noRoute: (route) => ({
		errors: [
			`No admin route ${route.replace(' /', ' /_sandbox/')}; available: ${ADMIN_ROUTES.join(', ')}`,
		],
	}),
};

/** Fault rates and per-route faults in one body: `{rate500, …, routes: {route: fault | null}}`. */
function putFaults(controls: AdminControls, body: any): Reply {
	const { routes, ...rates } = body ?? {};
	controls.setFaults(rates);
	for (const [r, f] of Object.entries((routes ?? {}) as Record<string, RouteFault | null>))
		controls.setRouteFault(r, f);
	return done(controls.faults());
}

/** `path` is below /_sandbox. */
export function handleAdmin(
	controls: AdminControls,
	method: string,
	path: string,
	body: any,
): Reply {
	return dispatchAdmin(method, path, ERRORS, (route) => {
		if (route === 'GET /') return done({ routes: ADMIN_ROUTES });
		if (route === 'PUT /faults') return putFaults(controls, body);
		return COMMON_ACTIONS[route]?.(controls, body);
	});
}
