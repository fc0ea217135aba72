/**
 * The x360Recover stand-in: a loopback HTTP server (Node's http module) answering like Axcient's
 * x360Recover public API under /x360recover, with production's quirks, an optional polite rate limit,
 * injectable faults, and an admin API under /_x360/. What every stand-in does is in
 * ../standIn/server.ts. See sandbox/x360recover/README.md.
 */
import { IncomingMessage } from 'http';
import { Counts, RequestLogEntry } from '../standIn/requestLog';
import { StandInCore, startStandIn } from '../standIn/server';
import { ADMIN_ROUTES, MidScan, ownAdminRoutes } from './admin';
import { answerApi } from './api';
import { addDevice } from './controls';
import { badKey, forbidden, serverBug, tooMany, unknownRoute } from './errors';
import { faultAnswer } from './faults';
import { X360Model } from './model';
import { Matched, ROUTES, matchRoute } from './routes';
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

/** A logged request; its route is a key such as `GET /device/{device_id}`, or 'unknown route'. */
export type X360RequestLogEntry = RequestLogEntry;
export type X360Counts = Counts;

export interface X360Settings {
	latencyMs: number;
	rateLimitPerSecond: number;
}

export interface X360Recover extends StandInCore<X360Model, X360Seed, X360Settings, MidScan> {
	/** http://127.0.0.1:P/x360recover; adminUrl http://127.0.0.1:P/_x360 */
	baseUrl: string;
	apiKey: string;
}

export const DEFAULT_X360_API_KEY = 'x360-sandbox-key-0000000000000000';
export const BASE_PATH = '/x360recover';

/** Both settings are whole numbers >= 0; a change is applied name by name. */
function applySettings(settings: X360Settings, changes: Record<string, unknown>): void {
	for (const [k, v] of Object.entries(changes)) {
		if (!(k in settings))
			throw new Error(`unknown setting "${k}"; settings: ${Object.keys(settings).join(', ')}`);
		if (!Number.isInteger(v) || (v as number) < 0)
			throw new Error(`${k} must be a whole number >= 0`);
		settings[k as keyof X360Settings] = v as number;
	}
}

const jsonOrNothing = (text: string): unknown => {
	try {
		return text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
};

export async function startX360Recover(options: X360Options = {}): Promise<X360Recover> {
	const apiKey = options.apiKey || DEFAULT_X360_API_KEY;
	const keys = new Map<string, Product[]>([
		[apiKey, ['x360recover', 'billing']],
		...(options.extraKeys ?? []).map((k) => [k.key, k.products] as [string, Product[]]),
	]);
	const productsOf = (req: IncomingMessage) => {
		const header = req.headers['x-api-key'];
		return keys.get(Array.isArray(header) ? header[0] : (header ?? ''));
	};
	const core = await startStandIn<X360Model, X360Seed, X360Settings, Matched, MidScan>({
		port: options.port,
		host: options.host,
		now: options.now,
		basePath: BASE_PATH,
		bareBasePath: true,
		adminPrefix: '/_x360',
		adminRoutes: ADMIN_ROUTES,
		seed: parseX360Seed(options.seed ?? 'demo'),
		parseSeed: parseX360Seed,
		seedModel,
		settings: {
			latencyMs: options.latencyMs ?? 0,
			rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
		},
		applySettings,
		rate: { windowMs: 1000, limit: (s) => s.rateLimitPerSecond },
		routes: ROUTES,
		faultAnswer,
		rules: (live) => ({
			match: matchRoute,
			unknownRoute,
			tooMany,
			bug: serverBug,
			refuseKeys: (req) => (productsOf(req) ? undefined : badKey()),
			refuseProduct: (req) => (productsOf(req)!.includes('x360recover') ? undefined : forbidden()),
			answer: (matched, url, rawBody) =>
				answerApi(live.model, {
					matched,
					query: url.searchParams,
					body: jsonOrNothing(rawBody),
					now: live.now(),
				}),
		}),
		scan: {
			route: 'GET /device',
			check: (model, spec) => {
				if (!model.clients.some((c) => c.id === Number(spec?.clientId)))
					throw new Error(`device-mid-scan: no client with id ${JSON.stringify(spec?.clientId)}`);
			},
			arrive: (model, spec, now) =>
				void addDevice(
					model,
					{
						clientId: spec.clientId,
						name: spec.name,
						type: spec.type,
						position: spec.position ?? 'start',
					},
					now,
				),
		},
		admin: ownAdminRoutes,
	});
	return { ...core, apiKey };
}

export { ADMIN_ROUTES };
