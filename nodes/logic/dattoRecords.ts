/**
 * The Datto BCDR API v1 records this package reads, as the public record describes them
 * (sandbox/datto/README.md names the sources), and the small readers that make them safe to use.
 * Pure: no n8n, no HTTP. Every field is optional: a record missing one still maps to an event.
 */

/** `{size, units}`: units B, Bytes, KB, MB, GB, TB (binary multiples, as public clients read them). */
export interface DattoStorage {
	size?: number | string | null;
	units?: string | null;
}

export interface DattoDevice {
	serialNumber: string;
	name?: string | null;
	model?: string | null;
	/** ISO 8601 (`2026-03-01T11:58:00+00:00`). */
	lastSeenDate?: string | null;
	clientCompanyName?: string | null;
	/** Newer responses only. */
	organizationId?: number | string | null;
	organizationName?: string | null;
	hidden?: boolean | null;
	servicePeriod?: string | null;
	localStorageUsed?: DattoStorage | null;
	localStorageAvailable?: DattoStorage | null;
	offsiteStorageUsed?: DattoStorage | null;
	agentCount?: number | null;
	shareCount?: number | null;
	alertCount?: number | null;
	remoteWebUrl?: string | null;
}

export interface DattoBackup {
	timestamp?: string | number | null;
	backup?: { status?: string | null; errorMessage?: string | null } | null;
	localVerification?: { status?: string | null } | null;
	advancedVerification?: {
		screenshotVerification?: { status?: string | null; image?: string | null } | null;
	} | null;
}

/** An agent or a share on an appliance. Times are unix seconds. */
export interface DattoAsset {
	name?: string | null;
	volume?: string | null;
	os?: string | null;
	type?: string | null;
	isPaused?: boolean | null;
	isArchived?: boolean | null;
	lastSnapshot?: number | null;
	latestOffsite?: number | null;
	lastScreenshotAttempt?: number | null;
	lastScreenshotAttemptStatus?: boolean | null;
	lastScreenshotUrl?: string | null;
	backups?: DattoBackup[] | null;
}

export interface DattoPage<T> {
	pagination?: { page?: number; perPage?: number; totalPages?: number; count?: number } | null;
	items?: T[] | null;
}

const POWER: Record<string, number> = {
	b: 0,
	byte: 0,
	bytes: 0,
	kb: 1,
	kib: 1,
	mb: 2,
	mib: 2,
	gb: 3,
	gib: 3,
	tb: 4,
	tib: 4,
	pb: 5,
	pib: 5,
};

/**
 * `{size, units}` in bytes (units by 1024, as every public client converts them); `undefined` for a
 * unit nobody documents, so a figure is never billed in the wrong unit. Absent or null: 0.
 */
export function storageBytes(value: DattoStorage | null | undefined): number | undefined {
	if (value === null || value === undefined) return 0;
	const size = typeof value.size === 'string' ? Number(value.size) : value.size;
	if (size === null || size === undefined) return 0;
	if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) return undefined;
	const power =
		POWER[
			String(value.units ?? 'GB')
				.trim()
				.toLowerCase()
		];
	if (power === undefined) return undefined;
	return Math.round(size * 1024 ** power);
}

/**
 * An asset list in any of the shapes seen: an array, an object keyed "0", "1", … (measured live),
 * or the `{pagination, items}` envelope of the older documentation.
 */
export function assetItems(body: unknown): DattoAsset[] {
	if (Array.isArray(body)) return body as DattoAsset[];
	if (!body || typeof body !== 'object') return [];
	const items = (body as DattoPage<DattoAsset>).items;
	if (Array.isArray(items)) return items;
	const keys = Object.keys(body).filter((k) => /^\d+$/.test(k));
	return keys
		.sort((a, b) => Number(a) - Number(b))
		.map((k) => (body as Record<string, DattoAsset>)[k]);
}

/** Total pages of an envelope (0 when nothing to list); undefined when the body is no envelope. */
export function totalPages(body: unknown): number | undefined {
	const p =
		body && typeof body === 'object' && !Array.isArray(body)
			? (body as DattoPage<unknown>).pagination
			: undefined;
	return p && typeof p.totalPages === 'number' ? p.totalPages : undefined;
}

/** Unix seconds (or ms, or an ISO text) as ISO 8601 UTC; 0, null and junk as undefined (never). */
export function dattoTime(value: unknown): string | undefined {
	if (typeof value === 'number')
		return Number.isFinite(value) && value > 0
			? new Date(value < 1e11 ? value * 1000 : value).toISOString()
			: undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	if (/^\d+$/.test(value.trim())) return dattoTime(Number(value));
	const ms = Date.parse(value.trim());
	return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The organization a device belongs to: its id, or (older responses) its client company name. */
export function organizationOf(device: DattoDevice): { id: string; name?: string } | undefined {
	const id = device.organizationId;
	const company =
		typeof device.clientCompanyName === 'string' ? device.clientCompanyName.trim() : '';
	const name =
		(typeof device.organizationName === 'string' && device.organizationName.trim()) ||
		company ||
		undefined;
	if (id !== undefined && id !== null && String(id).trim() !== '')
		return { id: String(id).trim(), ...(name ? { name } : {}) };
	return company ? { id: company, name: company } : undefined;
}

export function isShare(asset: DattoAsset): boolean {
	return String(asset.type ?? '').toLowerCase() === 'share';
}

/** Server or workstation where the OS says so; undefined where it does not (shares, no OS). */
export function agentKind(asset: DattoAsset): 'server' | 'workstation' | undefined {
	if (isShare(asset)) return undefined;
	const os = String(asset.os ?? '').trim();
	if (!os) return undefined;
	return /server|linux|ubuntu|debian|centos|red hat|rhel|esx|hyper-v/i.test(os)
		? 'server'
		: 'workstation';
}

/** Backups newest first, whatever order they came in. */
export function backupsNewestFirst(asset: DattoAsset): DattoBackup[] {
	const list = Array.isArray(asset.backups) ? asset.backups.filter(Boolean) : [];
	return [...list].sort(
		(a, b) =>
			Date.parse(dattoTime(b.timestamp) ?? '') - Date.parse(dattoTime(a.timestamp) ?? '') || 0,
	);
}
