/**
 * The stand-in's admin API under `/_datto/` (outside the product's base path: no keys, loopback only,
 * not counted, not rate limited). Bodies are JSON; a bad one answers 400 `{error}`; changes answer the
 * changed record in the API's shape.
 */
import {
	addAlert, addAppliance, addAsset, applianceOf, assetOf, clearAlerts, setBackup, setHidden, setLastSeen, setOffsiteAge, setPaused,
	setScreenshot, setSnapshotAge, setStorage, setUsage,
} from './controls';
import { RouteFault } from './faults';
import { DattoAsset, DattoModel } from './model';
import { ShapeOptions, assetShape, deviceShape } from './shapes';

export interface MidScan {
	organizationId: number;
	/** Inserted after this many more `/bcdr/device` answers (default 1: between the first and the second page). */
	afterPages?: number;
	position?: 'start' | 'end';
}

export interface AdminControls {
	model(): DattoModel;
	now(): number;
	shape(): ShapeOptions;
	reset(): void;
	seed(seed: unknown): void;
	counts(): unknown;
	resetCounts(): void;
	requests(): unknown;
	faults(): unknown;
	setFault(route: string, fault: RouteFault | null): void;
	armMidScan(spec: MidScan): void;
	settings(): Record<string, unknown>;
	setSettings(s: Record<string, unknown>): void;
}

export const ADMIN_ROUTES = [
	'GET /_datto/', 'POST /_datto/reset', 'POST /_datto/seed', 'GET /_datto/snapshot', 'GET /_datto/counts', 'POST /_datto/counts/reset',
	'GET /_datto/requests', 'GET /_datto/faults', 'PUT /_datto/faults', 'POST /_datto/faults/device-mid-scan', 'GET /_datto/settings', 'PUT /_datto/settings',
	'POST /_datto/device', 'POST /_datto/device/{serial}/last-seen', 'POST /_datto/device/{serial}/storage', 'POST /_datto/device/{serial}/usage',
	'POST /_datto/device/{serial}/hidden', 'POST /_datto/device/{serial}/alert', 'DELETE /_datto/device/{serial}/alerts', 'POST /_datto/device/{serial}/asset',
	'POST /_datto/device/{serial}/asset/{name}/backup', 'POST /_datto/device/{serial}/asset/{name}/snapshot-age',
	'POST /_datto/device/{serial}/asset/{name}/offsite-age', 'POST /_datto/device/{serial}/asset/{name}/screenshot', 'POST /_datto/device/{serial}/asset/{name}/pause',
];

type Body = any;
interface Reply {
	status: number;
	body: unknown;
}
const done = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

const ASSET_CHANGES: Record<string, (x: DattoAsset, body: Body, now: number) => void> = {
	backup: setBackup, 'snapshot-age': setSnapshotAge, 'offsite-age': setOffsiteAge, screenshot: setScreenshot, pause: (x, b) => setPaused(x, b),
};

function assetRoute(c: AdminControls, method: string, parts: string[], body: Body): Reply | undefined {
	const [, serial, , name, action] = parts;
	if (method !== 'POST' || parts.length !== 5 || parts[2] !== 'asset' || !ASSET_CHANGES[action]) return undefined;
	const x = assetOf(applianceOf(c.model(), serial), name);
	ASSET_CHANGES[action](x, body, c.now());
	return done(assetShape(x, c.now()));
}

function deviceRoute(c: AdminControls, method: string, parts: string[], body: Body): Reply | undefined {
	const [kind, serial, action] = parts;
	if (kind !== 'device' || parts.length !== 3) return undefined;
	const m = c.model();
	const now = c.now();
	if (method === 'DELETE' && action === 'alerts') return done(deviceShape(m, clearAlerts(m, serial), c.shape()));
	if (method !== 'POST') return undefined;
	if (action === 'asset') return done(assetShape(addAsset(m, serial, body, now), now));
	const change: Record<string, () => unknown> = {
		'last-seen': () => setLastSeen(m, serial, body, now), storage: () => setStorage(m, serial, body), usage: () => setUsage(m, serial, body),
		hidden: () => setHidden(m, serial, body), alert: () => addAlert(m, serial, body, now),
	};
	if (!change[action]) return undefined;
	change[action]();
	return done(deviceShape(m, applianceOf(m, serial), c.shape()));
}

function fixedRoute(c: AdminControls, route: string, body: Body): Reply | undefined {
	switch (route) {
		case 'GET /':
			return done({ routes: ADMIN_ROUTES });
		case 'POST /reset':
			c.reset();
			return done();
		case 'POST /seed':
			c.seed(body?.seed);
			return done();
		case 'GET /snapshot':
			return done(c.model());
		case 'GET /counts':
			return done(c.counts());
		case 'POST /counts/reset':
			c.resetCounts();
			return done();
		case 'GET /requests':
			return done(c.requests());
		case 'GET /faults':
			return done(c.faults());
		case 'PUT /faults':
			for (const [r, f] of Object.entries((body?.routes ?? {}) as Record<string, RouteFault | null>)) c.setFault(r, f);
			return done(c.faults());
		case 'POST /faults/device-mid-scan':
			c.armMidScan(body ?? {});
			return done(c.faults());
		case 'GET /settings':
			return done(c.settings());
		case 'PUT /settings':
			c.setSettings(body ?? {});
			return done(c.settings());
		case 'POST /device':
			return done(deviceShape(c.model(), addAppliance(c.model(), body ?? {}, c.now()), c.shape()));
		default:
			return undefined;
	}
}

/** `path` is below /_datto (`/device/0A…/last-seen`). */
export function handleAdmin(c: AdminControls, method: string, path: string, body: Body): Reply {
	const parts = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
	try {
		const reply = fixedRoute(c, `${method} /${parts.join('/')}`, body) ?? deviceRoute(c, method, parts, body) ?? assetRoute(c, method, parts, body);
		return reply ?? { status: 404, body: { error: `No admin route ${method} /_datto/${parts.join('/')}`, routes: ADMIN_ROUTES } };
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}
