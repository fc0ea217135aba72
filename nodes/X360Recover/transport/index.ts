/**
 * The node's side of the transport: the credential's base URL, n8n's
 * httpRequestWithAuthentication (so the credential's `authenticate` puts the key in the
 * `x-api-key` header, and n8n's proxy and timeout settings apply), and NodeApiError.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INode, JsonObject } from 'n8n-workflow';

import { scrub } from '../../logic/x360Answers';
import { PRODUCTION_URL, type Send, X360ApiError, X360RecoverClient, normaliseBaseUrl } from './client';

export const CREDENTIAL = 'bdrX360RecoverApi';

export interface X360Credentials {
	apiKey?: string;
	environment?: 'production' | 'custom';
	customUrl?: string;
}

export function baseUrlOf(credentials: X360Credentials): string {
	return credentials.environment === 'custom' ? normaliseBaseUrl(credentials.customUrl ?? '') : PRODUCTION_URL;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

function n8nSend(ctx: Context): Send {
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
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, options)) as {
			statusCode?: number;
			status?: number;
			headers?: Record<string, unknown>;
			body?: unknown;
		};
		return { status: Number(response.statusCode ?? response.status ?? 0), headers: response.headers ?? {}, body: response.body };
	};
}

/** The client for this execution, on the node's credential. */
export async function x360ClientFor(ctx: Context, options: { requestsPerSecond?: number } = {}): Promise<X360RecoverClient> {
	const credentials = (await ctx.getCredentials(CREDENTIAL)) as X360Credentials;
	let baseUrl: string;
	try {
		baseUrl = baseUrlOf(credentials);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `The x360Recover credential's Custom URL is not usable: ${(error as Error).message}`, {
			description: 'Open the credential and enter the base URL of the API, e.g. http://127.0.0.1:8086/x360recover for the local stand-in',
		});
	}
	return new X360RecoverClient({
		baseUrl,
		send: n8nSend(ctx),
		apiKey: credentials.apiKey,
		requestsPerSecond: options.requestsPerSecond,
	});
}

/** Any failure as the error n8n shows: NodeApiError for x360Recover's answers, never carrying the key. */
export function toNodeError(node: INode, error: unknown, apiKey?: string, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof X360ApiError) {
		const message = scrub(error.message, apiKey);
		const description = scrub(error.description, apiKey);
		return new NodeApiError(node, { message, status: error.status } as JsonObject, {
			message,
			description,
			...(error.status ? { httpCode: String(error.status) } : {}),
			itemIndex,
		});
	}
	const message = scrub(error instanceof Error ? error.message : String(error), apiKey);
	return new NodeOperationError(node, message, { itemIndex });
}
