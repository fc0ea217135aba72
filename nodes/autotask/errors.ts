import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** Removes every occurrence of the given secrets from a text (messages may quote request data). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** An answer from Autotask that was not a success: its status and its own `errors[]` text. */
export class AutotaskApiError extends Error {
	readonly status: number;
	readonly errors: string[];
	readonly method: string;
	readonly path: string;
	/** A 429 caused by the tenant's hourly request budget (not the thread limit): retrying now cannot help. */
	readonly isBudget: boolean;

	constructor(init: { status: number; errors: string[]; method: string; path: string; isBudget?: boolean }) {
		const detail = init.errors.length ? init.errors.join('; ') : `HTTP ${init.status}`;
		super(`Autotask answered ${init.status} to ${init.method} ${init.path}: ${detail}`);
		this.name = 'AutotaskApiError';
		this.status = init.status;
		this.errors = init.errors;
		this.method = init.method;
		this.path = init.path;
		this.isBudget = init.isBudget ?? false;
	}
}

/** No answer arrived (network error, timeout) after all retries of a read. */
export class AutotaskNetworkError extends Error {
	readonly method: string;
	readonly path: string;
	readonly code: string;
	/** The transport's own words (already redacted). */
	readonly detail: string;
	constructor(init: { method: string; path: string; code: string; message: string }) {
		super(`Autotask could not be reached for ${init.method} ${init.path}`);
		this.name = 'AutotaskNetworkError';
		this.method = init.method;
		this.path = init.path;
		this.code = init.code;
		this.detail = init.message;
	}
}

/**
 * A write was sent but no answer came back: it may or may not have been applied.
 * Never resend blindly; re-read the state and decide.
 */
export class AutotaskWriteUnknownError extends Error {
	readonly method: string;
	readonly path: string;
	readonly detail: string;
	constructor(init: { method: string; path: string; message: string }) {
		super(`The answer to ${init.method} ${init.path} was lost; the write may have been applied`);
		this.name = 'AutotaskWriteUnknownError';
		this.method = init.method;
		this.path = init.path;
		this.detail = init.message;
	}
}

export type AutotaskError = AutotaskApiError | AutotaskNetworkError | AutotaskWriteUnknownError;

export function isAutotaskError(error: unknown): error is AutotaskError {
	return (
		error instanceof AutotaskApiError ||
		error instanceof AutotaskNetworkError ||
		error instanceof AutotaskWriteUnknownError
	);
}

const HINTS: Record<number, string> = {
	400: 'Autotask refused the request as invalid; the message above names the field.',
	401: 'Check the API username, secret and integration code of the Autotask credential, and that the user is an API-only user.',
	403: "The API user's security level does not allow this; grant it in Autotask (Admin > Resources > API user > Security level).",
	404: 'The record does not exist in this tenant (or the API user cannot see it).',
	405: 'Autotask does not allow this verb on this entity.',
	429: 'Autotask is limiting requests (3 concurrent per endpoint, 10,000 per hour per tenant). Try again later.',
};

/** Turns a client error into the n8n error users see: Autotask's own text and status, no stack, no secrets. */
export function toNodeApiError(node: INode, error: unknown, itemIndex?: number): NodeApiError {
	if (error instanceof NodeApiError) return error;
	if (error instanceof AutotaskApiError) {
		const message = error.errors.length ? error.errors.join('; ') : `Autotask answered HTTP ${error.status}`;
		const description = error.isBudget
			? "The tenant's hourly Autotask API budget is spent; the next run will finish the work."
			: HINTS[error.status] ?? `Request: ${error.method} ${error.path}`;
		return new NodeApiError(node, { message, status: error.status } as JsonObject, {
			message,
			description,
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (error instanceof AutotaskNetworkError || error instanceof AutotaskWriteUnknownError) {
		// The network detail goes into the description: n8n would replace a message naming an
		// error code with its generic text and lose "the write may have been applied".
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			description: `Network: ${error.detail}. Check the Autotask zone or URL in the credential and the network path to it.`,
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeApiError(node, { message } as JsonObject, { message, itemIndex });
}
