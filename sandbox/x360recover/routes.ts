import { matchPattern, splitPath } from '../standIn/pathPattern';
/**
 * The x360Recover routes (paths of Axcient's OpenAPI file, below /x360recover) and their keys. A path
 * that matches no route, a path id that is not a whole number, or a method a route does not have is
 * an unknown route (answered 401 text/html, as production does).
 */

export const ROUTES = [
	'GET /organization',
	'GET /client',
	'GET /client/{client_id}',
	'GET /client/{client_id}/appliance',
	'GET /client/{client_id}/device',
	'GET /client/{client_id}/device/{device_id}/job',
	'GET /client/{client_id}/device/{device_id}/job/{job_id}',
	'GET /client/{client_id}/device/{device_id}/job/{job_id}/history',
	'GET /appliance',
	'GET /appliance/{appliance_id}',
	'GET /device',
	'GET /device/{device_id}',
	'GET /device/{device_id}/autoverify',
	'GET /device/{device_id}/restore_point',
	'GET /vault',
	'GET /vault/{vault_id}',
	'GET /vault/{vault_id}/threshold/connectivity',
	'POST /vault/{vault_id}/threshold/connectivity',
] as const;

export type RouteKey = (typeof ROUTES)[number];
/** The key of requests that matched no route. */
export const UNKNOWN_ROUTE = 'unknown route';

export interface Matched {
	route: RouteKey;
	params: Record<string, number>;
}

/** `path` is below the base path (`/client/7`); a trailing slash is accepted, as production does. */
export function matchRoute(method: string, path: string): Matched | undefined {
	const segments = splitPath(path);
	for (const route of ROUTES) {
		const [verb, pattern] = route.split(' ');
		if (verb !== method) continue;
		const found = matchPattern(pattern, segments);
		// ids are numeric: anything else is an unknown route (production answers it 401, text/html)
		if (!found || !Object.values(found).every((v) => /^\d+$/.test(v))) continue;
		const params = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, Number(v)]));
		return { route, params };
	}
	return undefined;
}
