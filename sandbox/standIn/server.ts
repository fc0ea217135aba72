/**
 * What runs a vendor stand-in: the live model and its seed, settings, counts and log, route faults, the
 * rate limit, the mid-scan arrival, the product API under the base path and the admin API under the
 * admin prefix, on loopback. Each vendor's server.ts gives its own rules, routes, seeds and settings.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { Reply, StandInControls, serveAdmin, standInAdmin, standInRefusal } from './adminApi';
import { Answer } from './answer';
import { ApiRules, apiHandler } from './apiLoop';
import { FaultAnswer, RateLimit, RouteFault, RouteFaults } from './faults';
import { listenLoopback } from './http';
import { ArmedSpec, MidScan } from './midScan';
import { Counts, RequestLog, RequestLogEntry } from './requestLog';

export interface Vendor<
	Model extends object,
	Seed,
	S extends { latencyMs: number },
	M extends { route: string },
	Scan extends ArmedSpec,
> {
	port?: number;
	/** Loopback only; default 127.0.0.1. */
	host?: string;
	/** The stand-in's clock (seeds, ages, health times). */
	now?: () => Date;
	basePath: string;
	/** The bare base path is a route path too (x360Recover) or outside the API (Datto). */
	bareBasePath: boolean;
	adminPrefix: string;
	adminRoutes: string[];
	seed: Seed;
	parseSeed(value: unknown): Seed;
	seedModel(seed: Seed, now: number): Model;
	/** The start settings, already checked. */
	settings: S;
	applySettings(target: S, changes: Record<string, unknown>): void;
	/** The rate limit's window and its limit in the settings. */
	rate: { windowMs: number; limit(s: S): number };
	routes: readonly string[];
	faultAnswer: FaultAnswer<M>;
	/** The product API's rules; `answer` sees the live state. */
	rules(state: Live<Model, S>): ApiRules<M>;
	/** The list route whose pages a mid-scan arrival counts, and how the armed record arrives. */
	scan: {
		route: string;
		check(model: Model, spec: Scan): void;
		arrive(model: Model, spec: Scan, now: number): void;
	};
	/** The vendor's own admin routes (model changes). */
	admin(state: Live<Model, S>): (route: string, parts: string[], body: any) => Reply | undefined;
}

/** What the vendor's rules and admin routes read. */
export interface Live<Model, S> {
	model: Model;
	settings: S;
	now(): number;
}

export interface StandInCore<Model, Seed, S, Scan> {
	baseUrl: string;
	adminUrl: string;
	port: number;
	/** The live model (the same object across reset and seed). */
	model: Model;
	counts(): Counts;
	resetCounts(): void;
	requestLog(): RequestLogEntry[];
	/** `route` is a route key or '*'; null clears it. */
	setFault(route: string, fault: RouteFault | null): void;
	armMidScan(spec: Scan): void;
	settings(): S;
	setSettings(changes: Partial<S>): void;
	seed(seed: Seed): void;
	/** Current seed again; clears counts, log, faults, the armed arrival and the rate window; settings back to the start. */
	reset(): void;
	close(): Promise<void>;
}

export async function startStandIn<
	Model extends object,
	Seed,
	S extends { latencyMs: number },
	M extends { route: string },
	Scan extends ArmedSpec,
>(v: Vendor<Model, Seed, S, M, Scan>): Promise<StandInCore<Model, Seed, S, Scan>> {
	const clock = () => (v.now ? v.now() : new Date()).getTime();
	let currentSeed = v.seed;
	const live: Live<Model, S> = {
		model: v.seedModel(currentSeed, clock()),
		settings: { ...v.settings },
		now: clock,
	};
	const rate = new RateLimit(v.rate.windowMs, v.rate.limit(live.settings));
	const faults = new RouteFaults<M>(v.routes, v.faultAnswer);
	const midScan = new MidScan<Scan>();
	const log = new RequestLog();

	const applySeed = (seed: unknown) => {
		const parsed = v.parseSeed(seed);
		Object.assign(live.model, v.seedModel(parsed, clock()));
		currentSeed = parsed;
	};
	const setSettings = (changes: Record<string, unknown>) => {
		v.applySettings(live.settings, changes);
		rate.limit = v.rate.limit(live.settings);
	};
	const reset = () => {
		applySeed(currentSeed);
		log.clear();
		faults.clear();
		midScan.clear();
		Object.assign(live.settings, v.settings);
		rate.limit = v.rate.limit(live.settings);
		rate.reset();
	};
	const armMidScan = (spec: Scan) => {
		v.scan.check(live.model, spec);
		midScan.arm(spec);
	};
	const controls: StandInControls<Scan> = {
		reset,
		seed: applySeed,
		snapshot: () => live.model,
		counts: () => log.counts(),
		resetCounts: () => log.clear(),
		requests: () => log.log(),
		faults: () => ({ routes: faults.describe(), deviceMidScan: midScan.describe() }),
		setFault: (r, f) => faults.set(r, f),
		armMidScan,
		settings: () => ({ ...live.settings, seed: currentSeed }),
		setSettings,
	};
	const admin = { controls, prefix: v.adminPrefix, routes: v.adminRoutes, own: v.admin(live) };
	const api = apiHandler(scanning(v, live, midScan), {
		latencyMs: () => live.settings.latencyMs,
		rate,
		faults,
		log,
	});
	const http = await listenLoopback(v.port, v.host ?? '127.0.0.1');
	http.server.on(
		'request',
		dispatch(v, (method, path, body) => standInAdmin(admin, method, path, body), api),
	);

	return {
		baseUrl: `${http.origin}${v.basePath}`,
		adminUrl: `${http.origin}${v.adminPrefix}`,
		port: http.port,
		model: live.model,
		counts: () => log.counts(),
		resetCounts: () => log.clear(),
		requestLog: () => log.log(),
		setFault: controls.setFault,
		armMidScan,
		settings: () => ({ ...live.settings }),
		setSettings: (c) => setSettings(c as Record<string, unknown>),
		seed: (s) => applySeed(s),
		reset,
		close: http.close,
	};
}

/** Admin paths to the admin API, everything else to the product API. */
function dispatch(
	v: { basePath: string; bareBasePath: boolean; adminPrefix: string },
	admin: (method: string, path: string, body: any) => Reply,
	api: ReturnType<typeof apiHandler>,
) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname;
		if (path === v.adminPrefix || path.startsWith(`${v.adminPrefix}/`)) {
			return serveAdmin(req, res, { refused: standInRefusal }, (method, body) =>
				admin(method, path.slice(v.adminPrefix.length), body),
			);
		}
		// Anything outside the base path matches no route, as on the production host.
		const inside = (v.bareBasePath && path === v.basePath) || path.startsWith(`${v.basePath}/`);
		void api(req, res, url, inside ? path.slice(v.basePath.length) : `/..${path}`);
	};
}

/** The vendor's rules, with the armed record arriving after a good page of the scanned list. */
function scanning<
	Model extends object,
	S extends { latencyMs: number },
	M extends { route: string },
	Scan extends ArmedSpec,
>(v: Vendor<Model, any, S, M, Scan>, live: Live<Model, S>, midScan: MidScan<Scan>): ApiRules<M> {
	const rules = v.rules(live);
	const answer = (matched: M, url: URL, rawBody: string): Answer => {
		const a = rules.answer(matched, url, rawBody);
		const due =
			matched.route === v.scan.route && a.status === 200 ? midScan.afterPage() : undefined;
		if (due) v.scan.arrive(live.model, due, live.now());
		return a;
	};
	return { ...rules, answer };
}
