/**
 * What the admin API changes in the model: an appliance's last-seen time (offline), storage fill and
 * usage, hidden flag and alerts; an asset's backup result, snapshot and offsite age, screenshot
 * verification, pause; new appliances and assets. Each validates its input and throws an Error with the
 * reason (the admin API answers 400).
 */
import { newAppliance, newAsset, nextAssetId, slug } from './build';
import {
	DattoAppliance,
	DattoAsset,
	DattoModel,
	findAppliance,
	findAsset,
	findOrganization,
} from './model';

const MINUTE = 60_000;
/** Datto's example alert: "Device Not Seen Alert", threshold 60 Minutes. */
export const NOT_SEEN = { type: 'Device Not Seen Alert', threshold: 60, unit: 'Minutes' };

function need<T>(found: T | undefined, what: string, id: unknown): T {
	if (found === undefined) throw new Error(`no ${what} ${JSON.stringify(id)}`);
	return found;
}

const wholeNumber = (v: unknown, name: string): number => {
	if (!Number.isInteger(v) || (v as number) < 0)
		throw new Error(`${name} must be a whole number >= 0, got ${JSON.stringify(v)}`);
	return v as number;
};

const gbValue = (v: unknown, name: string): number => {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
		throw new Error(`${name} must be a number of GB >= 0, got ${JSON.stringify(v)}`);
	return v;
};

const timeOf = (iso: unknown, now: number): number => {
	if (iso === undefined) return now;
	const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
	if (Number.isNaN(t))
		throw new Error(`a time must be an ISO 8601 date-time, got ${JSON.stringify(iso)}`);
	return t;
};

export const applianceOf = (m: DattoModel, serial: string): DattoAppliance =>
	need(findAppliance(m, serial), 'device with serial number', serial);
export const assetOf = (a: DattoAppliance, key: string): DattoAsset =>
	need(findAsset(a, key), `asset on ${a.serialNumber} named`, key);

/** Last seen `minutesAgo`; from 60 minutes a "Device Not Seen Alert" is raised once per offline spell. */
export function setLastSeen(
	m: DattoModel,
	serial: string,
	body: { minutesAgo?: unknown },
	now: number,
): DattoAppliance {
	const a = applianceOf(m, serial);
	const minutes = wholeNumber(body?.minutesAgo, 'minutesAgo');
	a.lastSeen = now - minutes * MINUTE;
	const raised = a.alerts.some((x) => x.type === NOT_SEEN.type && x.triggeredAt > a.lastSeen);
	if (minutes >= NOT_SEEN.threshold && !raised) {
		const at = a.lastSeen + NOT_SEEN.threshold * MINUTE;
		a.alerts.push({ ...NOT_SEEN, triggeredAt: at, sentAt: at });
	}
	return a;
}

/** Local pool fill: `{fraction}` of the pool, or `{usedGb, availableGb}`. */
export function setStorage(
	m: DattoModel,
	serial: string,
	body: { fraction?: unknown; usedGb?: unknown; availableGb?: unknown },
): DattoAppliance {
	const a = applianceOf(m, serial);
	const pool = a.localUsedGb + a.localAvailableGb;
	if (body?.fraction !== undefined) {
		const f = body.fraction;
		if (typeof f !== 'number' || f < 0 || f > 1)
			throw new Error('fraction must be a number from 0 to 1');
		a.localUsedGb = Math.round(pool * f);
		a.localAvailableGb = pool - a.localUsedGb;
		return a;
	}
	if (body?.usedGb === undefined && body?.availableGb === undefined)
		throw new Error('give fraction (0..1) or usedGb / availableGb');
	if (body.usedGb !== undefined) a.localUsedGb = gbValue(body.usedGb, 'usedGb');
	if (body.availableGb !== undefined) a.localAvailableGb = gbValue(body.availableGb, 'availableGb');
	return a;
}

/** Usage for billing: local used (the pool size stays) and offsite used, in GB. */
export function setUsage(
	m: DattoModel,
	serial: string,
	body: { localUsedGb?: unknown; offsiteUsedGb?: unknown },
): DattoAppliance {
	const a = applianceOf(m, serial);
	if (body?.localUsedGb === undefined && body?.offsiteUsedGb === undefined)
		throw new Error('give localUsedGb and/or offsiteUsedGb');
	if (body.localUsedGb !== undefined) {
		const pool = a.localUsedGb + a.localAvailableGb;
		a.localUsedGb = gbValue(body.localUsedGb, 'localUsedGb');
		a.localAvailableGb = Math.max(0, pool - a.localUsedGb);
	}
	if (body.offsiteUsedGb !== undefined)
		a.offsiteUsedGb = gbValue(body.offsiteUsedGb, 'offsiteUsedGb');
	return a;
}

export function setHidden(
	m: DattoModel,
	serial: string,
	body: { hidden?: unknown },
): DattoAppliance {
	const a = applianceOf(m, serial);
	if (typeof body?.hidden !== 'boolean') throw new Error('hidden must be true or false');
	a.hidden = body.hidden;
	return a;
}

export function addAlert(
	m: DattoModel,
	serial: string,
	body: { type?: unknown; threshold?: unknown; unit?: unknown; dateTriggered?: unknown },
	now: number,
): DattoAppliance {
	const a = applianceOf(m, serial);
	if (typeof body?.type !== 'string' || body.type === '')
		throw new Error('type must be a non-empty string, e.g. "Device Not Seen Alert"');
	const at = timeOf(body.dateTriggered, now);
	a.alerts.push({
		type: body.type,
		threshold: body.threshold === undefined ? 0 : wholeNumber(body.threshold, 'threshold'),
		unit: typeof body.unit === 'string' ? body.unit : 'Minutes',
		triggeredAt: at,
		sentAt: at,
	});
	return a;
}

export function clearAlerts(m: DattoModel, serial: string): DattoAppliance {
	const a = applianceOf(m, serial);
	a.alerts = [];
	return a;
}

/** `failure` (with errorMessage): every run from now fails; `success`: a good snapshot now, the failure ends. */
export function setBackup(
	x: DattoAsset,
	body: { status?: unknown; errorMessage?: unknown; since?: unknown },
	now: number,
): void {
	if (body?.status === 'failure') {
		const message =
			typeof body.errorMessage === 'string' && body.errorMessage !== ''
				? body.errorMessage
				: 'Backup failed';
		x.failure = { since: timeOf(body.since, now), message };
	} else if (body?.status === 'success') {
		x.failure = null;
		x.lastSnapshot = now;
	} else throw new Error('status must be "failure" or "success"');
}

export function setSnapshotAge(x: DattoAsset, body: { minutes?: unknown }, now: number): void {
	x.lastSnapshot = now - wholeNumber(body?.minutes, 'minutes') * MINUTE;
}

/** Latest offsite `minutes` ago; `null` (never synced). */
export function setOffsiteAge(x: DattoAsset, body: { minutes?: unknown }, now: number): void {
	x.latestOffsite =
		body?.minutes === null ? null : now - wholeNumber(body?.minutes, 'minutes') * MINUTE;
}

/** A screenshot verification of the latest snapshot, now: `failed` or `passed`. */
export function setScreenshot(x: DattoAsset, body: { result?: unknown }, now: number): void {
	if (x.kind !== 'agent')
		throw new Error(`${x.name} is a share: shares have no screenshot verification`);
	if (body?.result !== 'failed' && body?.result !== 'passed')
		throw new Error('result must be "failed" or "passed"');
	x.screenshot = { at: now, ok: body.result === 'passed', snapshotAt: x.lastSnapshot };
}

export function setPaused(x: DattoAsset, body: { paused?: unknown }): void {
	if (typeof body?.paused !== 'boolean') throw new Error('paused must be true or false');
	x.isPaused = body.paused;
}

export interface NewAppliance {
	organizationId: number;
	/** Where `/bcdr/device` lists it: first (shifts every later page by one) or last (default). */
	position?: 'start' | 'end';
	agents?: number;
	localGb?: number;
	offsiteGb?: number;
}

/** A new appliance of an organization (unknown id: a new organization, which needs `name`), with `agents` workstation agents. */
export function addAppliance(
	m: DattoModel,
	spec: NewAppliance & { name?: string },
	now: number,
): DattoAppliance {
	const orgId = wholeNumber(spec?.organizationId, 'organizationId');
	let org = findOrganization(m, orgId);
	if (!org) {
		if (typeof spec.name !== 'string' || spec.name === '')
			throw new Error(`no organization ${orgId}; give a name to create it`);
		org = { id: orgId, name: spec.name, clientCompanyName: spec.name };
		m.organizations.push(org);
	}
	const n = m.appliances.filter((x) => x.organizationId === orgId).length + 1;
	const a = newAppliance(
		org,
		n,
		gbValue(spec.localGb ?? 100, 'localGb'),
		gbValue(spec.offsiteGb ?? 100, 'offsiteGb'),
		now,
	);
	const agents = spec.agents === undefined ? 1 : wholeNumber(spec.agents, 'agents');
	let id = nextAssetId(m);
	for (let i = 1; i <= agents; i++)
		a.assets.push(
			newAsset(
				a,
				{
					kind: 'agent',
					name: `NEW-${a.serialNumber.slice(-4)}-${i}`,
					server: false,
					domain: `${slug(org.name)}.local`,
				},
				id++,
				now,
			),
		);
	if (spec.position === 'start') m.appliances.unshift(a);
	else m.appliances.push(a);
	return a;
}

/** A new protected agent (or share) on an appliance. */
export function addAsset(
	m: DattoModel,
	serial: string,
	body: { name?: unknown; kind?: unknown; server?: unknown },
	now: number,
): DattoAsset {
	const a = applianceOf(m, serial);
	if (typeof body?.name !== 'string' || body.name === '')
		throw new Error('name must be a non-empty string');
	if (findAsset(a, body.name))
		throw new Error(`${a.serialNumber} already has an asset named ${body.name}`);
	const kind = body.kind === 'share' ? 'share' : 'agent';
	const x = newAsset(
		a,
		{ kind, name: body.name, server: body.server === true, domain: `${slug(a.name)}.local` },
		nextAssetId(m),
		now,
	);
	a.assets.push(x);
	return x;
}
