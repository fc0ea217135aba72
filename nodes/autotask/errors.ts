import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { classifyAnswer, type AnswerKind } from './answers';
import { BUDGET_SPENT_SENTENCE } from './budget';
import { refusalFix } from './refusalFixes';

/** Removes every occurrence of the given secrets from a text (messages may quote request data). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** Whether a request changes data: a POST to `…/query` (or `…/query/next`, `…/query/count`) only reads. */
export function isWriteRequest(method: string, path: string): boolean {
	return method !== 'GET' && !/\/query(\/|$|\?)/i.test(path);
}

/** An answer from Autotask that was not a success: its status, its own `errors[]` text and what it means. */
export class AutotaskApiError extends Error {
	readonly status: number;
	readonly errors: string[];
	readonly method: string;
	readonly path: string;
	/** What the answer means (answers.ts): refused, transient, unknown outcome, budget, thread limit. */
	readonly kind: AnswerKind;

	constructor(init: {
		status: number;
		errors: string[];
		method: string;
		path: string;
		kind?: AnswerKind;
		isBudget?: boolean;
	}) {
		const detail = init.errors.length ? init.errors.join('; ') : `HTTP ${init.status}`;
		super(`Autotask answered ${init.status} to ${init.method} ${init.path}: ${detail}`);
		this.name = 'AutotaskApiError';
		this.status = init.status;
		this.errors = init.errors;
		this.method = init.method;
		this.path = init.path;
		this.kind =
			init.kind ??
			(init.isBudget
				? 'budget'
				: classifyAnswer({
						status: init.status,
						errors: init.errors,
						write: isWriteRequest(init.method, init.path),
					}));
	}

	/** The tenant's hourly request budget is spent (not the thread limit): retrying now cannot help. */
	get isBudget(): boolean {
		return this.kind === 'budget';
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

/** What a client error means, whichever class carries it (undefined for errors not from Autotask). */
export function errorKind(error: unknown): AnswerKind | undefined {
	if (error instanceof AutotaskApiError) return error.kind;
	if (error instanceof AutotaskWriteUnknownError) return 'unknown';
	if (error instanceof AutotaskNetworkError) return 'transient';
	return undefined;
}

/** Autotask refused the request for good: nothing was written, resending cannot help. */
export function isRefused(error: unknown): error is AutotaskApiError {
	return errorKind(error) === 'refused';
}

/** A write whose outcome is unknown: re-read the state before writing again. */
export function isOutcomeUnknown(error: unknown): boolean {
	return errorKind(error) === 'unknown';
}

/** The tenant's hourly budget is spent: the one check every node uses (what users read: budget.ts). */
export function isBudgetSpent(error: unknown): boolean {
	return errorKind(error) === 'budget';
}

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

const KIND_HINTS: Partial<Record<AnswerKind, string>> = {
	refused:
		'Autotask refused the request (nothing was written); the message above is its own reason.',
	threadLimit:
		'Autotask allows 3 concurrent requests per endpoint for one integration code, counted across every tool that uses it. Lower "Concurrent Requests per Endpoint" in the credential, or give this integration its own API user and tracking identifier.',
	transient: 'Autotask had a temporary fault; run the workflow again.',
	unknown: 'The write may have been applied; the next run re-reads Autotask before writing again.',
};

/** Turns a client error into the n8n error users see: Autotask's own text and status, no stack, no secrets. */
export function toNodeApiError(node: INode, error: unknown, itemIndex?: number): NodeApiError {
	if (error instanceof NodeApiError) return error;
	if (error instanceof AutotaskApiError) {
		const message = error.errors.length
			? error.errors.join('; ')
			: `Autotask answered HTTP ${error.status}`;
		const description = isBudgetSpent(error)
			? BUDGET_SPENT_SENTENCE
			: (refusalFix(error.errors) ??
				HINTS[error.status] ??
				KIND_HINTS[error.kind] ??
				`Request: ${error.method} ${error.path}`);
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
