/**
 * The stand-in's admin API under `/_x360/` (outside the product's base path: no API key, loopback
 * only, not counted, not rate limited). Bodies are JSON; a bad one answers 400 `{error}`.
 */
import { addDevice, applianceOf, setAutoVerify, setHealth, setRestorePointAge, setStorageFill, setTunnel, setUsage, vaultOf } from './controls';
import { RouteFault } from './faults';
import { X360Model } from './model';
import { applianceShape, deviceShape, vaultShape } from './shapes';

export interface MidScan {
	clientId: number;
	/** Inserted after this many more `/device` answers (default 1: between the first and the second page). */
	afterPages?: number;
	position?: 'start' | 'end';
	name?: string;
	type?: 'SERVER' | 'WORKSTATION';
}

export interface AdminControls {
	model(): X360Model;
	now(): number;
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
	'GET /_x360/', 'POST /_x360/reset', 'POST /_x360/seed', 'GET /_x360/snapshot', 'GET /_x360/counts', 'POST /_x360/counts/reset',
	'GET /_x360/requests', 'GET /_x360/faults', 'PUT /_x360/faults', 'POST /_x360/faults/device-mid-scan', 'GET /_x360/settings', 'PUT /_x360/settings',
	'POST /_x360/device', 'POST /_x360/device/{id}/health', 'POST /_x360/device/{id}/restore-point-age', 'POST /_x360/device/{id}/autoverify',
	'POST /_x360/device/{id}/usage', 'POST /_x360/appliance/{id}/tunnel', 'POST /_x360/appliance/{id}/storage', 'POST /_x360/vault/{id}/tunnel',
];

type Body = any;
interface Reply {
	status: number;
	body: unknown;
}
const done = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

function entityRoute(c: AdminControls, method: string, parts: string[], body: Body): Reply | undefined {
	const [kind, id, action] = parts;
	if (method !== 'POST' || parts.length !== 3) return undefined;
	const m = c.model();
	const now = c.now();
	if (kind === 'device') {
		const change: Record<string, () => unknown> = {
			health: () => setHealth(m, id, body, now),
			'restore-point-age': () => setRestorePointAge(m, id, body, now),
			autoverify: () => setAutoVerify(m, id, body, now),
			usage: () => setUsage(m, id, body),
		};
		if (!change[action]) return undefined;
		change[action]();
		return done(deviceShape(m, m.devices.find((d) => d.id === Number(id))!));
	}
	if (kind === 'appliance' && (action === 'tunnel' || action === 'storage')) {
		const a = applianceOf(m, id);
		if (action === 'tunnel') setTunnel(a, body, 'APPLIANCE_OFFLINE', now);
		else setStorageFill(m, id, body, now);
		return done(applianceShape(m, a, false));
	}
	if (kind === 'vault' && action === 'tunnel') {
		const v = vaultOf(m, id);
		setTunnel(v, body, 'VAULT_OFFLINE', now);
		return done(vaultShape(m, v, false));
	}
	return undefined;
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
			return done(deviceShape(c.model(), addDevice(c.model(), body ?? {}, c.now())));
		default:
			return undefined;
	}
}

/** `path` is below /_x360 (`/device/7/health`). */
export function handleAdmin(c: AdminControls, method: string, path: string, body: Body): Reply {
	const parts = path.split('/').filter((s) => s !== '');
	try {
		const reply = fixedRoute(c, `${method} /${parts.join('/')}`, body) ?? entityRoute(c, method, parts, body);
		return reply ?? { status: 404, body: { error: `No admin route ${method} /_x360/${parts.join('/')}`, routes: ADMIN_ROUTES } };
	} catch (error) {
		return { status: 400, body: { error: (error as Error).message } };
	}
}
