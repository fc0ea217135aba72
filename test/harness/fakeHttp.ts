/**
 * Express-shaped request/response stand-ins for a webhook call, shaped as n8n hands
 * them to a trigger: lower-cased headers, `rawBody` as a Buffer, `body` parsed by
 * content type; the response records what the node (or the harness) wrote.
 */
import type { IDataObject } from 'n8n-workflow';

export interface WebhookRequest {
	headers?: Record<string, string | string[] | undefined>;
	/** The request body as sent on the wire. */
	rawBody?: string | Buffer;
	/** Already-parsed body (instead of parsing rawBody). */
	body?: unknown;
	method?: string;
	query?: Record<string, string | string[]>;
	params?: Record<string, string>;
}

export interface CapturedResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
	/** Whether anything was written (status, headers or body). */
	written: boolean;
	ended: boolean;
}

export class BodyParseError extends Error {}

function parseBody(contentType: string, raw: Buffer): unknown {
	const text = raw.toString('utf8');
	if (contentType === 'application/json' || contentType.endsWith('+json')) {
		if (text.trim() === '') return {};
		try {
			return JSON.parse(text) as unknown;
		} catch {
			throw new BodyParseError('Failed to parse request body');
		}
	}
	if (contentType === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(text));
	}
	if (contentType.startsWith('text/')) return text;
	return {};
}

export function fakeRequest(request: WebhookRequest, path: string) {
	const headers: Record<string, string | string[] | undefined> = {};
	for (const [name, value] of Object.entries(request.headers ?? {}))
		headers[name.toLowerCase()] = value;
	const rawBody = Buffer.isBuffer(request.rawBody)
		? request.rawBody
		: Buffer.from(request.rawBody ?? '', 'utf8');
	const contentType = String(headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (headers['content-length'] === undefined && rawBody.length > 0)
		headers['content-length'] = String(rawBody.length);
	const query = request.query ?? {};
	const search = new URLSearchParams(query as Record<string, string>).toString();
	return {
		method: (request.method ?? 'POST').toUpperCase(),
		headers,
		query,
		params: request.params ?? {},
		rawBody,
		body: request.body !== undefined ? request.body : parseBody(contentType, rawBody),
		contentType,
		url: `/webhook/${path}${search ? `?${search}` : ''}`,
		path: `/webhook/${path}`,
		ip: '127.0.0.1',
		get(name: string) {
			return headers[name.toLowerCase()];
		},
		header(name: string) {
			return headers[name.toLowerCase()];
		},
		async readRawBody() {},
	};
}

export function fakeResponse() {
	const captured: CapturedResponse = {
		status: 200,
		headers: {},
		body: undefined,
		written: false,
		ended: false,
	};
	const res = {
		captured,
		get statusCode() {
			return captured.status;
		},
		set statusCode(code: number) {
			captured.status = code;
			captured.written = true;
		},
		get headersSent() {
			return captured.ended;
		},
		status(code: number) {
			captured.status = code;
			captured.written = true;
			return res;
		},
		sendStatus(code: number) {
			captured.status = code;
			return res.end();
		},
		setHeader(name: string, value: string | number | readonly string[]) {
			captured.headers[name.toLowerCase()] = String(value);
			captured.written = true;
			return res;
		},
		header(name: string | IDataObject, value?: string) {
			if (typeof name === 'string') return res.setHeader(name, value ?? '');
			for (const [key, v] of Object.entries(name)) res.setHeader(key, String(v));
			return res;
		},
		set(name: string | IDataObject, value?: string) {
			return res.header(name, value);
		},
		getHeader(name: string) {
			return captured.headers[name.toLowerCase()];
		},
		writeHead(code: number, headers: Record<string, string> = {}) {
			res.status(code);
			for (const [key, v] of Object.entries(headers)) res.setHeader(key, v);
			return res;
		},
		json(body: unknown) {
			if (!captured.headers['content-type']) captured.headers['content-type'] = 'application/json';
			return res.end(body);
		},
		send(body?: unknown) {
			return res.end(body);
		},
		write(chunk: unknown) {
			captured.body =
				captured.body === undefined ? chunk : `${String(captured.body)}${String(chunk)}`;
			captured.written = true;
			return true;
		},
		end(body?: unknown) {
			if (body !== undefined) captured.body = Buffer.isBuffer(body) ? body.toString('utf8') : body;
			captured.written = true;
			captured.ended = true;
			return res;
		},
		on() {
			return res;
		},
		once() {
			return res;
		},
	};
	return res;
}
