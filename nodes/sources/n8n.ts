/**
 * The node side of every polled source's transport: n8n's httpRequestWithAuthentication (so the
 * credential's `authenticate` signs each request and n8n's proxy and timeout settings apply), and
 * the error n8n shows (NodeApiError for the vendor's answers, never carrying a secret).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';

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
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credentialType,
			options,
		)) as {
			statusCode?: number;
			status?: number;
			headers?: Record<string, unknown>;
			body?: unknown;
		};
		return {
			status: Number(response.statusCode ?? response.status ?? 0),
			headers: response.headers ?? {},
			body: response.body,
		};
	};
}

/** The credential fields every source shares: production, or a Custom URL (a stand-in, a proxy). */
export interface UrlCredentials {
	environment?: 'production' | 'custom';
	customUrl?: string;
}

/** How a vendor's credential names its base URL. */
export interface UrlRules {
	/** "x360Recover", "Datto BCDR": in the message. */
	name: string;
	productionUrl: string;
	normalise: (raw: string) => string;
	/** Appended to "Open the credential and enter the base URL of the API". */
	hint: string;
}

/**
 * The node's credential and what every reader needs of it: the base URL (production's, or the Custom
 * URL made usable) and the sender through n8n. A Custom URL that is not an http(s) address is the
 * credential's fault, so the error says to open the credential.
 */
export async function sourceCredential<K extends UrlCredentials>(
	ctx: SourceContext,
	credentialType: string,
	rules: UrlRules,
): Promise<{ credentials: K; baseUrl: string; send: Send }> {
	const credentials = (await ctx.getCredentials(credentialType)) as K;
	let baseUrl = rules.productionUrl;
	try {
		if (credentials.environment === 'custom')
			baseUrl = rules.normalise(credentials.customUrl ?? '');
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The ${rules.name} credential's Custom URL is not usable: ${(error as Error).message}`,
			{
				description: `Open the credential and enter the base URL of the API${rules.hint}`,
			},
		);
	}
	return { credentials, baseUrl, send: n8nSend(ctx, credentialType) };
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
