/**
 * The words of the credential test: what went wrong, at which step, and what to change in the
 * credential. Every message names the username and the URL, never the secret or the integration code.
 */

export type CredentialTestStep =
	/** The credential names no usable URL (a wrong Base URL). */
	| { step: 'settings'; message: string }
	/** Zone lookup answered without a zone for the user (HTTP status of the answer). */
	| { step: 'zoneUnknown'; status: number }
	/** Zone lookup got no answer at all. */
	| { step: 'zoneUnreachable'; detail: string }
	/** The authenticated read was refused (status, Autotask's own texts). */
	| { step: 'read'; status: number; errors: string[] }
	/** The authenticated read got no answer. */
	| { step: 'readUnreachable'; detail: string }
	| { step: 'ok'; threshold?: { used?: number; limit?: number } };

export interface CredentialTestContext {
	username: string;
	/** The base URL the test reached (after the zone lookup), when it got that far. */
	baseUrl?: string;
	autoDetected: boolean;
}

export interface CredentialTestVerdict {
	status: 'OK' | 'Error';
	message: string;
}

const READ_HINTS: Record<number, string> = {
	401: 'Check the Secret and the API Integration Code (the API user\'s tracking identifier), and that the user is an "API User (API-only)" resource.',
	403: "The API user's security level does not allow this read; grant it in Autotask (Admin > Resources > the API user > Security Level).",
	404: 'No Autotask REST API answers at this URL; check the zone or Base URL.',
	405: 'No Autotask REST API answers at this URL; check the zone or Base URL.',
};

function zoneUnknown(ctx: CredentialTestContext, status: number): string {
	const retry =
		status >= 500 || status === 429
			? ' If the username is right, the zone lookup may be failing: try again later, or choose the zone.'
			: '';
	return `Autotask does not know the API username "${ctx.username}": its zone lookup (zoneInformation) found no zone for it (HTTP ${status}). Check the API Username: it is the API user's login, e.g. bdr-integration@yourmsp.com.${retry}`;
}

function readRefused(ctx: CredentialTestContext, status: number, errors: string[]): string {
	const where = ctx.autoDetected ? `in its zone (${ctx.baseUrl})` : `at ${ctx.baseUrl}`;
	const joined = errors.length ? errors.join('; ') : 'no reason given';
	const text = /[.!?]$/.test(joined) ? joined : `${joined}.`;
	const hint =
		READ_HINTS[status] ??
		(status === 429 || status >= 500
			? 'Autotask is busy or limiting requests; try again in a minute.'
			: '');
	return `Autotask refused the API user "${ctx.username}" ${where} (HTTP ${status}): ${text} ${hint}`.trim();
}

/** The test's verdict for the step it stopped at. */
export function credentialTestVerdict(
	ctx: CredentialTestContext,
	result: CredentialTestStep,
): CredentialTestVerdict {
	switch (result.step) {
		case 'ok': {
			const t = result.threshold;
			const usage = t?.limit ? ` ${t.used ?? 0} of ${t.limit} API requests used this hour.` : '';
			const zone = ctx.autoDetected ? ' (zone found through zoneInformation)' : '';
			return {
				status: 'OK',
				message: `Authenticated as "${ctx.username}" at ${ctx.baseUrl}${zone}.${usage}`,
			};
		}
		case 'settings':
			return { status: 'Error', message: result.message };
		case 'zoneUnknown':
			return { status: 'Error', message: zoneUnknown(ctx, result.status) };
		case 'zoneUnreachable':
			return {
				status: 'Error',
				message: `Autotask's zone lookup could not be reached to find the zone of "${ctx.username}": ${result.detail}. Check the network path to webservices.autotask.net, or choose the zone.`,
			};
		case 'read':
			return { status: 'Error', message: readRefused(ctx, result.status, result.errors) };
		case 'readUnreachable':
			return {
				status: 'Error',
				message: `Autotask could not be reached at ${ctx.baseUrl}: ${result.detail}. Check the zone or Base URL and the network path to it.`,
			};
	}
}
