/**
 * The x360Recover stand-in: a loopback HTTP server (Node's http module) answering like Axcient's
 * x360Recover public API under /x360recover, with production's quirks, an optional polite rate limit,
 * injectable faults, and an admin API under /_x360/. See sandbox/x360recover/README.md.
 */
import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { ADMIN_ROUTES, MidScan, handleAdmin } from './admin';
import { answerApi } from './api';
import { addDevice } from './controls';
import { Answer, badKey, forbidden, tooMany, unknownRoute } from './errors';
import { Faults, RateLimit, RouteFault } from './faults';
import { X360Model } from './model';
import { UNKNOWN_ROUTE, matchRoute } from './routes';
import { X360Seed, parseX360Seed, seedModel } from './seeds';

export type Product = 'x360recover' | 'billing';

export interface X360Options {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Loopback only; default 127.0.0.1. */
	host?: string;
	/** Default 'demo'. */
	seed?: X360Seed;
	/** The key accepted in `x-api-key` (all product permissions). Default DEFAULT_X360_API_KEY. */
	apiKey?: string;
	/** More keys with their product permissions; a key without 'x360recover' is answered 403. */
	extraKeys?: { key: string; products: Product[] }[];
	/** Added to every API answer. */
	latencyMs?: number;
	/** Requests per rolling second before 429 + Retry-After; 0 / undefined: no limit (production publishes none). */
	rateLimitPerSecond?: number;
	/** The stand-in's clock (seeds, health times, job history). */
	now?: () => Date;
}

export interface X360RequestLogEntry {
	at: string;
	method: string;
	/** Route key (`GET /device/{device_id}`) or 'unknown route'. */
	route: string;
	/** The query string (paging, filters); the key is never in it. */
	query: string;
	status: number;
	ms: number;
}

export interface X360Counts {
	total: number;
	byRoute: Record<string, number>;
}

export interface X360Recover {
	/** http://127.0.0.1:P/x360recover */
	baseUrl: string;
	/** http://127.0.0.1:P/_x360 */
	adminUrl: string;
	port: number;
	apiKey: string;
	/** The live organization (the same object across reset and seed). */
	model: X360Model;
	counts(): X360Counts;
	resetCounts(): void;
	requestLog(): X360RequestLogEntry[];
	/** `route` is a key of routes.ts (`GET /device`) or '*'; null clears it. */
	setFault(route: string, fault: RouteFault | null): void;
	/** Inserts a device between two `/device` pages. */
	armMidScan(spec: MidScan): void;
	settings(): { latencyMs: number; rateLimitPerSecond: number };
	seed(seed: X360Seed): void;
	/** Current seed again; clears counts, log, faults and the rate window; settings back to the start options. */
	reset(): void;
	close(): Promise<void>;
}

export const DEFAULT_X360_API_KEY = 'x360-sandbox-key-0000000000000000';
export const BASE_PATH = '/x360recover';
const ADMIN_PREFIX = '/_x360';
const LOG_LIMIT = 20_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, a: Answer): void {
	if (res.destroyed) return;
	const text = a.body === undefined ? '' : JSON.stringify(a.body);
	res.writeHead(a.status, { 'Content-Type': a.contentType, 'Content-Length': Buffer.byteLength(text), ...a.headers });
	res.end(text);
}

/** Keeps `target` the same object: its fields take the new model's. */
function replaceModel(target: X360Model, next: X360Model): void {
	Object.assign(target, next);
}

export async function startX360Recover(options: X360Options = {}): Promise<X360Recover> {
	const host = options.host ?? '127.0.0.1';
	const apiKey = options.apiKey || DEFAULT_X360_API_KEY;
	const keys = new Map<string, Product[]>([[apiKey, ['x360recover', 'billing']], ...(options.extraKeys ?? []).map((k) => [k.key, k.products] as [string, Product[]])]);
	const clock = () => (options.now ? options.now() : new Date()).getTime();
	let currentSeed = parseX360Seed(options.seed ?? 'demo');
	const model = seedModel(currentSeed, clock());
	const startSettings = { latencyMs: options.latencyMs ?? 0, rateLimitPerSecond: options.rateLimitPerSecond ?? 0 };
	const settings = { ...startSettings };
	const rate = new RateLimit(settings.rateLimitPerSecond);
	const faults = new Faults();
	let midScan: (MidScan & { left: number }) | undefined;
	let counts: X360Counts = { total: 0, byRoute: {} };
	let log: X360RequestLogEntry[] = [];

	const resetCounts = () => {
		counts = { total: 0, byRoute: {} };
		log = [];
	};
	const applySeed = (seed: unknown) => {
		const parsed = parseX360Seed(seed);
		replaceModel(model, seedModel(parsed, clock()));
		currentSeed = parsed;
	};
	const reset = () => {
		applySeed(currentSeed);
		resetCounts();
		faults.clear();
		midScan = undefined;
		Object.assign(settings, startSettings);
		rate.perSecond = settings.rateLimitPerSecond;
		rate.reset();
	};
	const armMidScan = (spec: MidScan) => {
		if (!model.clients.some((c) => c.id === Number(spec?.clientId))) throw new Error(`device-mid-scan: no client with id ${JSON.stringify(spec?.clientId)}`);
		const left = spec.afterPages ?? 1;
		if (!Number.isInteger(left) || left < 1) throw new Error('afterPages must be a whole number >= 1');
		midScan = { ...spec, left };
	};
	const setSettings = (s: Record<string, unknown>) => {
		for (const [k, v] of Object.entries(s)) {
			if (!(k in settings)) throw new Error(`unknown setting "${k}"; settings: ${Object.keys(settings).join(', ')}`);
			if (!Number.isInteger(v) || (v as number) < 0) throw new Error(`${k} must be a whole number >= 0`);
			settings[k as keyof typeof settings] = v as number;
		}
		rate.perSecond = settings.rateLimitPerSecond;
	};

	/** After a `/device` page: the armed device arrives between this page and the next. */
	const afterDevicePage = () => {
		if (!midScan) return;
		midScan.left -= 1;
		if (midScan.left > 0) return;
		const spec = midScan;
		midScan = undefined;
		addDevice(model, { clientId: spec.clientId, name: spec.name, type: spec.type, position: spec.position ?? 'start' }, clock());
	};

	async function apiAnswer(req: IncomingMessage, url: URL, path: string, note: (route: string) => void): Promise<Answer> {
		const method = (req.method ?? 'GET').toUpperCase();
		const matched = matchRoute(method, path);
		note(matched?.route ?? UNKNOWN_ROUTE);
		const rawBody = await readBody(req);
		if (settings.latencyMs > 0) await sleep(settings.latencyMs);
		if (!rate.take()) return tooMany(rate.retryAfter());
		const header = req.headers['x-api-key'];
		const products = keys.get(Array.isArray(header) ? header[0] : (header ?? ''));
		if (!products) return badKey();
		if (!matched) return unknownRoute();
		if (!products.includes('x360recover')) return forbidden();
		const fault = faults.take(matched);
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (fault?.answer) return fault.answer;
		let body: unknown;
		try {
			body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
		} catch {
			body = undefined;
		}
		const answer = answerApi(model, { matched, query: url.searchParams, body, now: clock() });
		if (matched.route === 'GET /device' && answer.status === 200) afterDevicePage();
		return answer;
	}

	async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
		const started = Date.now();
		let route = UNKNOWN_ROUTE;
		let status = 0;
		try {
			const answer = await apiAnswer(req, url, path, (r) => {
				route = r;
				counts.total++;
				counts.byRoute[r] = (counts.byRoute[r] ?? 0) + 1;
			});
			status = answer.status;
			send(res, answer);
		} catch (error) {
			status = 500;
			send(res, { status: 500, contentType: 'application/problem+json', body: { detail: `stand-in bug: ${(error as Error).message}`, status: 500, title: 'Internal Server Error', type: 'about:blank' } });
		} finally {
			log.push({ at: new Date(started).toISOString(), method: (req.method ?? 'GET').toUpperCase(), route, query: url.search.replace(/^\?/, ''), status, ms: Date.now() - started });
			if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
		}
	}

	const controls = {
		model: () => model, now: clock, reset, seed: applySeed, counts: () => structuredClone(counts), resetCounts, requests: () => structuredClone(log),
		faults: () => ({ routes: faults.describe(), deviceMidScan: midScan ?? null }), setFault: (r: string, f: RouteFault | null) => faults.set(r, f), armMidScan,
		settings: () => ({ ...settings, seed: currentSeed }), setSettings,
	};

	function handleAdminRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
		const json = (status: number, body: unknown) => send(res, { status, contentType: 'application/json', body });
		readBody(req).then((text) => {
			let body: unknown;
			try {
				body = text.trim() === '' ? undefined : JSON.parse(text);
			} catch {
				return json(400, { error: 'The admin request body is not valid JSON.' });
			}
			const reply = handleAdmin(controls, (req.method ?? 'GET').toUpperCase(), path, body);
			json(reply.status, reply.body);
		}, () => json(400, { error: 'Could not read the request body.' }));
	}

	const server = http.createServer();
	const sockets = new Set<Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname;
		if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return handleAdminRequest(req, res, path.slice(ADMIN_PREFIX.length));
		// Anything outside the base path is an unknown route too, as on the production host.
		const inside = path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);
		void handleApi(req, res, url, inside ? path.slice(BASE_PATH.length) : `/..${path}`);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `http://${host}:${port}`;

	return {
		baseUrl: `${origin}${BASE_PATH}`,
		adminUrl: `${origin}${ADMIN_PREFIX}`,
		port,
		apiKey,
		model,
		counts: controls.counts,
		resetCounts,
		requestLog: controls.requests,
		setFault: controls.setFault,
		armMidScan,
		settings: () => ({ ...settings }),
		seed: (seed) => applySeed(seed),
		reset,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

export { ADMIN_ROUTES };
