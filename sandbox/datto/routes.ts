/**
 * The Datto BCDR routes served below /v1 and their keys. Path parameters are strings (serial numbers
 * and 32-hex volume ids). A path that matches no route is answered 404.
 */
import { RouteMatch, matchRouteTable } from '../standIn/pathPattern';

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

export type Matched = RouteMatch<RouteKey>;

/** `path` is below /v1 (`/bcdr/device/ABC`). Literal routes win over `{volume}`. */
export const matchRoute = (method: string, path: string): Matched | undefined =>
	matchRouteTable(ROUTES, method, path);
