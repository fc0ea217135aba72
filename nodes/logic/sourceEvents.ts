/**
 * What every polled source (x360Recover, Datto BCDR) shares when it turns vendor records into our
 * normalised events (pure: no n8n, no HTTP): the state of one (record, condition) as a signal, the
 * deterministic eventId built from that state, the problem or OK event itself, the client filter,
 * the usage report skeleton and the List Clients item Map Customer's Suggest Mappings reads.
 *
 * Nothing is remembered between polls: the same state seen again gives the same eventId and the
 * same message (so Note Repeats "When the State Changes" adds no note), a changed state a new one.
 */
import type { EventType, Severity } from './eventTypes';

/** One (record, condition)'s current problem, as the vendor shows it. */
export interface Signal {
	severity: Severity;
	/** The vendor word or our name for this state (TROUBLED, OFFLINE, OVER_95_PERCENT…). */
	state: string;
	/** The vendor's reason, or our name of the check ('' when none). */
	reason: string;
	/** The vendor time of this state, stable while it lasts; '' when none. */
	timestamp: string;
	failingSince?: string;
	/** The message body, stable while the state lasts (no ages, no exact percentages). */
	text: string;
	jobIds?: number[];
}

const RANK: Record<Severity, number> = { ok: 0, info: 1, warning: 2, error: 3, critical: 4 };

export function worse(a: Severity, b: Severity): boolean {
	return RANK[a] > RANK[b];
}

/** The worst signal; the first of equals. */
export function pickWorst(signals: Array<Signal | undefined>): Signal | undefined {
	let best: Signal | undefined;
	for (const s of signals) if (s && (!best || worse(s.severity, best.severity))) best = s;
	return best;
}

/** `prefix:part:…:condition:STATE:time`, '' state as NORMAL and '' time as '-'. */
export function sourceEventId(
	prefix: string,
	scope: string[],
	condition: string,
	state: string,
	timestamp: string,
): string {
	return [prefix, ...scope, condition, state || 'NORMAL', timestamp || '-'].join(':');
}

/** The client filter as a predicate. */
export function clientFilter(
	clientIds: readonly string[] | undefined,
): (id: number | string | undefined) => boolean {
	const wanted = new Set((clientIds ?? []).map((c) => String(c).trim()).filter((c) => c !== ''));
	return (id) => id !== undefined && id !== null && (wanted.size === 0 || wanted.has(String(id)));
}

/** What every source's Device Health takes: the poll time, the conditions and clients to report, the storage levels. */
export interface SourceHealthOptions<C extends string> {
	/** The poll time. */
	now: Date;
	/** Conditions to report; empty or absent = all. */
	conditions?: readonly C[];
	/** Client (organization) ids to report, as strings; empty or absent = every client. */
	clientIds?: readonly string[];
	/** Pool fill that is a warning (percent). */
	storageWarningPercent?: number;
	/** Pool fill that is an error (percent). */
	storageErrorPercent?: number;
}

/** The storage levels both vendors' own portals default to. */
export const DEFAULT_STORAGE_PERCENT = {
	storageWarningPercent: 85,
	storageErrorPercent: 95,
} as const;

/** Whether a condition is reported: none chosen means all. */
export function included<C extends string>(
	options: Pick<SourceHealthOptions<C>, 'conditions'>,
	condition: C,
): boolean {
	return (
		!options.conditions || options.conditions.length === 0 || options.conditions.includes(condition)
	);
}

/**
 * A pool's fill against the two levels. The band, not the exact percentage, is what names the state
 * (`OVER_<level>_PERCENT`), so a pool growing within one band stays one state with one eventId.
 */
export function storageBand(
	usedBytes: number,
	totalBytes: number,
	warnAt: number,
	errorAt: number,
): { percent: number; band: Severity; level: number } {
	const percent = totalBytes > 0 ? Math.round((usedBytes / totalBytes) * 1000) / 10 : 0;
	const band: Severity = percent >= errorAt ? 'error' : percent >= warnAt ? 'warning' : 'ok';
	return { percent, band, level: band === 'error' ? errorAt : warnAt };
}

export function formatBytes(n: number): string {
	if (n >= 1e12) return `${(n / 1e12).toFixed(1)} TB`;
	if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
	if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
	return `${n} B`;
}

/** Minutes from an ISO time to now; undefined without a time. */
export function minutesSince(fromIso: string | undefined, now: Date): number | undefined {
	if (!fromIso) return undefined;
	return (now.getTime() - Date.parse(fromIso)) / 60_000;
}

export interface StateEventInit<C extends string, T> {
	/** The eventId's first part: 'x360', 'datto'. */
	idPrefix: string;
	/** The eventId's scope after the prefix (client, record…). */
	scope: string[];
	receivedAt: string;
	customer: { id: string; name?: string };
	device: { id: string; name?: string; serial?: string };
	machine?: { id?: string; name: string };
	condition: C;
	/** The problem, or undefined for OK. */
	signal: Signal | undefined;
	/** The full message (vendor name, text and any detail). */
	message: string;
	type: EventType;
	/** For an OK: the vendor time that names this OK ('' when none); a problem uses its signal's. */
	okTimestamp?: string;
	/** The vendor trace, under `traceKey` (x360, datto). */
	traceKey: string;
	trace: T;
}

/** One event of the contract: a problem from its signal, or an OK. */
export function stateEvent<C extends string, T>(init: StateEventInit<C, T>) {
	const { signal } = init;
	const timestamp = signal ? signal.timestamp : (init.okTimestamp ?? '');
	return {
		eventId: sourceEventId(
			init.idPrefix,
			init.scope,
			init.condition,
			signal ? signal.state : 'OK',
			timestamp,
		),
		occurredAt: timestamp || init.receivedAt,
		receivedAt: init.receivedAt,
		customer: init.customer,
		device: init.device,
		...(init.machine ? { machine: init.machine } : {}),
		condition: init.condition,
		type: init.type,
		originalType: (signal?.reason || init.type) as string,
		severity: (signal ? signal.severity : 'ok') as Severity,
		message: init.message,
		...(signal?.failingSince ? { failingSince: signal.failingSince } : {}),
		[init.traceKey]: init.trace,
	};
}

export interface Usage {
	licenses: { appliance: number; server: number; workstation: number };
	storage: { localBytes: number; offsiteBytes: number };
}

/** A client's usage report before its figures are added (Sync Billing sums the latest one per device.id). */
export interface UsageReport {
	eventId: string;
	occurredAt: string;
	receivedAt: string;
	customer: { id: string; name?: string };
	device: { id: string; name?: string };
	type: 'usage_report';
	originalType: 'usage_report';
	condition: 'usage';
	severity: 'info';
	message: string;
	usage: Usage;
}

export function usageSkeleton<K extends string, T>(init: {
	idPrefix: string;
	vendor: string;
	id: string;
	name?: string;
	at: string;
	traceKey: K;
	trace: T;
}): UsageReport & { [P in K]: T } {
	const event = {
		eventId: `${init.idPrefix}:usage:c${init.id}:${init.at}`,
		occurredAt: init.at,
		receivedAt: init.at,
		customer: { id: init.id, ...(init.name ? { name: init.name } : {}) },
		device: {
			id: `client:${init.id}`,
			name: init.name ? `${init.name} (${init.vendor})` : `${init.vendor} client ${init.id}`,
		},
		type: 'usage_report' as const,
		originalType: 'usage_report' as const,
		condition: 'usage' as const,
		severity: 'info' as const,
		message: '',
		usage: {
			licenses: { appliance: 0, server: 0, workstation: 0 },
			storage: { localBytes: 0, offsiteBytes: 0 },
		} as Usage,
		[init.traceKey]: init.trace,
	};
	return event as unknown as UsageReport & { [P in K]: T };
}

/** "<source> usage of <client>: 3 server, 10 workstation, 1 appliance; local 500.0 GB, offsite 800.0 GB". */
export function usageMessage(source: string, clientLabel: string, usage: Usage): string {
	const l = usage.licenses;
	const s = usage.storage;
	return (
		`${source} usage of ${clientLabel}: ${l.server} server, ${l.workstation} workstation, ${l.appliance} appliance; ` +
		`local ${(s.localBytes / 1e9).toFixed(1)} GB, offsite ${(s.offsiteBytes / 1e9).toFixed(1)} GB`
	);
}

/** One List Clients item: `customer.id` / `customer.name` are what Map Customer reads by default; `extra` the vendor's own fields. */
export function clientListItem<E extends object>(
	id: string | number,
	name: string | undefined,
	extra: E,
) {
	return { customer: { id: String(id), ...(name ? { name } : {}) }, ...extra };
}

/** Sorted by name, then id: the order List Clients emits. */
export function byNameThenId<R>(
	name: (r: R) => string,
	id: (r: R) => string | number,
): (a: R, b: R) => number {
	return (a, b) =>
		name(a).localeCompare(name(b)) ||
		String(id(a)).localeCompare(String(id(b)), undefined, { numeric: true });
}
