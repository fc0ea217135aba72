/**
 * The x360Recover stand-in's own admin routes under `/_x360/` (the shared ones, and how admin requests
 * are served, are in ../standIn/adminApi.ts): health, restore points, AutoVerify, usage, tunnels and
 * storage, each answering the changed record in the API's shape.
 */
import {
	addDevice,
	applianceOf,
	setAutoVerify,
	setHealth,
	setRestorePointAge,
	setStorageFill,
	setTunnel,
	setUsage,
	vaultOf,
} from './controls';
import { Reply, adminRouteList, done } from '../standIn/adminApi';
import { ArmedSpec } from '../standIn/midScan';
import { Live } from '../standIn/server';
import { X360Model } from './model';
import { applianceShape, deviceShape, vaultShape } from './shapes';

/** A device arriving between two `/device` pages. */
export interface MidScan extends ArmedSpec {
	clientId: number;
	name?: string;
	type?: 'SERVER' | 'WORKSTATION';
}

type X360Live = Live<X360Model, unknown>;

export const ADMIN_ROUTES = adminRouteList('/_x360', [
	'POST /device',
	'POST /device/{id}/health',
	'POST /device/{id}/restore-point-age',
	'POST /device/{id}/autoverify',
	'POST /device/{id}/usage',
	'POST /appliance/{id}/tunnel',
	'POST /appliance/{id}/storage',
	'POST /vault/{id}/tunnel',
]);

type Body = any;

function entityRoute(c: X360Live, method: string, parts: string[], body: Body): Reply | undefined {
	const [kind, id, action] = parts;
	if (method !== 'POST' || parts.length !== 3) return undefined;
	const m = c.model;
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

/** The routes below /_x360 that change the organization (`device`, `appliance` or `vault`, its id, the change). */
export function ownAdminRoutes(c: X360Live) {
	return (route: string, parts: string[], body: Body): Reply | undefined => {
		if (route === 'POST /device')
			return done(deviceShape(c.model, addDevice(c.model, body ?? {}, c.now())));
		return entityRoute(c, route.slice(0, route.indexOf(' ')), parts, body);
	};
}
