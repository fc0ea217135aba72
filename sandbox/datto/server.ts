/**
 * The Datto BCDR stand-in: a loopback HTTP server (Node's http module) answering like Datto's REST API
 * v1 under /v1 with HTTP Basic keys, an optional rate limit, injectable faults, and an admin API under
 * /_datto/. See sandbox/datto/README.md.
 */
import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { ADMIN_ROUTES, AdminControls, MidScan, handleAdmin } from './admin';
import { answerApi } from './api';
import { authorized } from './auth';
import { addAppliance } from './controls';
import { Answer, badCredentials, routeNotFound, tooMany } from './errors';
import { Faults, RateLimit, RouteFault } from './faults';
import { DattoModel } from './model';
import { UNKNOWN_ROUTE, matchRoute } from './routes';
import { DattoSeed, parseDattoSeed, seedModel } from './seeds';
import { DEFAULT_SETTINGS, DattoSettings, applySettings } from './settings';
import { ShapeOptions } from './shapes';

export interface DattoOptions extends Partial<DattoSettings> {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Loopback only; default 127.0.0.1. */
	host?: string;
	/** Default 'demo'. */
	seed?: DattoSeed;
	/** Default DEFAULT_DATTO_PUBLIC_KEY / DEFAULT_DATTO_SECRET_KEY. */
	publicKey?: string;
	secretKey?: string;
	/** The stand-in's clock (seeds, ages, alert times). */
	now?: () => Date;
}

export interface DattoRequestLogEntry {
	at: string;
	method: string;
	/** Route key (`GET /bcdr/device/{serialNumber}/asset`) or 'unknown route'. */
	route: string;
	/** The query string (paging, filters); keys are never in it. */
	query: string;
	status: number;
	ms: number;
}

export interface DattoCounts {
	total: number;
	byRoute: Record<string, number>;
}

export interface DattoStandIn {
	/** http://127.0.0.1:P/v1 */
	baseUrl: string;
	/** http://127.0.0.1:P/_datto */
	adminUrl: string;
	port: number;
	publicKey: string;
	secretKey: string;
	/** The live portal (the same object across reset and seed). */
	model: DattoModel;
	counts(): DattoCounts;
	resetCounts(): void;
	requestLog(): DattoRequestLogEntry[];
	/** `route` is a key of routes.ts (`GET /bcdr/device`) or '*'; null clears it. */
	setFault(route: string, fault: RouteFault | null): void;
	/** Inserts an appliance between two `/bcdr/device` pages. */
	armMidScan(spec: MidScan): void;
	settings(): DattoSettings;
	setSettings(changes: Partial<DattoSettings>): void;
	seed(seed: DattoSeed): void;
	/** Current seed again; clears counts, log, faults and the rate window; settings back to the start options. */
	reset(): void;
	close(): Promise<void>;
}

export const DEFAULT_DATTO_PUBLIC_KEY = 'datto-sandbox-public';
export const DEFAULT_DATTO_SECRET_KEY = 'datto-sandbox-secret-0000000000';
export const BASE_PATH = '/v1';
const ADMIN_PREFIX = '/_datto';
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

/** The settings among the start options (undefined ones left at their default). */
function settingsIn(options: DattoOptions): Record<string, unknown> {
	const given = Object.entries(options).filter(([k, v]) => k in DEFAULT_SETTINGS && v !== undefined);
	return Object.fromEntries(given);
}

export async function startDatto(options: DattoOptions = {}): Promise<DattoStandIn> {
	const host = options.host ?? '127.0.0.1';
	const publicKey = options.publicKey || DEFAULT_DATTO_PUBLIC_KEY;
	const secretKey = options.secretKey || DEFAULT_DATTO_SECRET_KEY;
	const clock = () => (options.now ? options.now() : new Date()).getTime();
	const startSettings: DattoSettings = { ...DEFAULT_SETTINGS };
	applySettings(startSettings, settingsIn(options));
	const settings = { ...startSettings };
	let currentSeed = parseDattoSeed(options.seed ?? 'demo');
	const model = seedModel(currentSeed, clock());
	const rate = new RateLimit(settings.rateLimitPerMinute);
	const faults = new Faults();
	let midScan: (MidScan & { left: number }) | undefined;
	let counts: DattoCounts = { total: 0, byRoute: {} };
	let log: DattoRequestLogEntry[] = [];

	const shape = (): ShapeOptions => ({ now: clock(), units: { local: settings.localUnits, offsite: settings.offsiteUnits }, organizationFields: settings.organizationFields });
	const resetCounts = () => {
		counts = { total: 0, byRoute: {} };
		log = [];
	};
	const applySeed = (seed: unknown) => {
		const parsed = parseDattoSeed(seed);
		Object.assign(model, seedModel(parsed, clock()));
		currentSeed = parsed;
	};
	const setSettings = (changes: Record<string, unknown>) => {
		applySettings(settings, changes);
		rate.perMinute = settings.rateLimitPerMinute;
	};
	const reset = () => {
		applySeed(currentSeed);
		resetCounts();
		faults.clear();
		midScan = undefined;
		Object.assign(settings, startSettings);
		rate.perMinute = settings.rateLimitPerMinute;
		rate.reset();
	};
	const armMidScan = (spec: MidScan) => {
		if (!model.organizations.some((o) => o.id === Number(spec?.organizationId))) throw new Error(`device-mid-scan: no organization ${JSON.stringify(spec?.organizationId)}`);
		const left = spec.afterPages ?? 1;
		if (!Number.isInteger(left) || left < 1) throw new Error('afterPages must be a whole number >= 1');
		midScan = { ...spec, left };
	};
	/** After a `/bcdr/device` page: the armed appliance arrives between this page and the next. */
	const afterDevicePage = () => {
		if (!midScan || --midScan.left > 0) return;
		const spec = midScan;
		midScan = undefined;
		addAppliance(model, { organizationId: Number(spec.organizationId), position: spec.position ?? 'start' }, clock());
	};

	async function apiAnswer(req: IncomingMessage, url: URL, path: string, note: (route: string) => void): Promise<Answer> {
		const method = (req.method ?? 'GET').toUpperCase();
		const matched = matchRoute(method, path);
		note(matched?.route ?? UNKNOWN_ROUTE);
		await readBody(req);
		if (settings.latencyMs > 0) await sleep(settings.latencyMs);
		if (!rate.take()) return tooMany(rate.retryAfter());
		if (!authorized(req, publicKey, secretKey)) return badCredentials();
		if (!matched) return routeNotFound();
		const fault = faults.take(matched);
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (fault?.answer) return fault.answer;
		const answer = answerApi(model, { matched, query: url.searchParams, shape: shape(), assetListShape: settings.assetListShape });
		if (matched.route === 'GET /bcdr/device' && answer.status === 200) afterDevicePage();
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
			send(res, { status: 500, contentType: 'application/json', body: { code: 'InternalServerError', message: `stand-in bug: ${(error as Error).message}` } });
		} finally {
			log.push({ at: new Date(started).toISOString(), method: (req.method ?? 'GET').toUpperCase(), route, query: url.search.replace(/^\?/, ''), status, ms: Date.now() - started });
			if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
		}
	}

	const controls: AdminControls = {
		model: () => model, now: clock, shape, reset, seed: applySeed, counts: () => structuredClone(counts), resetCounts, requests: () => structuredClone(log),
		faults: () => ({ routes: faults.describe(), deviceMidScan: midScan ?? null }), setFault: (r, f) => faults.set(r, f), armMidScan,
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
		// Anything outside the base path matches no route (404 after the key check).
		const inside = path.startsWith(`${BASE_PATH}/`);
		void handleApi(req, res, url, inside ? path.slice(BASE_PATH.length) : `/..${path}`);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `http://${host}:${port}`;

	return {
		baseUrl: `${origin}${BASE_PATH}`, adminUrl: `${origin}${ADMIN_PREFIX}`, port, publicKey, secretKey, model,
		counts: () => structuredClone(counts), resetCounts, requestLog: () => structuredClone(log), setFault: controls.setFault, armMidScan,
		settings: () => ({ ...settings }), setSettings: (c) => setSettings(c as Record<string, unknown>), seed: (s) => applySeed(s), reset,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

export { ADMIN_ROUTES };
