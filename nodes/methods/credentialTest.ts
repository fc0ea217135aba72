import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { AutotaskClient, credentialsFromN8n } from '../autotask/client';
import { isAutotaskError } from '../autotask/errors';
import type { Transport } from '../autotask/types';

/** The legacy request helper is all n8n gives credential tests; adapt it to the client's transport. */
function requestTransport(request: ICredentialTestFunctions['helpers']['request']): Transport {
	return async (req) => {
		const response = await request({
			method: req.method,
			uri: req.url,
			headers: req.headers,
			body: req.body,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
		});
		return { status: Number(response.statusCode), headers: response.headers ?? {}, body: response.body };
	};
}

/** Finds the zone, then makes an authenticated request: a wrong secret fails here, not later. */
export async function bdrAutotaskApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const credentials = credentialsFromN8n(credential.data ?? {});
		const client = new AutotaskClient({
			credentials,
			transport: requestTransport(this.helpers.request),
			retry: { retries: 1 },
		});
		const threshold = await client.threshold();
		const used = threshold?.currentTimeframeRequestCount;
		const limit = threshold?.externalRequestThreshold;
		return {
			status: 'OK',
			message: used !== undefined && limit ? `Connected to ${await client.baseUrl()} (${used} of ${limit} requests used this hour)` : 'Connection successful',
		};
	} catch (error) {
		const message = isAutotaskError(error) || error instanceof Error ? error.message : String(error);
		return { status: 'Error', message };
	}
}
