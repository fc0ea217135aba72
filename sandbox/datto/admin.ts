/**
 * The Datto stand-in's own admin routes under `/_datto/` (the shared ones, and how admin requests are
 * served, are in ../standIn/adminApi.ts): changes to appliances and assets, each answering the changed
 * record in the API's shape.
 */
import {
	addAlert,
	addAppliance,
	addAsset,
	applianceOf,
	assetOf,
	clearAlerts,
	setBackup,
	setHidden,
	setLastSeen,
	setOffsiteAge,
	setPaused,
	setScreenshot,
	setSnapshotAge,
	setStorage,
	setUsage,
} from './controls';
import { Reply, adminRouteList, done } from '../standIn/adminApi';
import { ArmedSpec } from '../standIn/midScan';
import { Live } from '../standIn/server';
import { DattoAsset, DattoModel } from './model';
import { DattoSettings, shapeOptions } from './settings';
import { assetShape, deviceShape } from './shapes';

/** An appliance (one agent) arriving between two `/bcdr/device` pages. */
export interface MidScan extends ArmedSpec {
	organizationId: number;
}

type DattoLive = Live<DattoModel, DattoSettings>;

export const ADMIN_ROUTES = adminRouteList('/_datto', [
	'POST /device',
	'POST /device/{serial}/last-seen',
	'POST /device/{serial}/storage',
	'POST /device/{serial}/usage',
	'POST /device/{serial}/hidden',
	'POST /device/{serial}/alert',
	'DELETE /device/{serial}/alerts',
	'POST /device/{serial}/asset',
	'POST /device/{serial}/asset/{name}/backup',
	'POST /device/{serial}/asset/{name}/snapshot-age',
	'POST /device/{serial}/asset/{name}/offsite-age',
	'POST /device/{serial}/asset/{name}/screenshot',
	'POST /device/{serial}/asset/{name}/pause',
]);

type Body = any;

const ASSET_CHANGES: Record<string, (x: DattoAsset, body: Body, now: number) => void> = {
	backup: setBackup,
	'snapshot-age': setSnapshotAge,
	'offsite-age': setOffsiteAge,
	screenshot: setScreenshot,
	pause: (x, b) => setPaused(x, b),
};

function assetRoute(c: DattoLive, method: string, parts: string[], body: Body): Reply | undefined {
	const [, serial, , name, action] = parts;
	if (method !== 'POST' || parts.length !== 5 || parts[2] !== 'asset' || !ASSET_CHANGES[action])
		return undefined;
	const x = assetOf(applianceOf(c.model, serial), name);
	ASSET_CHANGES[action](x, body, c.now());
	return done(assetShape(x, c.now()));
}

function deviceRoute(c: DattoLive, method: string, parts: string[], body: Body): Reply | undefined {
	const [kind, serial, action] = parts;
	if (kind !== 'device' || parts.length !== 3) return undefined;
	const m = c.model;
	const now = c.now();
	if (method === 'DELETE' && action === 'alerts')
		return done(deviceShape(m, clearAlerts(m, serial), shapeOptions(c.settings, now)));
	if (method !== 'POST') return undefined;
	if (action === 'asset') return done(assetShape(addAsset(m, serial, body, now), now));
	const change: Record<string, () => unknown> = {
		'last-seen': () => setLastSeen(m, serial, body, now),
		storage: () => setStorage(m, serial, body),
		usage: () => setUsage(m, serial, body),
		hidden: () => setHidden(m, serial, body),
		alert: () => addAlert(m, serial, body, now),
	};
	if (!change[action]) return undefined;
	change[action]();
	return done(deviceShape(m, applianceOf(m, serial), shapeOptions(c.settings, now)));
}

/** The routes below /_datto that change the portal (`parts` decoded: `device`, serial, …). */
export function ownAdminRoutes(c: DattoLive) {
	return (route: string, parts: string[], body: Body): Reply | undefined => {
		if (route === 'POST /device')
			return done(
				deviceShape(
					c.model,
					addAppliance(c.model, body ?? {}, c.now()),
					shapeOptions(c.settings, c.now()),
				),
			);
		const method = route.slice(0, route.indexOf(' '));
		return deviceRoute(c, method, parts, body) ?? assetRoute(c, method, parts, body);
	};
}
