/**
 * The one x360Recover client of this package: every read goes through here, paced politely,
 * retried where that is safe (all of them are reads), and read with production's quirks in mind
 * (nodes/logic/x360Answers.ts). Transport-agnostic: the node hands it n8n's
 * httpRequestWithAuthentication (nodes/sources/n8n.ts); tests hand it anything.
 */
import { readAnswer } from '../../logic/x360Answers';
import { type X360Device, asList } from '../../logic/x360Records';
import {
	type CallRecord,
	PacedReader,
	type ReaderOptions,
	type Send,
	SourceApiError,
	type SourceRequest,
	normaliseBaseUrl as normaliseUrl,
} from '../../sources/reader';

export const PRODUCTION_URL = 'https://axapi.axcient.com/x360recover';
export const DEVICE_PAGE_SIZE = 100;

export type X360Request = SourceRequest;
export type { CallRecord, Send };

/** An answer that was not a success (after the retries it deserved), or no answer at all: the shared SourceApiError. */
export const X360ApiError = SourceApiError;
export type X360ApiError = SourceApiError;

/**
 * The shared reader's options, with the key to keep out of every message. Pace and burst default
 * to 4 (the API publishes no limit: stay well below what public clients use).
 */
export type ClientOptions = Omit<ReaderOptions, 'secrets'> & { apiKey?: string };

/** `https://host/x360recover/` → `https://host/x360recover`; refuses what is not an http(s) URL. */
export function normaliseBaseUrl(raw: string): string {
	return normaliseUrl(raw, PRODUCTION_URL);
}

const X360_VENDOR = {
	name: 'x360Recover',
	exampleUrl: PRODUCTION_URL,
	requestsPerSecond: 4,
	burst: 4,
	readAnswer,
};

export class X360RecoverClient extends PacedReader {
	constructor(options: ClientOptions) {
		const { apiKey, ...rest } = options;
		super(X360_VENDOR, { ...rest, secrets: [apiKey] });
	}

	/** A list endpoint: an array, or the single object the documentation describes. */
	async list<T>(path: string, qs?: X360Request['qs']): Promise<T[]> {
		return asList<T>(await this.get(path, qs));
	}

	/**
	 * Every protected system, paged by `limit`/`offset` until a short page (the API gives no total).
	 * A system added or removed while the scan runs shifts the pages: a system seen twice is kept once,
	 * and a shift seen that way triggers one more scan from the start, so the newcomer is not missed.
	 * A page that only repeats systems already seen ends a scan instead of looping.
	 */
	async allDevices(pageSize = DEVICE_PAGE_SIZE, maxPages = 2000): Promise<X360Device[]> {
		const seen = new Map<number, X360Device>();
		for (let pass = 0; pass < 2; pass++) {
			const thisPass = new Set<number>();
			let repeats = 0;
			for (let page = 0; page < maxPages; page++) {
				const rows = await this.list<X360Device>('/device', {
					limit: pageSize,
					offset: page * pageSize,
				});
				let fresh = 0;
				for (const row of rows) {
					if (!row || typeof row.id !== 'number') continue;
					if (thisPass.has(row.id)) repeats++;
					else fresh++;
					thisPass.add(row.id);
					seen.set(row.id, row);
				}
				if (rows.length < pageSize || fresh === 0) break;
			}
			// No system seen twice: the pages did not shift, nothing was missed.
			if (repeats === 0 || pass === 1) break;
		}
		return [...seen.values()];
	}
}
