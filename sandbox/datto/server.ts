/**
 * The Datto BCDR stand-in: a loopback HTTP server (Node's http module) answering like Datto's REST API
 * v1 under /v1 with HTTP Basic keys, an optional rate limit, injectable faults, and an admin API under
 * /_datto/. What every stand-in does is in ../standIn/server.ts. See sandbox/datto/README.md.
 */
import { Counts, RequestLogEntry } from '../standIn/requestLog';
import { StandInCore, startStandIn } from '../standIn/server';
import { ADMIN_ROUTES, MidScan, ownAdminRoutes } from './admin';
import { answerApi } from './api';
import { authorized } from './auth';
import { addAppliance } from './controls';
import { badCredentials, routeNotFound, serverBug, tooMany } from './errors';
import { faultAnswer } from './faults';
import { DattoModel } from './model';
import { Matched, ROUTES, matchRoute } from './routes';
import { DattoSeed, parseDattoSeed, seedModel } from './seeds';
import { DEFAULT_SETTINGS, DattoSettings, applySettings, shapeOptions } from './settings';

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

/** A logged request; its route is a key such as `GET /bcdr/device/{serialNumber}/asset`, or 'unknown route'. */
export type DattoRequestLogEntry = RequestLogEntry;
export type DattoCounts = Counts;

export interface DattoStandIn extends StandInCore<DattoModel, DattoSeed, DattoSettings, MidScan> {
	/** http://127.0.0.1:P/v1; adminUrl http://127.0.0.1:P/_datto */
	baseUrl: string;
	publicKey: string;
	secretKey: string;
}

export const DEFAULT_DATTO_PUBLIC_KEY = 'datto-sandbox-public';
export const DEFAULT_DATTO_SECRET_KEY = 'datto-sandbox-secret-0000000000';
export const BASE_PATH = '/v1';

/** The settings among the start options (undefined ones left at their default). */
function settingsIn(options: DattoOptions): DattoSettings {
	const given = Object.entries(options).filter(
		([k, v]) => k in DEFAULT_SETTINGS && v !== undefined,
	);
	const settings = { ...DEFAULT_SETTINGS };
	applySettings(settings, Object.fromEntries(given));
	return settings;
}

export async function startDatto(options: DattoOptions = {}): Promise<DattoStandIn> {
	const publicKey = options.publicKey || DEFAULT_DATTO_PUBLIC_KEY;
	const secretKey = options.secretKey || DEFAULT_DATTO_SECRET_KEY;
	const core = await startStandIn<DattoModel, DattoSeed, DattoSettings, Matched, MidScan>({
		port: options.port,
		host: options.host,
		now: options.now,
		basePath: BASE_PATH,
		bareBasePath: false,
		adminPrefix: '/_datto',
		adminRoutes: ADMIN_ROUTES,
		seed: parseDattoSeed(options.seed ?? 'demo'),
		parseSeed: parseDattoSeed,
		seedModel,
		settings: settingsIn(options),
		applySettings,
		rate: { windowMs: 60_000, limit: (s) => s.rateLimitPerMinute },
		routes: ROUTES,
		faultAnswer,
		rules: (live) => ({
			match: matchRoute,
			unknownRoute: routeNotFound,
			tooMany,
			bug: serverBug,
			refuseKeys: (req) => (authorized(req, publicKey, secretKey) ? undefined : badCredentials()),
			answer: (matched, url) =>
				answerApi(live.model, {
					matched,
					query: url.searchParams,
					shape: shapeOptions(live.settings, live.now()),
					assetListShape: live.settings.assetListShape,
				}),
		}),
		scan: {
			route: 'GET /bcdr/device',
			check: (model, spec) => {
				if (!model.organizations.some((o) => o.id === Number(spec?.organizationId)))
					throw new Error(
						`device-mid-scan: no organization ${JSON.stringify(spec?.organizationId)}`,
					);
			},
			arrive: (model, spec, now) =>
				void addAppliance(
					model,
					{ organizationId: Number(spec.organizationId), position: spec.position ?? 'start' },
					now,
				),
		},
		admin: ownAdminRoutes,
	});
	return { ...core, publicKey, secretKey };
}

export { ADMIN_ROUTES };
