/**
 * The node's side of the transport: the credential's base URL, n8n's
 * httpRequestWithAuthentication (so the credential's `authenticate` puts the key in the
 * `x-api-key` header, and n8n's proxy and timeout settings apply), and NodeApiError.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { type SourceContext, n8nSend, sourceNodeError } from '../../sources/n8n';
import { PRODUCTION_URL, X360RecoverClient, normaliseBaseUrl } from './client';

export const CREDENTIAL = 'bdrX360RecoverApi';

export interface X360Credentials {
	apiKey?: string;
	environment?: 'production' | 'custom';
	customUrl?: string;
}

export function baseUrlOf(credentials: X360Credentials): string {
	return credentials.environment === 'custom' ? normaliseBaseUrl(credentials.customUrl ?? '') : PRODUCTION_URL;
}

/** The client for this execution, on the node's credential. */
export async function x360ClientFor(ctx: SourceContext, options: { requestsPerSecond?: number } = {}): Promise<X360RecoverClient> {
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
		send: n8nSend(ctx, CREDENTIAL),
		apiKey: credentials.apiKey,
		requestsPerSecond: options.requestsPerSecond,
	});
}

/** Any failure as the error n8n shows: NodeApiError for x360Recover's answers, never carrying the key. */
export function toNodeError(node: INode, error: unknown, apiKey?: string, itemIndex?: number) {
	return sourceNodeError(node, error, apiKey, itemIndex);
}
