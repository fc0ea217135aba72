/** The node's side of the Datto transport: the credential's base URL and n8n's authenticated requests (nodes/sources/n8n.ts). */
import type { Connect } from '../../sources/execute';
import { type UrlCredentials, type UrlRules, sourceCredential } from '../../sources/n8n';
import { DATTO_PRODUCTION_URL, DattoClient, normaliseDattoUrl } from './client';

export const DATTO_CREDENTIAL = 'bdrDattoBcdrApi';

export interface DattoCredentials extends UrlCredentials {
	publicKey?: string;
	secretKey?: string;
}

const URL_RULES: UrlRules = {
	name: 'Datto BCDR',
	productionUrl: DATTO_PRODUCTION_URL,
	normalise: normaliseDattoUrl,
	hint: ' ending in /v1, e.g. http://127.0.0.1:8791/v1 for the local stand-in',
};

/** The client for this execution, on the node's credential (the public key is as private as the secret one in messages). */
export const dattoClientFor: Connect<DattoClient> = async (ctx, options = {}) => {
	const { credentials, baseUrl, send } = await sourceCredential<DattoCredentials>(
		ctx,
		DATTO_CREDENTIAL,
		URL_RULES,
	);
	const { publicKey, secretKey } = credentials;
	return {
		client: new DattoClient({
			baseUrl,
			send,
			publicKey,
			secretKey,
			requestsPerSecond: options.requestsPerSecond,
		}),
		secrets: [secretKey ?? '', publicKey ?? ''],
	};
};
