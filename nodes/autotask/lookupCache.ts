/**
 * Records found by a lookup value (a company by id, a company by its BDR customer id field), kept a
 * few minutes per worker so a stream of webhook executions does not re-read the same customer on
 * every event (issue #14: a new alert in 3 calls). Only found records are kept: a value that found
 * nothing is read again every time, so a mapping just added in Autotask is seen at once.
 */
export const LOOKUP_TTL_MS = 5 * 60 * 1000;

interface Entry {
	records: unknown[];
	at: number;
}

export class LookupCache {
	private readonly entries = new Map<string, Entry>();
	constructor(readonly ttlMs = LOOKUP_TTL_MS) {}

	/**
	 * The records for `values`: fresh cached ones, plus one `read` of the values not cached.
	 * `keysOf` says which lookup values a record answers (its id, its field value).
	 */
	async lookup<T extends { id: number }>(
		scope: string,
		values: Array<string | number>,
		now: number,
		read: (missing: Array<string | number>) => Promise<T[]>,
		keysOf: (record: T) => string[],
	): Promise<T[]> {
		const key = (value: string | number) => `${scope}|${String(value).trim().toLowerCase()}`;
		const found = new Map<number, T>();
		const missing: Array<string | number> = [];
		for (const value of values) {
			const entry = this.entries.get(key(value));
			if (entry && now - entry.at <= this.ttlMs)
				for (const r of entry.records as T[]) found.set(r.id, r);
			else missing.push(value);
		}
		if (!missing.length) return [...found.values()];
		const records = await read(missing);
		const byValue = new Map<string, T[]>();
		for (const record of records) {
			found.set(record.id, record);
			for (const k of keysOf(record))
				byValue.set(k.trim().toLowerCase(), [
					...(byValue.get(k.trim().toLowerCase()) ?? []),
					record,
				]);
		}
		for (const value of missing) {
			const hit = byValue.get(String(value).trim().toLowerCase());
			if (hit) this.entries.set(key(value), { records: hit, at: now });
		}
		return [...found.values()];
	}

	clear(): void {
		this.entries.clear();
	}
}

export const sharedLookupCache = new LookupCache();
