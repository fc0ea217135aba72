/**
 * The node's side of the transport: the credential's base URL and n8n's
 * httpRequestWithAuthentication (so the credential's `authenticate` puts the key in the
 * `x-api-key` header, and n8n's proxy and timeout settings apply), shared with every source in
 * nodes/sources/n8n.ts.
 */
import type { Connect } from '../../sources/execute';
import { type UrlCredentials, type UrlRules, sourceCredential } from '../../sources/n8n';
import { PRODUCTION_URL, X360RecoverClient, normaliseBaseUrl } from './client';

export const CREDENTIAL = 'bdrX360RecoverApi';

export interface X360Credentials extends UrlCredentials {
	apiKey?: string;
}

const URL_RULES: UrlRules = {
	name: 'x360Recover',
	productionUrl: PRODUCTION_URL,
	normalise: normaliseBaseUrl,
	hint: ', e.g. http://127.0.0.1:8086/x360recover for the local stand-in',
};

/** The client for this execution, on the node's credential. */
export const x360ClientFor: Connect<X360RecoverClient> = async (ctx, options = {}) => {
	const { credentials, baseUrl, send } = await sourceCredential<X360Credentials>(
		ctx,
		CREDENTIAL,
		URL_RULES,
	);
	const client = new X360RecoverClient({
		baseUrl,
		send,
		apiKey: credentials.apiKey,
		requestsPerSecond: options.requestsPerSecond,
	});
	return { client, secrets: [credentials.apiKey ?? ''] };
};
