/**
 * The one x360Recover client of this package: every read goes through here, paced politely,
 * retried where that is safe (all of them are reads), and read with production's quirks in mind
 * (nodes/logic/x360Answers.ts). Transport-agnostic: the node hands it n8n's
 * httpRequestWithAuthentication (./n8nSend.ts); tests hand it anything.
 */
import { sleep as n8nSleep } from 'n8n-workflow';

import { type Answer, type AnswerKind, isRetryable, readAnswer, retryDelayMs, scrub } from '../../logic/x360Answers';
import { type X360Device, asList } from '../../logic/x360Records';

export const PRODUCTION_URL = 'https://axapi.axcient.com/x360recover';
export const DEVICE_PAGE_SIZE = 100;

export interface X360Request {
	method: 'GET';
	url: string;
	qs?: Record<string, string | number | boolean>;
}

/** Sends one request and returns the answer whatever its status; throws only when no answer came. */
export type Send = (request: X360Request) => Promise<Answer>;

/** An answer that was not a success (after the retries it deserved), or no answer at all. */
export class X360ApiError extends Error {
	readonly kind: AnswerKind | 'network';
	readonly status: number;
	readonly path: string;
	readonly description: string;

	constructor(init: { kind: AnswerKind | 'network'; status: number; path: string; message: string; description: string }) {
		super(init.message);
		this.name = 'X360ApiError';
		this.kind = init.kind;
		this.status = init.status;
		this.path = init.path;
		this.description = init.description;
	}
}

export interface ClientOptions {
	/** e.g. https://axapi.axcient.com/x360recover (no trailing slash needed). */
	baseUrl: string;
	send: Send;
	/** Only to keep it out of every message. */
	apiKey?: string;
	/** Sustained pace; default 4 (the API publishes no limit: stay well below what public clients use). */
	requestsPerSecond?: number;
	/** Requests that may go at once before the pace applies; default 4. */
	burst?: number;
	/** Retries of one read after a 429, 5xx or network failure; default 3. */
	maxRetries?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

export interface CallRecord {
	path: string;
	status: number;
	attempt: number;
}

/** `https://host/x360recover/` → `https://host/x360recover`; refuses what is not an http(s) URL. */
export function normaliseBaseUrl(raw: string): string {
	const text = String(raw ?? '').trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		throw new Error(`"${text}" is not an http(s) address, e.g. https://axapi.axcient.com/x360recover`);
	}
	return text;
}

export class X360RecoverClient {
	readonly baseUrl: string;
	/** Every answer received, in order (retries included): for tests and the calls-per-poll figures. */
	readonly calls: CallRecord[] = [];
	private readonly options: ClientOptions;
	private tokens: number;
	private lastRefill: number;

	constructor(options: ClientOptions) {
		this.options = options;
		this.baseUrl = normaliseBaseUrl(options.baseUrl);
		this.tokens = options.burst ?? 4;
		this.lastRefill = this.now();
	}

	private now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	private async pace(): Promise<void> {
		const rate = Math.max(0.1, this.options.requestsPerSecond ?? 4);
		const burst = Math.max(1, this.options.burst ?? 4);
		const sleep = this.options.sleep ?? n8nSleep;
		for (;;) {
			const now = this.now();
			this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
			this.lastRefill = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			await sleep(Math.ceil(((1 - this.tokens) / rate) * 1000));
		}
	}

	private clean(text: string): string {
		return scrub(text, this.options.apiKey);
	}

	/** One GET, paced and retried; the parsed body of a 2xx answer. */
	async get<T = unknown>(path: string, qs?: X360Request['qs']): Promise<T> {
		const maxRetries = this.options.maxRetries ?? 3;
		const sleep = this.options.sleep ?? n8nSleep;
		const url = `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
		for (let attempt = 1; ; attempt++) {
			await this.pace();
			let answer: Answer | undefined;
			let failure: unknown;
			try {
				answer = await this.options.send({ method: 'GET', url, ...(qs ? { qs } : {}) });
			} catch (error) {
				failure = error;
			}
			if (answer === undefined) {
				// No answer (refused, reset, timeout): a read may be sent again.
				this.calls.push({ path, status: 0, attempt });
				if (attempt <= maxRetries) {
					await sleep(retryDelayMs(undefined, attempt, new Date(this.now())));
					continue;
				}
				const code = (failure as { code?: string })?.code ?? (failure as { cause?: { code?: string } })?.cause?.code;
				throw new X360ApiError({
					kind: 'network',
					status: 0,
					path,
					message: `x360Recover could not be reached at ${this.baseUrl}${code ? ` (${code})` : ''}`,
					description: this.clean(
						`No answer after ${attempt} attempts: ${failure instanceof Error ? failure.message : String(failure)}. Check the credential's Base URL and the network path to it.`,
					),
				});
			}
			this.calls.push({ path, status: answer.status, attempt });
			const read = readAnswer(answer, path);
			if (read.kind === 'ok') return answer.body as T;
			if (isRetryable(read.kind) && attempt <= maxRetries) {
				await sleep(retryDelayMs(answer, attempt, new Date(this.now())));
				continue;
			}
			throw new X360ApiError({ kind: read.kind, status: answer.status, path, message: this.clean(read.message), description: this.clean(read.description) });
		}
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
				const rows = await this.list<X360Device>('/device', { limit: pageSize, offset: page * pageSize });
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

	/** Answers received per path (query strings left out): the figures of docs/x360recover.md. */
	callsByPath(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const call of this.calls) {
			const key = call.path.replace(/\/\d+(?=\/|$)/g, '/{id}');
			out[key] = (out[key] ?? 0) + 1;
		}
		return out;
	}
}
