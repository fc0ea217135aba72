/**
 * How to read the Datto BCDR API's answers (pure: no n8n, no HTTP). Sources: sandbox/datto/README.md.
 * - Missing or wrong keys: 401 `{code: "Unauthorized", message}` with a Basic challenge.
 * - A key restricted by the partner portal: 403.
 * - An unknown serial or route: 404 `{code: "NotFound"}` (a wrong Base URL looks like this too).
 * - About 120 requests a minute per key (unofficial): 429 with Retry-After, waited out.
 * - 5xx: transient; every call this package makes is a read, so it is retried.
 */
import { type Answer, type ReadAnswer, jsonBody } from './sourceAnswers';

export const DATTO_KEY_FIX =
	'In the Datto partner portal open Admin → Integrations → REST API, create (or copy) the public and secret key pair, and paste both into the credential';

function said(body: unknown): string {
	const b = jsonBody(body);
	const parts = b
		? [b.code, b.message, b.error].filter((p) => typeof p === 'string' && p.trim() !== '')
		: [];
	return parts.length ? ` Datto said: "${[...new Set(parts as string[])].join(': ')}".` : '';
}

export function readDattoAnswer(answer: Answer, path: string): ReadAnswer {
	const { status } = answer;
	const vendor = said(answer.body);
	if (status >= 200 && status < 300) return { kind: 'ok', message: '', description: '' };
	if (status === 401) {
		return {
			kind: 'auth',
			message: 'Datto refused the API keys (401 Unauthorized)',
			description: `The public or secret key is wrong, swapped or revoked. ${DATTO_KEY_FIX}.${vendor}`,
		};
	}
	if (status === 403) {
		return {
			kind: 'permission',
			message: `The Datto API keys may not read ${path} (403 Forbidden)`,
			description: `The key pair is restricted. In the Datto partner portal give the keys access to BCDR devices, or create an unrestricted pair.${vendor}`,
		};
	}
	if (status === 404) {
		const device = /^\/bcdr\/device\/[^/]+/.test(path);
		return {
			kind: device ? 'notFound' : 'route',
			message: device
				? `Datto has no such device: ${path} (404)`
				: `Datto does not know the address ${path} (404)`,
			description: device
				? `The appliance was removed, or its serial number changed, between two reads.${vendor}`
				: `Check the credential's Base URL: production is https://api.datto.com/v1 (a custom URL must end in /v1).${vendor}`,
		};
	}
	if (status === 400 || status === 422)
		return {
			kind: 'badRequest',
			message: `Datto refused the request ${path} (${status})`,
			description: `A parameter is invalid.${vendor}`,
		};
	if (status === 429) {
		return {
			kind: 'rateLimited',
			message: 'Datto asked to slow down (429) and kept asking after the waits it named',
			description: `Datto allows about 120 requests a minute per key, shared by every tool using it. Run the workflow less often, or lower Requests per Second in the node's options.${vendor}`,
		};
	}
	if (status >= 500) {
		return {
			kind: 'server',
			message: `Datto failed to answer ${path} (${status})`,
			description: `A fault on Datto's side; the read was retried and still failed. The next scheduled run tries again.${vendor}`,
		};
	}
	return {
		kind: 'unexpected',
		message: `Datto answered ${status} for ${path}`,
		description: vendor.trim(),
	};
}
