import { matchPattern, splitPath } from '../standIn/pathPattern';
/**
 * The Datto BCDR routes served below /v1 and their keys. Path parameters are strings (serial numbers
 * and 32-hex volume ids). A path that matches no route is answered 404.
 */

export const ROUTES = [
	'GET /bcdr/device',
	'GET /bcdr/device/{serialNumber}',
	'GET /bcdr/device/{serialNumber}/asset',
	'GET /bcdr/device/{serialNumber}/asset/agent',
	'GET /bcdr/device/{serialNumber}/asset/share',
	'GET /bcdr/device/{serialNumber}/asset/{volume}',
	'GET /bcdr/device/{serialNumber}/alert',
] as const;

export type RouteKey = (typeof ROUTES)[number];
/** The key of requests that matched no route. */
export const UNKNOWN_ROUTE = 'unknown route';

export interface Matched {
	route: RouteKey;
	params: Record<string, string>;
}

/** `path` is below /v1 (`/bcdr/device/ABC`). Literal routes win over `{volume}`. */
export function matchRoute(method: string, path: string): Matched | undefined {
	const segments = splitPath(path);
	for (const route of ROUTES) {
		const [verb, pattern] = route.split(' ');
		if (verb !== method) continue;
		const params = matchPattern(pattern, segments);
		if (params) return { route, params };
	}
	return undefined;
}
