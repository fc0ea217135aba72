/** The node's side of the Datto transport: the credential's base URL and n8n's authenticated requests. */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { type SourceContext, n8nSend, sourceNodeError } from '../../sources/n8n';
import { DATTO_PRODUCTION_URL, DattoClient, normaliseDattoUrl } from './client';

export const DATTO_CREDENTIAL = 'bdrDattoBcdrApi';

export interface DattoCredentials {
	publicKey?: string;
	secretKey?: string;
	environment?: 'production' | 'custom';
	customUrl?: string;
}

export function dattoBaseUrlOf(credentials: DattoCredentials): string {
	return credentials.environment === 'custom' ? normaliseDattoUrl(credentials.customUrl ?? '') : DATTO_PRODUCTION_URL;
}

export async function dattoClientFor(ctx: SourceContext, options: { requestsPerSecond?: number } = {}): Promise<{ client: DattoClient; secrets: string[] }> {
	const credentials = (await ctx.getCredentials(DATTO_CREDENTIAL)) as DattoCredentials;
	let baseUrl: string;
	try {
		baseUrl = dattoBaseUrlOf(credentials);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `The Datto BCDR credential's Custom URL is not usable: ${(error as Error).message}`, {
			description: 'Open the credential and enter the base URL of the API ending in /v1, e.g. http://127.0.0.1:8791/v1 for the local stand-in',
		});
	}
	const client = new DattoClient({
		baseUrl,
		send: n8nSend(ctx, DATTO_CREDENTIAL),
		publicKey: credentials.publicKey,
		secretKey: credentials.secretKey,
		requestsPerSecond: options.requestsPerSecond,
	});
	return { client, secrets: [credentials.secretKey ?? '', credentials.publicKey ?? ''] };
}

export const dattoNodeError = (node: INode, error: unknown, secrets?: string[], itemIndex?: number) => sourceNodeError(node, error, secrets, itemIndex);
