/**
 * The one paced, retrying reader every polled source's client is built on (x360Recover, Datto
 * BCDR): a token bucket keeps a polite pace, a 429 is waited out as its Retry-After says, a 5xx or
 * a lost answer is retried (every call a source makes is a read), and every failure becomes a
 * SourceApiError whose texts never carry a secret. What an answer means is the vendor's reader's
 * business (`readAnswer`); the transport is whatever `send` is (n8n's httpRequestWithAuthentication
 * in the nodes, a script in tests).
 */
import { sleep as n8nSleep } from 'n8n-workflow';

import {
	type Answer,
	type AnswerKind,
	type ReadAnswer,
	isRetryable,
	retryDelayMs,
	scrub,
} from '../logic/sourceAnswers';

export interface SourceRequest {
	method: 'GET';
	url: string;
	qs?: Record<string, string | number | boolean>;
}

/** Sends one request and returns the answer whatever its status; throws only when no answer came. */
export type Send = (request: SourceRequest) => Promise<Answer>;

/** An answer that was not a success (after the retries it deserved), or no answer at all. */
export class SourceApiError extends Error {
	readonly kind: AnswerKind | 'network';
	readonly status: number;
	readonly path: string;
	readonly description: string;

	constructor(init: {
		kind: AnswerKind | 'network';
		status: number;
		path: string;
		message: string;
		description: string;
	}) {
		super(init.message);
		this.name = 'SourceApiError';
		this.kind = init.kind;
		this.status = init.status;
		this.path = init.path;
		this.description = init.description;
	}
}

export interface ReaderOptions {
	/** e.g. https://api.datto.com/v1 (no trailing slash needed). */
	baseUrl: string;
	send: Send;
	/** Only to keep them out of every message. */
	secrets?: Array<string | undefined>;
	/** Sustained pace (requests per second). */
	requestsPerSecond?: number;
	/** Requests that may go at once before the pace applies. */
	burst?: number;
	/** Retries of one read after a 429, 5xx or network failure; default 3. */
	maxRetries?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

/** What the reader needs to know of a vendor. */
export interface Vendor {
	/** "x360Recover", "Datto BCDR": in messages. */
	name: string;
	/** The example of a base URL when the one given is not an http(s) address. */
	exampleUrl: string;
	/** Default pace and burst when the options give none. */
	requestsPerSecond: number;
	burst: number;
	readAnswer(answer: Answer, path: string): ReadAnswer;
}

export interface CallRecord {
	path: string;
	status: number;
	attempt: number;
}

/** `https://host/base/` → `https://host/base`; refuses what is not an http(s) URL. */
export function normaliseBaseUrl(raw: string, example = 'https://api.example.com/v1'): string {
	const text = String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		throw new Error(`"${text}" is not an http(s) address, e.g. ${example}`);
	}
	return text;
}

export class PacedReader {
	readonly baseUrl: string;
	/** Every answer received, in order (retries included): for tests and the calls-per-poll figures. */
	readonly calls: CallRecord[] = [];
	protected readonly options: ReaderOptions;
	protected readonly vendor: Vendor;
	private tokens: number;
	private lastRefill: number;

	constructor(vendor: Vendor, options: ReaderOptions) {
		this.vendor = vendor;
		this.options = options;
		this.baseUrl = normaliseBaseUrl(options.baseUrl, vendor.exampleUrl);
		this.tokens = this.burst();
		this.lastRefill = this.now();
	}

	private burst(): number {
		return Math.max(1, this.options.burst ?? this.vendor.burst);
	}

	private now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	private sleep(ms: number): Promise<void> {
		return (this.options.sleep ?? n8nSleep)(ms);
	}

	private async pace(): Promise<void> {
		const rate = Math.max(0.1, this.options.requestsPerSecond ?? this.vendor.requestsPerSecond);
		for (;;) {
			const now = this.now();
			this.tokens = Math.min(this.burst(), this.tokens + ((now - this.lastRefill) / 1000) * rate);
			this.lastRefill = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			await this.sleep(Math.ceil(((1 - this.tokens) / rate) * 1000));
		}
	}

	protected clean(text: string): string {
		return scrub(text, this.options.secrets ?? []);
	}

	/** One GET, paced and retried; the parsed body of a 2xx answer. */
	async get<T = unknown>(path: string, qs?: SourceRequest['qs']): Promise<T> {
		const maxRetries = this.options.maxRetries ?? 3;
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
					await this.sleep(retryDelayMs(undefined, attempt, new Date(this.now())));
					continue;
				}
				const code =
					(failure as { code?: string })?.code ??
					(failure as { cause?: { code?: string } })?.cause?.code;
				throw new SourceApiError({
					kind: 'network',
					status: 0,
					path,
					message: `${this.vendor.name} could not be reached at ${this.baseUrl}${code ? ` (${code})` : ''}`,
					description: this.clean(
						`No answer after ${attempt} attempts: ${failure instanceof Error ? failure.message : String(failure)}. Check the credential's Base URL and the network path to it.`,
					),
				});
			}
			this.calls.push({ path, status: answer.status, attempt });
			const read = this.vendor.readAnswer(answer, path);
			if (read.kind === 'ok') return answer.body as T;
			if (isRetryable(read.kind) && attempt <= maxRetries) {
				await this.sleep(retryDelayMs(answer, attempt, new Date(this.now())));
				continue;
			}
			throw new SourceApiError({
				kind: read.kind,
				status: answer.status,
				path,
				message: this.clean(read.message),
				description: this.clean(read.description),
			});
		}
	}

	/** Answers received per path (query strings left out, ids and serials as {id}): the calls-per-poll figures of the docs. */
	callsByPath(idPattern: RegExp = /\/\d+(?=\/|$)/g): Record<string, number> {
		const out: Record<string, number> = {};
		for (const call of this.calls) {
			const key = call.path.replace(idPattern, '/{id}');
			out[key] = (out[key] ?? 0) + 1;
		}
		return out;
	}
}
