/**
 * The Autotask sandbox: a loopback HTTP server (Node's http module) that answers like the Autotask
 * REST API under /ATServicesRest/V1.0/ (any case), on an in-memory tenant, with Autotask's limits
 * and injectable faults, plus an admin API under /_sandbox/. See sandbox/README.md.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { ADMIN_ROUTES, AdminControls, handleAdmin } from './admin';
import { JSON_CHARSET, SandboxState, apiRequestHandler, send } from './apiRequest';
import { DEFAULT_CREDENTIALS, SandboxCredentials } from './auth';
import { errorBody } from './errors';
import { Faults, FaultRates, HourlyBudget, RouteFault, ThreadLimiter } from './limits';
import {
	DEFAULT_SERVER_SETTINGS,
	SETTING_NAMES,
	parseSettings,
	tenantSettingsFrom,
} from './settings';
import { AdminFormat, serveAdmin } from './standIn/adminApi';
import { listenLoopback } from './standIn/http';
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

/** What the admin API reads and changes; `seeds` re-seeds the store and knows the current seed. */
function adminControls(
	st: Pick<SandboxState, 'store' | 'settings' | 'budget' | 'threads' | 'faults' | 'log'>,
	seeds: { apply(seed: SeedChoice): void; current(): SeedChoice },
): AdminControls {
	const { store, settings, budget, threads, faults, log } = st;
	return {
		reset: () => {
			seeds.apply(seeds.current());
			log.clear();
			faults.clear();
			budget.reset();
		},
		seed: (seed: unknown) => seeds.apply(parseSeed(seed)),
		snapshot: () => store.snapshot(),
		counts: () => log.counts(),
		resetCounts: () => log.clear(),
		faults: () => faults.describe(),
		setFaults: (rates) => faults.set(rates),
		setRouteFault: (route, fault) => faults.setRoute(route, fault),
		requests: () => log.log(),
		settings: () => ({
			...settings,
			hourlyBudget: budget.limit,
			threadLimit: threads.limit,
			seed: seeds.current(),
			...store.settings,
		}),
		setSettings: (s) => {
			const change = parseSettings(s);
			Object.assign(settings, change.server);
			Object.assign(store.settings, change.tenant);
			budget.limit = change.hourlyBudget ?? budget.limit;
			threads.limit = change.threadLimit ?? threads.limit;
		},
	};
}

/** Admin answers in the API's own content type and `{errors}` body. */
const ADMIN_FORMAT: AdminFormat = {
	refused: (message) => errorBody([message]),
	contentType: JSON_CHARSET,
};

/** The Autotask API (any case), the version path, the admin API; anything else 404 with where to look. */
function dispatch(
	origin: string,
	baseUrl: string,
	api: ReturnType<typeof apiRequestHandler>,
	controls: AdminControls,
) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		const url = new URL(req.url ?? '/', origin);
		const path = url.pathname;
		const lower = path.toLowerCase();
		if (lower.startsWith(API_PREFIX)) {
			void api(req, res, url, path.slice(API_PREFIX.length));
		} else if (lower === VERSION_PATH) {
			send(res, 200, { apiVersions: ['1.0'] });
		} else if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
			serveAdmin(req, res, ADMIN_FORMAT, (method, body) =>
				handleAdmin(controls, method, path.slice(ADMIN_PREFIX.length), body),
			);
		} else {
			send(
				res,
				404,
				errorBody([
					`Not an Autotask API path. The API is under ${baseUrl}/ and the admin API under ${origin}${ADMIN_PREFIX}/ (${ADMIN_ROUTES.length} routes).`,
				]),
			);
		}
	};
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const host = options.host ?? '127.0.0.1';
	const given = Object.fromEntries(
		Object.entries(options.credentials ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''),
	);
	const credentials: SandboxCredentials = { ...DEFAULT_CREDENTIALS, ...given };
	const now = options.now ?? (() => new Date());
	const store = new Store();
	let currentSeed: SeedChoice = parseSeed(options.seed ?? 'demo');
	const accepted: SandboxCredentials[] = [
		credentials,
		...(options.extraUsers ?? []).map((u) => ({
			integrationCode: credentials.integrationCode,
			...u,
		})),
	];
	const start = parseSettings(
		Object.fromEntries(SETTING_NAMES.map((n) => [n, (options as Record<string, unknown>)[n]])),
	);
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
	if (options.faults || options.randomSeed !== undefined)
		faults.set({ ...options.faults, seed: options.randomSeed ?? options.faults?.seed });

	const { server, port, origin, close } = await listenLoopback(options.port, host);
	const baseUrl = `${origin}/ATServicesRest/V1.0`;

	const controls = adminControls(
		{ store, settings, budget, threads, faults, log },
		{ apply: applySeed, current: () => currentSeed },
	);
	server.on(
		'request',
		dispatch(
			origin,
			baseUrl,
			apiRequestHandler({
				store,
				now,
				accepted,
				origin,
				baseUrl,
				settings,
				budget,
				threads,
				faults,
				log,
			}),
			controls,
		),
	);

	return {
		baseUrl,
		adminUrl: `${origin}${ADMIN_PREFIX}`,
		port,
		credentials: { ...credentials },
		store,
		counts: () => log.counts(),
		resetCounts: controls.resetCounts,
		setFaults: (rates) => faults.set(rates),
		setRouteFault: (route, fault) => faults.setRoute(route, fault),
		requestLog: () => log.log(),
		seed: (seed) => applySeed(parseSeed(seed)),
		reset: controls.reset,
		close,
	};
}
