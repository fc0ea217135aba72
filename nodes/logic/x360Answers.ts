/**
 * How to read x360Recover's answers, production quirks included (pure: no n8n, no HTTP).
 *
 * - A bad or revoked key: 401, `application/json`, `{"message": "Unauthorized"}`.
 * - An unknown route or a non-numeric id: also 401, but `text/html; charset=utf-8` with
 *   `{"code": 401, "msg": "Unauthorized"}` (the OpenAPI file promises 400). That is a wrong
 *   address (most often the Base URL), not a wrong key, and saying "check your key" would mislead.
 * - An unknown id: 404 `application/problem+json` `{detail, status, title, type: "NotFoundException"}`.
 * - A key without the product's permission: 403 problem+json `ForbiddenException`.
 * - 429 (no published limit): wait as `Retry-After` says, then ask again.
 * - 5xx, timeouts, resets: transient; every call this package makes is a read, so it is retried.
 */

export type AnswerKind = 'ok' | 'auth' | 'route' | 'notFound' | 'permission' | 'badRequest' | 'rateLimited' | 'server' | 'unexpected';

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
		if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '');
	}
	return '';
}

/** The body as an object when it is JSON (parsed or still text), else undefined. */
export function jsonBody(body: unknown): Record<string, unknown> | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) return body as Record<string, unknown>;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
	if (text === undefined) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function vendorText(body: Record<string, unknown> | undefined): string {
	if (!body) return '';
	const parts = [body.title, body.detail, body.message, body.msg].filter((p) => typeof p === 'string' && p.trim() !== '');
	return [...new Set(parts as string[])].join(': ');
}

/** The x360Portal permission a path needs (API keys carry per-product permissions). */
export function permissionFor(path: string): string {
	return /^\/?billing\b/i.test(path.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/x360recover/i, '')) ? 'Billing' : 'x360Recover';
}

export const KEY_FIX = 'In the x360Portal open Settings → API Keys, generate a key with the x360Recover permission, and paste it into the credential';

/** Classifies one answer. `path` is the API path asked for (no host, no key). */
export function readAnswer(answer: Answer, path: string): ReadAnswer {
	const { status } = answer;
	const contentType = header(answer.headers, 'content-type').toLowerCase();
	const body = jsonBody(answer.body);
	const vendor = vendorText(body);
	const said = vendor ? ` x360Recover said: "${vendor}".` : '';
	if (status >= 200 && status < 300) return { kind: 'ok', message: '', description: '' };
	if (status === 401) {
		if (contentType.includes('text/html') || (body && body.code === 401 && body.msg !== undefined)) {
			return {
				kind: 'route',
				message: `x360Recover does not know the address ${path} (401 with an HTML page)`,
				description:
					'In production x360Recover answers an unknown route or a non-numeric id with 401 and an HTML content type, not with the 400 its documentation promises. ' +
					'The key is not the problem: check the credential\'s Base URL (production is https://axapi.axcient.com/x360recover; a custom URL must end in /x360recover).' +
					said,
			};
		}
		return {
			kind: 'auth',
			message: 'x360Recover refused the API key (401 Unauthorized)',
			description: `The key is wrong, revoked or expired. ${KEY_FIX}.${said}`,
		};
	}
	if (status === 403) {
		const permission = permissionFor(path);
		return {
			kind: 'permission',
			message: `The API key lacks the ${permission} permission (403 on ${path})`,
			description: `In the x360Portal open Settings → API Keys, edit the key (or generate a new one) and tick the ${permission} permission, then paste the key into the credential if it changed.${said}`,
		};
	}
	if (status === 404) {
		return {
			kind: 'notFound',
			message: `x360Recover has no such record: ${path} (404)`,
			description: `The record was removed or never existed (a device can disappear between two reads).${said}`,
		};
	}
	if (status === 400 || status === 422) {
		return { kind: 'badRequest', message: `x360Recover refused the request ${path} (${status})`, description: `A parameter is invalid.${said}` };
	}
	if (status === 429) {
		return {
			kind: 'rateLimited',
			message: 'x360Recover asked to slow down (429) and kept asking after the waits it named',
			description: `Run the workflow less often, or lower Requests per Second in the node's options.${said}`,
		};
	}
	if (status >= 500) {
		return {
			kind: 'server',
			message: `x360Recover failed to answer ${path} (${status})`,
			description: `A fault on Axcient's side; the read was retried and still failed. The next scheduled run tries again.${said}`,
		};
	}
	return { kind: 'unexpected', message: `x360Recover answered ${status} for ${path}`, description: said.trim() };
}

/** Whether a read that got this answer may be sent again. */
export function isRetryable(kind: AnswerKind): boolean {
	return kind === 'rateLimited' || kind === 'server';
}

/**
 * How long to wait before asking again: `Retry-After` in seconds or as an HTTP date when given
 * (capped), else exponential backoff from `baseMs`.
 */
export function retryDelayMs(answer: Pick<Answer, 'headers'> | undefined, attempt: number, now: Date, baseMs = 500, capMs = 60_000): number {
	const raw = answer ? header(answer.headers, 'retry-after').trim() : '';
	if (raw !== '') {
		const seconds = Number(raw);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.min(capMs, Math.round(seconds * 1000));
		const date = Date.parse(raw);
		if (!Number.isNaN(date)) return Math.min(capMs, Math.max(0, date - now.getTime()));
	}
	return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Removes a secret from any text that might reach output, errors or logs. */
export function scrub(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
}
