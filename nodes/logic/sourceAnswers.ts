/**
 * What every polled source (x360Recover, Datto BCDR) shares about reading an HTTP answer
 * (pure: no n8n, no HTTP): the answer's shape, its headers and JSON body, how long a 429 or a
 * 5xx asks us to wait, and keeping a secret out of any text. Each vendor's own reading of the
 * statuses lives beside it (x360Answers.ts, dattoAnswers.ts).
 */

export type AnswerKind =
	| 'ok'
	| 'auth'
	| 'route'
	| 'notFound'
	| 'permission'
	| 'badRequest'
	| 'rateLimited'
	| 'server'
	| 'unexpected';

export interface Answer {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface ReadAnswer {
	kind: AnswerKind;
	/** One line for the editor, naming what to do. */
	message: string;
	/** The longer explanation (vendor text included). */
	description: string;
}

export function header(headers: Record<string, unknown>, name: string): string {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === wanted)
			return Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '');
	}
	return '';
}

/** The body as an object when it is JSON (parsed or still text), else undefined. */
export function jsonBody(body: unknown): Record<string, unknown> | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body))
		return body as Record<string, unknown>;
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: undefined;
	if (text === undefined) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Whether a read that got this answer may be sent again. */
export function isRetryable(kind: AnswerKind): boolean {
	return kind === 'rateLimited' || kind === 'server';
}

/**
 * How long to wait before asking again: `Retry-After` in seconds or as an HTTP date when given
 * (capped), else exponential backoff from `baseMs`.
 */
export function retryDelayMs(
	answer: Pick<Answer, 'headers'> | undefined,
	attempt: number,
	now: Date,
	baseMs = 500,
	capMs = 60_000,
): number {
	const raw = answer ? header(answer.headers, 'retry-after').trim() : '';
	if (raw !== '') {
		const seconds = Number(raw);
		if (Number.isFinite(seconds) && seconds >= 0)
			return Math.min(capMs, Math.round(seconds * 1000));
		const date = Date.parse(raw);
		if (!Number.isNaN(date)) return Math.min(capMs, Math.max(0, date - now.getTime()));
	}
	return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Removes secrets from any text that might reach output, errors or logs. */
export function scrub(
	text: string,
	secret: string | readonly (string | undefined)[] | undefined,
): string {
	const secrets = (Array.isArray(secret) ? secret : [secret]) as Array<string | undefined>;
	let out = text;
	for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
	return out;
}
