/**
 * The Autotask sandbox: a loopback HTTP server (Node's http module) that answers like the Autotask
 * REST API under /ATServicesRest/V1.0/ (any case), on an in-memory tenant, with Autotask's limits
 * and injectable faults, plus an admin API under /_sandbox/. See sandbox/README.md.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { ADMIN_ROUTES, handleAdmin } from './admin';
import { handleApi } from './api';
import { AUTH_FAILED, DEFAULT_CREDENTIALS, SandboxCredentials, authenticate } from './auth';
import { ApiError, errorBody, refused } from './errors';
import { Faults, FaultRates, HourlyBudget, RouteFault, ThreadLimiter, budgetMessage, threadMessage } from './limits';
import { endpointOf, parseTarget, routeKey } from './routes';
import { DEFAULT_SERVER_SETTINGS, SETTING_NAMES, parseSettings, tenantSettingsFrom } from './settings';
import { serveAdmin } from './standIn/adminApi';
import { answer as jsonAnswer, send as sendAnswer } from './standIn/answer';
import { listenLoopback, readBody, sleep } from './standIn/http';
import { Counts, RequestLog } from './standIn/requestLog';
import { Store } from './store';
import { SeedChoice, parseSeed, seedTenant } from './tenant';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Loopback only; default 127.0.0.1. */
	host?: string;
	credentials?: Partial<SandboxCredentials>;
	seed?: SeedChoice;
	/** Added to every API response. */
	latencyMs?: number;
	/** Requests per rolling hour (Autotask: 10,000 per database). */
	hourlyBudget?: number;
	/** Concurrent requests per endpoint per integration code (Autotask: 3). */
	threadLimit?: number;
	/** Extra latency once half the budget is spent (twice that past 75%), as Autotask slows busy tenants. Default 0. */
	throttleLatencyMs?: number;
	faults?: FaultRates;
	/** Seed of the fault PRNG (same as faults.seed). */
	randomSeed?: number;
	/** Tenant setting: refuse notes on Complete tickets (default true). */
	refuseNotesOnCompletedTickets?: boolean;
	/** Tenant setting: status of validation and business-rule refusals (default 500, as Autotask). */
	refusalStatus?: 400 | 500;
	/** Tenant setting: the ticket category supplies a due date, so dueDateTime may be omitted (default false). */
	categorySuppliesDueDate?: boolean;
	/** Tenant setting: Tickets need a billingCodeID on create (default false). */
	requireTicketBillingCode?: boolean;
	/** Tenant setting: TicketNotes need a title (default false). */
	requireTicketNoteTitle?: boolean;
	/** Status of a thread-limit refusal: 500 (default) or 429. */
	threadLimitStatus?: 429 | 500;
	/** More API users; `integrationCode` defaults to the main one (so they share its thread limit). */
	extraUsers?: { username: string; secret: string; integrationCode?: string }[];
	/** The sandbox clock (dates in seeds, createDate, the budget window). */
	now?: () => Date;
}

export interface RequestLogEntry {
	at: string;
	method: string;
	route: string;
	/** 0 when the response was deliberately lost. */
	status: number;
	ms: number;
}

export type { Counts };

export interface Sandbox {
	baseUrl: string;
	adminUrl: string;
	port: number;
	credentials: SandboxCredentials;
	store: Store;
	counts(): Counts;
	resetCounts(): void;
	setFaults(rates: FaultRates): void;
	setRouteFault(route: string, fault: RouteFault | null): void;
	requestLog(): RequestLogEntry[];
	/** Re-seeds the store (the same Store object). */
	seed(seed: SeedChoice): void;
	/** Re-seeds with the current seed and clears counts, log, faults and budget. */
	reset(): void;
	close(): Promise<void>;
}

const API_PREFIX = '/atservicesrest/v1.0/';
const VERSION_PATH = '/atservicesrest/versioninformation';
const ADMIN_PREFIX = '/_sandbox';

/** `body` undefined sends an empty body (a fault without a reason). */
const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
	sendAnswer(res, jsonAnswer(status, 'application/json; charset=utf-8', body, headers));

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const host = options.host ?? '127.0.0.1';
	const given = Object.fromEntries(Object.entries(options.credentials ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''));
	const credentials: SandboxCredentials = { ...DEFAULT_CREDENTIALS, ...given };
	const now = options.now ?? (() => new Date());
	const store = new Store();
	let currentSeed: SeedChoice = parseSeed(options.seed ?? 'demo');
	const accepted: SandboxCredentials[] = [credentials, ...(options.extraUsers ?? []).map((u) => ({ integrationCode: credentials.integrationCode, ...u }))];
	const start = parseSettings(Object.fromEntries(SETTING_NAMES.map((n) => [n, (options as Record<string, unknown>)[n]])));
	const settings = { ...DEFAULT_SERVER_SETTINGS, ...start.server };
	const budget = new HourlyBudget(start.hourlyBudget ?? 10_000, () => now().getTime());
	const threads = new ThreadLimiter(start.threadLimit ?? 3);
	const faults = new Faults();
	const log = new RequestLog<RequestLogEntry>();

	const applySeed = (seed: SeedChoice) => {
		seedTenant(store, seed, credentials.username, now());
		store.settings = tenantSettingsFrom(start.tenant);
		currentSeed = seed;
	};
	applySeed(currentSeed);
	if (options.faults || options.randomSeed !== undefined) faults.set({ ...options.faults, seed: options.randomSeed ?? options.faults?.seed });

	const { server, port, origin, close } = await listenLoopback(options.port, host);
	const baseUrl = `${origin}/ATServicesRest/V1.0`;

	const resetCounts = () => log.clear();

	const controls = {
		reset: () => {
			applySeed(currentSeed);
			resetCounts();
			faults.clear();
			budget.reset();
		},
		seed: (seed: unknown) => applySeed(parseSeed(seed)),
		snapshot: () => store.snapshot(),
		counts: () => log.counts(),
		resetCounts,
		faults: () => faults.describe(),
		setFaults: (rates: FaultRates) => faults.set(rates),
		setRouteFault: (route: string, fault: RouteFault | null) => faults.setRoute(route, fault),
		requests: () => log.log(),
		settings: () => ({ ...settings, hourlyBudget: budget.limit, threadLimit: threads.limit, seed: currentSeed, ...store.settings }),
		setSettings: (s: Record<string, unknown>) => {
			const change = parseSettings(s);
			Object.assign(settings, change.server);
			Object.assign(store.settings, change.tenant);
			budget.limit = change.hourlyBudget ?? budget.limit;
			threads.limit = change.threadLimit ?? threads.limit;
		},
	};

	async function handleApiRequest(req: IncomingMessage, res: ServerResponse, url: URL, rest: string): Promise<void> {
		const started = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const segments = rest.split('/').filter((s) => s !== '').map(decodeURIComponent);
		const route = routeKey(method, segments);
		log.count(route);
		let status = 0;
		let threadKey: string | undefined;
		const reply = (s: number, body: unknown, headers?: Record<string, string>) => {
			status = s;
			send(res, s, body, headers);
		};
		try {
			const target = parseTarget(segments);
			const rawBody = await readBody(req);
			if (target.kind === 'zoneInformation') {
				// No auth, as on Autotask; answers for the sandbox's API user only.
				const user = url.searchParams.get('user') ?? '';
				if (!accepted.some((c) => c.username.toLowerCase() === user.toLowerCase())) {
					return reply(404, errorBody(['zoneInformation: no API user with that username exists in this sandbox.']));
				}
				return reply(200, { zoneName: 'Sandbox (loopback)', url: `${origin}/ATServicesRest/`, webUrl: `${origin}/`, ci: 0 });
			}
			const caller = authenticate(req.headers, accepted);
			if (caller === undefined) return reply(401, errorBody([AUTH_FAILED]));
			if (target.kind === 'version') return reply(200, { apiVersions: ['1.0'] });
			// ThresholdInformation is not counted in the budget, but it is thread-limited (only zoneInformation is exempt).
			if (target.kind !== 'threshold' && !budget.take()) return reply(429, errorBody([budgetMessage(budget.limit)]), { 'Retry-After': '60' });
			// Keyed by integration code and endpoint, whichever API user sends the request.
			threadKey = `${endpointOf(target, segments)}|${caller.integrationCode}`;
			if (!threads.acquire(threadKey)) {
				threadKey = undefined;
				return reply(settings.threadLimitStatus, errorBody([threadMessage(threads.limit)]));
			}
			const isWrite = method !== 'GET' && target.kind !== 'query';
			const fault = faults.decide(route, isWrite);
			const used = budget.used() / Math.max(1, budget.limit);
			const throttle = used > 0.75 ? 2 * settings.throttleLatencyMs : used > 0.5 ? settings.throttleLatencyMs : 0;
			const delay = settings.latencyMs + fault.extraMs + throttle;
			if (delay > 0) await sleep(delay);
			if (fault.kind === 'status') return reply(fault.status, fault.message === undefined ? undefined : errorBody([fault.message]));
			if (target.kind === 'threshold') {
				return reply(200, { externalRequestThreshold: budget.limit, requestThresholdTimeframe: 60, currentTimeframeRequestCount: budget.used() });
			}

			let body: unknown;
			if (rawBody.trim() !== '') {
				try {
					body = JSON.parse(rawBody);
				} catch {
					return reply(store.settings.refusalStatus, refused('The request body is not valid JSON.').body());
				}
			}
			const impersonated = Number(req.headers['impersonationresourceid']);
			const apiUser = store.rows('Resources').find((r) => String(r.userName).toLowerCase() === caller.username.toLowerCase());
			const ctx = { store, now, resourceId: Number.isInteger(impersonated) && store.get('Resources', impersonated) ? impersonated : (apiUser?.id ?? null) };
			let answer: { status: number; body: unknown };
			try {
				answer = handleApi(ctx, { method, target, path: segments.join('/'), url: url.href, query: url.searchParams, body, baseUrl });
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				answer = { status: error.statusFor(store.settings.refusalStatus), body: error.body() };
			}
			if (fault.kind === 'lost') {
				// The write is applied; the caller never learns it.
				status = 0;
				res.socket?.destroy();
				return;
			}
			return reply(answer.status, answer.body);
		} catch (error) {
			// Unexpected sandbox bug: answer like Autotask's 500 and keep serving.
			return reply(500, errorBody([`An unexpected error has occurred: ${(error as Error).message}`]));
		} finally {
			if (threadKey) threads.release(threadKey);
			log.record({ at: new Date(started).toISOString(), method, route, status, ms: Date.now() - started });
		}
	}

	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', origin);
		const path = url.pathname;
		const lower = path.toLowerCase();
		if (lower.startsWith(API_PREFIX)) {
			void handleApiRequest(req, res, url, path.slice(API_PREFIX.length));
		} else if (lower === VERSION_PATH) {
			send(res, 200, { apiVersions: ['1.0'] });
		} else if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
			serveAdmin(req, res, (message) => errorBody([message]), (method, body) => handleAdmin(controls, method, path.slice(ADMIN_PREFIX.length), body));
		} else {
			send(res, 404, errorBody([`Not an Autotask API path. The API is under ${baseUrl}/ and the admin API under ${origin}${ADMIN_PREFIX}/ (${ADMIN_ROUTES.length} routes).`]));
		}
	});

	return {
		baseUrl,
		adminUrl: `${origin}${ADMIN_PREFIX}`,
		port,
		credentials: { ...credentials },
		store,
		counts: () => log.counts(),
		resetCounts,
		setFaults: (rates) => faults.set(rates),
		setRouteFault: (route, fault) => faults.setRoute(route, fault),
		requestLog: () => log.log(),
		seed: (seed) => applySeed(parseSeed(seed)),
		reset: controls.reset,
		close,
	};
}
