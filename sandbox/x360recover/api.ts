/**
 * Answers of the product API for a matched route: reads the model, applies the documented query
 * parameters and returns the shapes of shapes.ts. Lists come back as arrays, also where the OpenAPI
 * file documents one object (`/client`, `/appliance`, `/client/{id}/appliance`, `/vault`, job history).
 */
import { Answer, badRequest, notFound, ok } from './errors';
import {
	X360Device,
	X360Model,
	appliancesOfClient,
	devicesOfClient,
	findAppliance,
	findClient,
	findDevice,
	findVault,
} from './model';
import { Matched } from './routes';
import {
	JobKind,
	applianceShape,
	autoverifyShape,
	clientShape,
	deviceShape,
	jobHistory,
	jobShape,
	restorePointShape,
	vaultShape,
} from './shapes';

export interface ApiRequest {
	matched: Matched;
	query: URLSearchParams;
	body: unknown;
	now: number;
}

class BadParam extends Error {}

function bool(q: URLSearchParams, name: string, fallback: boolean): boolean {
	const v = q.get(name);
	if (v === null) return fallback;
	if (/^true$/i.test(v)) return true;
	if (/^false$/i.test(v)) return false;
	throw new BadParam(`'${v}' is not of type 'boolean' - '${name}'`);
}

function int(q: URLSearchParams, name: string): number | undefined {
	const v = q.get(name);
	if (v === null) return undefined;
	if (!/^\d+$/.test(v)) throw new BadParam(`'${v}' is not of type 'integer' - '${name}'`);
	return Number(v);
}

function page<T>(list: T[], q: URLSearchParams): T[] {
	const offset = int(q, 'offset') ?? 0;
	const limit = int(q, 'limit');
	return list.slice(offset, limit === undefined ? undefined : offset + limit);
}

type Handler = (m: X360Model, r: ApiRequest) => Answer;

const withDevice = (m: X360Model, id: number, then: (d: X360Device) => Answer): Answer => {
	const d = findDevice(m, id);
	return d ? then(d) : notFound('Device', id);
};

/** A device under a client, as the job routes address it. */
function withClientDevice(
	m: X360Model,
	p: Record<string, number>,
	then: (d: X360Device) => Answer,
): Answer {
	if (!findClient(m, p.client_id)) return notFound('Client', p.client_id);
	const d = findDevice(m, p.device_id);
	return d && d.clientId === p.client_id ? then(d) : notFound('Device', p.device_id);
}

function jobOf(d: X360Device, jobId: number): JobKind | undefined {
	if (jobId === d.backupJobId) return 'backup';
	if (jobId === d.replicationJobId) return 'replication';
	return undefined;
}

const HANDLERS: Record<string, Handler> = {
	'GET /organization': (m) => {
		const o = m.organization;
		return ok({
			id: o.id,
			name: o.name,
			active: o.active,
			brand_id: o.brandId,
			salesforce_id: o.salesforceId,
		});
	},
	'GET /client': (m, r) => {
		const withAppliances = bool(r.query, 'include_appliances', false);
		return ok(m.clients.map((c) => clientShape(m, c, withAppliances)));
	},
	'GET /client/{client_id}': (m, r) => {
		const c = findClient(m, r.matched.params.client_id);
		return c
			? ok(clientShape(m, c, bool(r.query, 'include_appliances', false)))
			: notFound('Client', r.matched.params.client_id);
	},
	'GET /client/{client_id}/appliance': (m, r) => {
		const id = r.matched.params.client_id;
		const withDevices = bool(r.query, 'include_devices', true);
		return findClient(m, id)
			? ok(appliancesOfClient(m, id).map((a) => applianceShape(m, a, withDevices)))
			: notFound('Client', id);
	},
	'GET /client/{client_id}/device': (m, r) => {
		const id = r.matched.params.client_id;
		if (!findClient(m, id)) return notFound('Client', id);
		const serviceId = r.query.get('service_id');
		const d2cOnly = bool(r.query, 'd2c_only', false);
		const appliance =
			serviceId === null ? undefined : m.appliances.find((a) => a.serviceId === serviceId);
		if (serviceId !== null && !appliance) return notFound('Service', serviceId);
		const list = devicesOfClient(m, id).filter(
			(d) => !d2cOnly && (!appliance || d.applianceId === appliance.id),
		);
		return ok(list.map((d) => deviceShape(m, d)));
	},
	'GET /client/{client_id}/device/{device_id}/job': (m, r) =>
		withClientDevice(m, r.matched.params, (d) =>
			ok(
				(['backup', 'replication'] as JobKind[]).map((k) =>
					jobShape(d, k, findVault(m, d.vaultId)),
				),
			),
		),
	'GET /client/{client_id}/device/{device_id}/job/{job_id}': (m, r) =>
		withClientDevice(m, r.matched.params, (d) => {
			const kind = jobOf(d, r.matched.params.job_id);
			return kind
				? ok(jobShape(d, kind, findVault(m, d.vaultId)))
				: notFound('Job', r.matched.params.job_id);
		}),
	'GET /client/{client_id}/device/{device_id}/job/{job_id}/history': (m, r) =>
		withClientDevice(m, r.matched.params, (d) => {
			const kind = jobOf(d, r.matched.params.job_id);
			if (!kind) return notFound('Job', r.matched.params.job_id);
			const since = int(r.query, 'starttime_begin');
			const runs = jobHistory(d, kind, r.now).filter(
				(run) => since === undefined || Date.parse(run.start_time as string) >= since * 1000,
			);
			return ok(page(runs, r.query));
		}),
	'GET /appliance': (m, r) => {
		const withDevices = bool(r.query, 'include_devices', true);
		const serviceId = r.query.get('service_id');
		return ok(
			m.appliances
				.filter((a) => serviceId === null || a.serviceId === serviceId)
				.map((a) => applianceShape(m, a, withDevices)),
		);
	},
	'GET /appliance/{appliance_id}': (m, r) => {
		const a = findAppliance(m, r.matched.params.appliance_id);
		return a
			? ok(applianceShape(m, a, bool(r.query, 'include_devices', true)))
			: notFound('Appliance', r.matched.params.appliance_id);
	},
	'GET /device': (m, r) => ok(page(m.devices, r.query).map((d) => deviceShape(m, d))),
	'GET /device/{device_id}': (m, r) =>
		withDevice(m, r.matched.params.device_id, (d) => ok(deviceShape(m, d))),
	'GET /device/{device_id}/autoverify': (m, r) =>
		withDevice(m, r.matched.params.device_id, (d) => ok(autoverifyShape(d))),
	'GET /device/{device_id}/restore_point': (m, r) =>
		withDevice(m, r.matched.params.device_id, (d) => ok(restorePointShape(d))),
	'GET /vault': (m, r) => {
		const type = r.query.get('vault_type');
		if (type !== null && type !== 'Private' && type !== 'Cloud')
			throw new BadParam(`'${type}' is not one of ['Private', 'Cloud'] - 'vault_type'`);
		const active = r.query.has('active') ? bool(r.query, 'active', true) : undefined;
		const withDevices = bool(r.query, 'include_devices', true);
		bool(r.query, 'with_url', false);
		const limit = int(r.query, 'limit');
		const list = m.vaults.filter(
			(v) => (type === null || v.type === type) && (active === undefined || active === true),
		);
		return ok(list.slice(0, limit).map((v) => vaultShape(m, v, withDevices)));
	},
	'GET /vault/{vault_id}': (m, r) => {
		const v = findVault(m, r.matched.params.vault_id);
		return v ? ok(vaultShape(m, v, true)) : notFound('Vault', r.matched.params.vault_id);
	},
	'GET /vault/{vault_id}/threshold/connectivity': (m, r) => {
		const v = findVault(m, r.matched.params.vault_id);
		return v
			? ok({ threshold: v.connectivityThresholdMinutes })
			: notFound('Vault', r.matched.params.vault_id);
	},
	'POST /vault/{vault_id}/threshold/connectivity': (m, r) => {
		const v = findVault(m, r.matched.params.vault_id);
		if (!v) return notFound('Vault', r.matched.params.vault_id);
		const t = (r.body as { threshold?: unknown } | undefined)?.threshold;
		if (!Number.isInteger(t) || (t as number) < 0)
			return badRequest(`${JSON.stringify(t ?? null)} is not of type 'integer' - 'threshold'`);
		v.connectivityThresholdMinutes = t as number;
		return ok({ threshold: v.connectivityThresholdMinutes });
	},
};

export function answerApi(model: X360Model, request: ApiRequest): Answer {
	try {
		return HANDLERS[request.matched.route](model, request);
	} catch (error) {
		if (error instanceof BadParam) return badRequest(error.message);
		throw error;
	}
}
