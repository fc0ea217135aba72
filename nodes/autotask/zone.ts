import type { AutotaskCredentials } from './types';

export const ZONE_LOOKUP_URL =
	'https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation';

const AUTOTASK_HOST = /^https:\/\/webservices\d*\.autotask\.net(\/|$)/i;

/** Normalises any accepted spelling to `<origin>/ATServicesRest/V1.0` (no trailing slash). */
export function normaliseBaseUrl(url: string): string {
	const trimmed = url.trim().replace(/\/+$/, '');
	if (/\/atservicesrest\/v1\.0$/i.test(trimmed)) return trimmed;
	if (/\/atservicesrest$/i.test(trimmed)) return `${trimmed}/V1.0`;
	return `${trimmed}/ATServicesRest/V1.0`;
}

export function isAutotaskHost(url: string): boolean {
	return AUTOTASK_HOST.test(url.trim());
}

/**
 * The base URL a credential names without a lookup, or undefined for auto-detection.
 * Throws a message naming the field when an explicit URL is not an Autotask host.
 */
export function explicitBaseUrl(credentials: AutotaskCredentials): string | undefined {
	if (credentials.zone === 'auto' || !credentials.zone) return undefined;
	const url =
		credentials.zone === 'custom' || credentials.zone === 'explicit'
			? (credentials.customUrl ?? '')
			: credentials.zone;
	if (!/^https?:\/\/[^/]+/i.test(url.trim())) {
		throw new Error(
			'Autotask credential: "Base URL" must be a full URL such as https://webservices5.autotask.net/ATServicesRest/V1.0',
		);
	}
	if (credentials.zone !== 'custom' && !isAutotaskHost(url)) {
		throw new Error(
			'Autotask credential: "Base URL" is not an Autotask host (https://webservicesN.autotask.net). Choose Zone "Custom URL" to use another server such as the local sandbox.',
		);
	}
	return normaliseBaseUrl(url);
}

interface ZoneEntry {
	baseUrl: string;
	at: number;
}

/** Zone lookups are cached per username: the zone of a tenant does not move during a run. */
export class ZoneCache {
	private readonly entries = new Map<string, ZoneEntry>();
	constructor(private readonly ttlMs = 6 * 60 * 60 * 1000) {}

	get(key: string, now: number): string | undefined {
		const entry = this.entries.get(key);
		if (!entry || now - entry.at > this.ttlMs) return undefined;
		return entry.baseUrl;
	}

	set(key: string, baseUrl: string, now: number): void {
		this.entries.set(key, { baseUrl, at: now });
	}

	clear(): void {
		this.entries.clear();
	}
}

export const sharedZoneCache = new ZoneCache();
