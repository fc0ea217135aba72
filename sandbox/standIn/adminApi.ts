/**
 * The admin API plumbing: the JSON body, route dispatch with a 400 for a refused change and a 404 for an
 * unknown route, and the routes every stand-in (and the Autotask sandbox) answers the same way. Admin
 * paths sit outside the product's base path: no keys, loopback only, not counted, not rate limited.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { JSON_TYPE, send } from './answer';
import { RouteFault } from './faults';
import { readBody } from './http';
import { splitPath } from './pathPattern';

export interface Reply {
	status: number;
	body: unknown;
}

export const done = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

/** Each API's error bodies: the stand-ins send `{error}`, the Autotask sandbox Autotask's `{errors: […]}`. */
export interface AdminErrors {
	refused(message: string): unknown;
	/** `route` is below the prefix (`GET /nothing`). */
	noRoute(route: string): unknown;
}

/** How an admin API answers: its refusal body and content type (the Autotask sandbox adds a charset). */
export interface AdminFormat {
	refused(message: string): unknown;
	contentType?: string;
}

/** Reads the JSON body (400 with the refusal when it is not JSON) and answers with `handle`. */
export function serveAdmin(
	req: IncomingMessage,
	res: ServerResponse,
	format: AdminFormat,
	handle: (method: string, body: unknown) => Reply,
): void {
	const { refused, contentType = JSON_TYPE } = format;
	const json = (r: Reply) => send(res, { status: r.status, contentType, body: r.body });
	readBody(req).then(
		(text) => {
			let body: unknown;
			try {
				body = text.trim() === '' ? undefined : JSON.parse(text);
			} catch {
				return json({ status: 400, body: refused('The admin request body is not valid JSON.') });
			}
			json(handle((req.method ?? 'GET').toUpperCase(), body));
		},
		() => json({ status: 400, body: refused('Could not read the request body.') }),
	);
}

/** `path` is below the prefix; `find` answers `METHOD /a/b` (parts decoded) or leaves it unknown. A thrown Error is a refused change. */
export function dispatchAdmin(
	method: string,
	path: string,
	errors: AdminErrors,
	find: (route: string, parts: string[]) => Reply | undefined,
): Reply {
	try {
		const parts = splitPath(path).map(decodeURIComponent);
		const route = `${method} /${parts.join('/')}`;
		return find(route, parts) ?? { status: 404, body: errors.noRoute(route) };
	} catch (error) {
		return { status: 400, body: errors.refused((error as Error).message) };
	}
}

export interface CommonControls {
	reset(): void;
	seed(seed: unknown): void;
	snapshot(): unknown;
	counts(): unknown;
	resetCounts(): void;
	requests(): unknown;
	faults(): unknown;
	settings(): Record<string, unknown>;
	setSettings(s: Record<string, unknown>): void;
}

type Action<C> = (c: C, body: any) => Reply;

/** The routes the Autotask sandbox and every stand-in answer alike (keys below the prefix). */
export const COMMON_ACTIONS: Record<string, Action<CommonControls>> = {
	'POST /reset': (c) => (c.reset(), done()),
	'POST /seed': (c, body) => (c.seed(body?.seed), done()),
	'GET /snapshot': (c) => done(c.snapshot()),
	'GET /counts': (c) => done(c.counts()),
	'POST /counts/reset': (c) => (c.resetCounts(), done()),
	'GET /requests': (c) => done(c.requests()),
	'GET /faults': (c) => done(c.faults()),
	'GET /settings': (c) => done(c.settings()),
	'PUT /settings': (c, body) => (c.setSettings(body ?? {}), done(c.settings())),
};

export interface StandInControls<S> extends CommonControls {
	setFault(route: string, fault: RouteFault | null): void;
	armMidScan(spec: S): void;
}

/** The vendor stand-ins' route faults (`{routes: {route: fault | null}}`) and mid-scan arrival. */
const FAULT_ACTIONS: Record<string, Action<StandInControls<any>>> = {
	'PUT /faults': (c, body) => {
		for (const [r, f] of Object.entries((body?.routes ?? {}) as Record<string, RouteFault | null>))
			c.setFault(r, f);
		return done(c.faults());
	},
	'POST /faults/device-mid-scan': (c, body) => (c.armMidScan(body ?? {}), done(c.faults())),
};

/** The shared routes in the order the route lists show them. */
const STAND_IN_ROUTE_KEYS = [
	'GET /',
	'POST /reset',
	'POST /seed',
	'GET /snapshot',
	'GET /counts',
	'POST /counts/reset',
	'GET /requests',
	'GET /faults',
	'PUT /faults',
	'POST /faults/device-mid-scan',
	'GET /settings',
	'PUT /settings',
];

/** A stand-in's route list (`GET /_datto/`): the shared routes, then its own (`POST /device`), under `prefix`. */
export const adminRouteList = (prefix: string, own: string[]) =>
	[...STAND_IN_ROUTE_KEYS, ...own].map((r) => r.replace(' /', ` ${prefix}/`));

/** The stand-ins' refusal body. */
export const standInRefusal = (error: string) => ({ error });

export interface StandInAdmin<C> {
	controls: C;
	/** `/_datto`, `/_x360` */
	prefix: string;
	routes: string[];
	/** The stand-in's own routes (its model changes). */
	own(route: string, parts: string[], body: any): Reply | undefined;
}

/** `path` is below the prefix: the shared routes first, then the stand-in's own. */
export function standInAdmin<C extends StandInControls<any>>(
	a: StandInAdmin<C>,
	method: string,
	path: string,
	body: any,
): Reply {
	const errors: AdminErrors = {
		refused: standInRefusal,
		noRoute: (route) => ({
			error: `No admin route ${route.replace(' ', ` ${a.prefix}`)}`,
			routes: a.routes,
		}),
	};
	return dispatchAdmin(method, path, errors, (route, parts) => {
		if (route === 'GET /') return done({ routes: a.routes });
		const action = COMMON_ACTIONS[route] ?? FAULT_ACTIONS[route];
		return action ? action(a.controls, body) : a.own(route, parts, body);
	});
}
