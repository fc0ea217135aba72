/**
 * The x360Recover routes (paths of Axcient's OpenAPI file, below /x360recover) and their keys. A path
 * that matches no route, a path id that is not a whole number, or a method a route does not have is
 * an unknown route (answered 401 text/html, as production does).
 */
import { RouteMatch, matchRouteTable } from '../standIn/pathPattern';

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

export type Matched = RouteMatch<RouteKey, number>;

/** `path` is below the base path (`/client/7`); a trailing slash is accepted, as production does. */
export function matchRoute(method: string, path: string): Matched | undefined {
	// ids are numeric: anything else is an unknown route (production answers it 401, text/html)
	const found = matchRouteTable(ROUTES, method, path, (p) =>
		Object.values(p).every((v) => /^\d+$/.test(v)),
	);
	if (!found) return undefined;
	return {
		route: found.route,
		params: Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, Number(v)])),
	};
}
