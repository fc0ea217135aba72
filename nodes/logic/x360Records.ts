/**
 * The x360Recover API records this package reads, as the public record describes them
 * (Axcient's OpenAPI file 0.3.1 and what public clients observed in production), and the
 * small readers that make them safe to use. Pure: no n8n, no HTTP.
 *
 * Every field is optional here on purpose: the API is young, fields come and go, and a
 * record missing a field must still map to an event (with less detail), never crash a poll.
 */

/** NORMAL, WARNED, TROUBLED, PARKED (protected systems); appliances and vaults use the same words. */
export type X360HealthStatus = string;

export interface X360HealthState {
	status?: X360HealthStatus | null;
	reason?: string | null;
	/** When this state began (ISO 8601). */
	timestamp?: string | null;
}

export interface X360Client {
	id: number;
	name?: string;
	client_code?: string;
	/** Documented boolean; one public client types it as 0/1. */
	active?: boolean | number;
	health_status?: string;
	devices_counters?: Record<string, Array<{ type?: string; count?: number }>>;
}

export interface X360Threshold {
	value?: number;
	enabled?: boolean;
	overridden?: boolean;
}

export interface X360DeviceJob {
	id: number;
	name?: string;
	health_status?: string;
	/** Replibit jobs. */
	latest_rp?: string | null;
	/** BRC jobs. */
	latest_local_rp?: string | null;
	latest_cloud_rp?: string | null;
	/** Set on jobs that replicate to a vault. */
	vault_id?: number | null;
	offsite?: boolean;
}

export interface X360DeviceVault {
	id: number;
	type?: string;
	name?: string;
	latest_vault_rp?: string | null;
	device_usage?: number | null;
}

export interface X360AutoVerify {
	id?: string;
	timestamp?: string | null;
	start_timestamp?: string | null;
	end_timestamp?: string | null;
	rp?: string | null;
	/** "success" when the run completed, whatever its result; anything else when it could not complete. */
	status?: string | null;
	screenshot_url?: string | null;
	is_healthy?: boolean | null;
}

/** A protected system ("device" in the API). */
export interface X360Device {
	id: number;
	name?: string;
	client_id?: number;
	type?: string;
	service_id?: string;
	product?: string;
	d2c?: boolean;
	current_health_status?: X360HealthState | null;
	previous_health_status?: X360HealthState | null;
	local_usage?: number | null;
	local_total?: number | null;
	cloud_usage?: number | null;
	vault_usage?: number | null;
	vaults?: X360DeviceVault[] | null;
	jobs?: X360DeviceJob[] | null;
	latest_local_rp?: string | null;
	latest_cloud_rp?: string | null;
	latest_vault_rp?: string | null;
	device_details_page_url?: string | null;
	latest_autoverify_details?: X360AutoVerify | null;
	thresholds?: Record<string, X360Threshold | number | undefined> | null;
}

export interface X360StorageDetails {
	used_size?: number | null;
	drive_size?: number | null;
}

export interface X360Appliance {
	id: number;
	service_id?: string;
	client_id?: number;
	alias?: string;
	active?: boolean;
	product?: string;
	service_type?: string;
	tunnel_status?: string;
	last_tunnel_up?: string | null;
	storage_details?: X360StorageDetails | null;
	health_status?: string | null;
	health_status_reason?: string | null;
}

export interface X360Vault {
	id: number;
	service_id?: string;
	name?: string;
	active?: boolean;
	type?: string;
	tunnel_status?: string;
	last_tunnel_up?: string | null;
	storage_details?: X360StorageDetails | null;
	health_status?: string | null;
	health_status_reason?: string | null;
	vault_thresholds?: { connectivity_threshold?: number | null } | null;
	devices?: Array<{
		id?: number;
		appliance_id?: number;
		client?: { id?: number; name?: string } | null;
	}> | null;
}

/** One run of a job, from `…/job/{id}/history`. */
export interface X360JobRun {
	status?: string;
	start_time?: string | null;
	end_time?: string | null;
	rp?: string | null;
	error_msg?: string | null;
}

/**
 * Lists the OpenAPI file describes as one object (`/client`, `/appliance`, `/vault`) come back
 * as arrays in production. Accept both, and the `{ data: [...] }` envelope some gateways add.
 */
export function asList<T>(body: unknown): T[] {
	if (Array.isArray(body)) return body as T[];
	if (body && typeof body === 'object') {
		const data = (body as { data?: unknown }).data;
		if (Array.isArray(data)) return data as T[];
		if (Object.keys(body).length === 0) return [];
		return [body as T];
	}
	return [];
}

/**
 * A vendor time as ISO 8601 UTC, or undefined. Restore-point times carry no zone
 * ("2021-07-01T10:08:00"): they are read as UTC (an assumption, stated in docs/x360recover.md).
 */
export function vendorTime(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		// unix seconds (job history's starttime_begin is documented so)
		return new Date(value < 1e11 ? value * 1000 : value).toISOString();
	}
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const zoned =
		/([zZ]|[+-]\d{2}:?\d{2})$/.test(text) || !/T\d{2}:\d{2}/.test(text) ? text : `${text}Z`;
	const ms = Date.parse(zoned);
	return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A threshold in minutes: the documented `{ value, enabled }` object, or the plain number of the example. */
export function thresholdMinutes(
	value: X360Threshold | number | undefined | null,
): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
	if (!value || typeof value !== 'object' || value.enabled === false) return undefined;
	return typeof value.value === 'number' && value.value > 0 ? value.value : undefined;
}

/** Upper-case health word, or '' when absent. */
export function healthWord(value: unknown): string {
	return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

/** A non-negative byte count, or 0. */
export function bytes(value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

/** "FULL_90_PERCENT" → "full 90 percent", for messages. */
export function humaniseReason(reason: string | null | undefined): string {
	if (!reason) return '';
	return reason.trim().toLowerCase().replace(/_+/g, ' ');
}
