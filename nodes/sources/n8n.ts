/**
 * The node side of every polled source's transport: n8n's httpRequestWithAuthentication (so the
 * credential's `authenticate` signs each request and n8n's proxy and timeout settings apply), and
 * the error n8n shows (NodeApiError for the vendor's answers, never carrying a secret).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INode, JsonObject } from 'n8n-workflow';

import { scrub } from '../logic/sourceAnswers';
import { type Send, SourceApiError } from './reader';

export type SourceContext = IExecuteFunctions | ILoadOptionsFunctions;

/** A sender through the node's credential `credentialType`: every answer comes back, whatever its status. */
export function n8nSend(ctx: SourceContext, credentialType: string): Send {
	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 60_000,
		};
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)) as {
			statusCode?: number;
			status?: number;
			headers?: Record<string, unknown>;
			body?: unknown;
		};
		return { status: Number(response.statusCode ?? response.status ?? 0), headers: response.headers ?? {}, body: response.body };
	};
}

/** Any failure as the error n8n shows: NodeApiError for the vendor's answers, never carrying a secret. */
export function sourceNodeError(
	node: INode,
	error: unknown,
	secrets?: string | Array<string | undefined>,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof SourceApiError) {
		const message = scrub(error.message, secrets);
		const description = scrub(error.description, secrets);
		return new NodeApiError(node, { message, status: error.status } as JsonObject, {
			message,
			description,
			...(error.status ? { httpCode: String(error.status) } : {}),
			itemIndex,
		});
	}
	const message = scrub(error instanceof Error ? error.message : String(error), secrets);
	return new NodeOperationError(node, message, { itemIndex });
}
