/** Request counts by route and a capped request log (never headers or bodies), as the admin APIs show them. */

export interface Counts {
	total: number;
	byRoute: Record<string, number>;
}

/** What the stand-ins log of each API request. */
export interface RequestLogEntry {
	at: string;
	method: string;
	/** Route key (`GET /device/{device_id}`) or 'unknown route'. */
	route: string;
	/** The query string (paging, filters); keys are never in it. */
	query: string;
	status: number;
	ms: number;
}

/** Enough for any test or benchmark run; older entries are dropped first. */
const LOG_LIMIT = 20_000;

export class RequestLog<E = RequestLogEntry> {
	private counted: Counts = { total: 0, byRoute: {} };
	private entries: E[] = [];

	count(route: string): void {
		this.counted.total++;
		this.counted.byRoute[route] = (this.counted.byRoute[route] ?? 0) + 1;
	}

	record(entry: E): void {
		this.entries.push(entry);
		if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
	}

	/** Copies, so callers cannot change what is counted. */
	counts(): Counts {
		return structuredClone(this.counted);
	}

	log(): E[] {
		return structuredClone(this.entries);
	}

	clear(): void {
		this.counted = { total: 0, byRoute: {} };
		this.entries = [];
	}
}
