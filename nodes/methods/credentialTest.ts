/**
 * The Autotask credential's test, run by n8n through `testedBy` on the nodes that use the credential.
 * A declarative test cannot follow Autotask's zone lookup, and nothing public says that
 * webservices.autotask.net serves the REST API of every zone; so the test first asks zoneInformation
 * which zone hosts the user (Auto-Detect), then makes a real authenticated read there
 * (ThresholdInformation, outside the hourly budget).
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { AutotaskClient, credentialsFromN8n } from '../autotask/client';
import { AutotaskApiError, AutotaskNetworkError, redact } from '../autotask/errors';
import type { Transport } from '../autotask/types';
import { ZoneCache } from '../autotask/zone';
import { credentialTestVerdict, type CredentialTestStep } from '../logic/credentialTestResult';

type LegacyRequest = ICredentialTestFunctions['helpers']['request'];

/** A credential test only gets n8n's `request` helper (no httpRequest); it applies n8n's proxy settings. */
export function requestTransport(request: LegacyRequest): Transport {
	return async (r) => {
		const response = await request({
			uri: r.url,
			method: r.method,
			headers: r.headers,
			body: r.body,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 60_000,
		});
		return {
			status: Number(response.statusCode),
			headers: response.headers ?? {},
			body: response.body,
		};
	};
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where the zone lookup (or a wrong Base URL) stopped the test. */
function zoneStep(error: unknown, autoDetect: boolean): CredentialTestStep {
	if (!autoDetect) return { step: 'settings', message: message(error) };
	if (error instanceof AutotaskApiError) return { step: 'zoneUnknown', status: error.status };
	return { step: 'zoneUnreachable', detail: message(error) };
}

function readStep(error: unknown): CredentialTestStep {
	if (error instanceof AutotaskApiError)
		return { step: 'read', status: error.status, errors: error.errors };
	if (error instanceof AutotaskNetworkError)
		return { step: 'readUnreachable', detail: error.detail };
	return { step: 'readUnreachable', detail: message(error) };
}

/** Resolves the zone (unless the credential names the URL), then reads ThresholdInformation there. */
async function runSteps(
	client: AutotaskClient,
	ctx: { baseUrl?: string; autoDetected: boolean },
): Promise<CredentialTestStep> {
	try {
		ctx.baseUrl = await client.baseUrl();
	} catch (error) {
		return zoneStep(error, ctx.autoDetected);
	}
	try {
		const t = await client.threshold();
		return {
			step: 'ok',
			threshold: { used: t.currentTimeframeRequestCount, limit: t.externalRequestThreshold },
		};
	} catch (error) {
		return readStep(error);
	}
}

export async function bdrAutotaskApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = credentialsFromN8n(credential.data ?? {});
	// A credential test context offers only the `request` helper (ICredentialTestFunctions has no httpRequest).
	const { helpers } = this;
	// A fresh zone cache: the test must look the user up now, not trust an earlier answer.
	const client = new AutotaskClient({
		credentials,
		transport: requestTransport(helpers.request),
		zoneCache: new ZoneCache(),
		retry: { retries: 1 },
	});
	const ctx = {
		username: credentials.username,
		autoDetected: credentials.zone === 'auto' || !credentials.zone,
		baseUrl: undefined as string | undefined,
	};
	const verdict = credentialTestVerdict(ctx, await runSteps(client, ctx));
	// Autotask may quote request data; the secret and the integration code never leave the test.
	return {
		status: verdict.status,
		message: redact(verdict.message, [credentials.secret, credentials.integrationCode]),
	};
}

/** Registered as `methods.credentialTest` on every node that lists the credential with `testedBy`. */
export const credentialTest = { bdrAutotaskApiTest };
