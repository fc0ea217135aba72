/**
 * The stand-in's settings (start options, changeable through `PUT /_datto/settings`): latency, the
 * optional rate limit, and the answers the public record disagrees on (asset list shape, storage
 * units, organization fields). An unknown name or a wrong value is refused.
 */
import { AssetListShape } from './api';
import { STORAGE_UNITS, ShapeOptions, StorageUnit } from './shapes';

export interface DattoSettings {
	/** Added to every API answer. */
	latencyMs: number;
	/** Requests per rolling minute before 429 + Retry-After; 0: no limit. */
	rateLimitPerMinute: number;
	assetListShape: AssetListShape;
	/** Units of `localStorageUsed` / `localStorageAvailable`. */
	localUnits: StorageUnit;
	/** Units of `offsiteStorageUsed`. */
	offsiteUnits: StorageUnit;
	/** Send `organizationId` / `organizationName` on devices. */
	organizationFields: boolean;
}

export const DEFAULT_SETTINGS: DattoSettings = {
	latencyMs: 0,
	rateLimitPerMinute: 0,
	assetListShape: 'indexed',
	localUnits: 'GB',
	offsiteUnits: 'GB',
	organizationFields: true,
};

const wholeNumber = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const CHECKS: Record<keyof DattoSettings, [(v: unknown) => boolean, string]> = {
	latencyMs: [wholeNumber, 'a whole number >= 0'],
	rateLimitPerMinute: [wholeNumber, 'a whole number >= 0'],
	assetListShape: [(v) => v === 'indexed' || v === 'envelope', '"indexed" or "envelope"'],
	localUnits: [(v) => (STORAGE_UNITS as readonly unknown[]).includes(v), STORAGE_UNITS.join(', ')],
	offsiteUnits: [
		(v) => (STORAGE_UNITS as readonly unknown[]).includes(v),
		STORAGE_UNITS.join(', '),
	],
	organizationFields: [(v) => typeof v === 'boolean', 'true or false'],
};

/** Applies `changes` to `target`, all or nothing. */
export function applySettings(target: DattoSettings, changes: Record<string, unknown>): void {
	for (const [k, v] of Object.entries(changes ?? {})) {
		const check = CHECKS[k as keyof DattoSettings];
		if (!check)
			throw new Error(`unknown setting "${k}"; settings: ${Object.keys(CHECKS).join(', ')}`);
		if (!check[0](v)) throw new Error(`${k} must be ${check[1]}, got ${JSON.stringify(v)}`);
	}
	Object.assign(target, changes);
}

/** How the wire shapes read the settings, at `now`. */
export const shapeOptions = (s: DattoSettings, now: number): ShapeOptions => ({
	now,
	units: { local: s.localUnits, offsite: s.offsiteUnits },
	organizationFields: s.organizationFields,
});
