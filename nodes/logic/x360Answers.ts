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

import { type Answer, type ReadAnswer, header, jsonBody } from './sourceAnswers';

export {
	type Answer,
	type AnswerKind,
	type ReadAnswer,
	header,
	isRetryable,
	jsonBody,
	retryDelayMs,
	scrub,
} from './sourceAnswers';

function vendorText(body: Record<string, unknown> | undefined): string {
	if (!body) return '';
	const parts = [body.title, body.detail, body.message, body.msg].filter(
		(p) => typeof p === 'string' && p.trim() !== '',
	);
	return [...new Set(parts as string[])].join(': ');
}

/** The x360Portal permission a path needs (API keys carry per-product permissions). */
export function permissionFor(path: string): string {
	return /^\/?billing\b/i.test(
		path.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/x360recover/i, ''),
	)
		? 'Billing'
		: 'x360Recover';
}

export const KEY_FIX =
	'In the x360Portal open Settings → API Keys, generate a key with the x360Recover permission, and paste it into the credential';

/** Classifies one answer. `path` is the API path asked for (no host, no key). */
export function readAnswer(answer: Answer, path: string): ReadAnswer {
	const { status } = answer;
	const contentType = header(answer.headers, 'content-type').toLowerCase();
	const body = jsonBody(answer.body);
	const vendor = vendorText(body);
	const said = vendor ? ` x360Recover said: "${vendor}".` : '';
	if (status >= 200 && status < 300) return { kind: 'ok', message: '', description: '' };
	if (status === 401) {
		if (
			contentType.includes('text/html') ||
			(body && body.code === 401 && body.msg !== undefined)
		) {
			return {
				kind: 'route',
				message: `x360Recover does not know the address ${path} (401 with an HTML page)`,
				description:
					'In production x360Recover answers an unknown route or a non-numeric id with 401 and an HTML content type, not with the 400 its documentation promises. ' +
					"The key is not the problem: check the credential's Base URL (production is https://axapi.axcient.com/x360recover; a custom URL must end in /x360recover)." +
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
		return {
			kind: 'badRequest',
			message: `x360Recover refused the request ${path} (${status})`,
			description: `A parameter is invalid.${said}`,
		};
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
	return {
		kind: 'unexpected',
		message: `x360Recover answered ${status} for ${path}`,
		description: said.trim(),
	};
}
