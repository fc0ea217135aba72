/**
 * What a stand-in answers: status, content type, headers and a JSON body. Each vendor builds its own
 * error bodies (Datto `{code, message}`, x360Recover problem+json) on top of `answer`.
 */
import { ServerResponse } from 'http';

export interface Answer {
	status: number;
	contentType: string;
	/** Sent as JSON text; undefined sends an empty body. */
	body: unknown;
	headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json';

export const answer = (
	status: number,
	contentType: string,
	body: unknown,
	headers?: Record<string, string>,
): Answer => ({ status, contentType, body, headers });

export const ok = (body: unknown): Answer => answer(200, JSON_TYPE, body);

/** Writes `a` unless the client has gone (a deliberately lost or aborted request). */
export function send(res: ServerResponse, a: Answer): void {
	if (res.destroyed) return;
	const text = a.body === undefined ? '' : JSON.stringify(a.body);
	res.writeHead(a.status, {
		'Content-Type': a.contentType,
		'Content-Length': Buffer.byteLength(text),
		...a.headers,
	});
	res.end(text);
}
