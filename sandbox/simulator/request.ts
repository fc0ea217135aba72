/** Turns events into HTTP requests, signed properly or broken on purpose. */
import { MAX_BODY_BYTES } from '../../nodes/logic/eventSchema';
import { signatureHeaders } from './sign';

export type RequestFlaw =
	| 'none'
	| 'unsigned'
	| 'stale'
	| 'wrongSignature'
	| 'malformed'
	| 'schemaInvalid'
	| 'oversize';
export const FLAWS: RequestFlaw[] = [
	'unsigned',
	'stale',
	'wrongSignature',
	'malformed',
	'schemaInvalid',
	'oversize',
];

export interface SimRequest {
	headers: Record<string, string>;
	body: string;
	flaw: RequestFlaw;
}

/** The answer the trigger must give for each flaw. */
export const EXPECTED_STATUS: Record<RequestFlaw, number> = {
	none: 202,
	unsigned: 401,
	stale: 401,
	wrongSignature: 401,
	malformed: 400,
	schemaInvalid: 400,
	oversize: 413,
};

export function signedRequest(
	secret: string,
	events: unknown,
	flaw: RequestFlaw = 'none',
	nowSeconds = Math.floor(Date.now() / 1000),
): SimRequest {
	let body = JSON.stringify(events);
	if (flaw === 'malformed') body = body.slice(0, Math.max(1, body.length - 7));
	if (flaw === 'schemaInvalid')
		body = JSON.stringify(
			(Array.isArray(events) ? events : [events]).map((e) => ({
				...(e as object),
				severity: 'very bad',
				customer: {},
			})),
		);
	if (flaw === 'oversize')
		body = JSON.stringify({
			events: [
				{ ...(Array.isArray(events) ? events[0] : events), message: 'x'.repeat(MAX_BODY_BYTES) },
			],
		});
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (flaw !== 'unsigned') {
		const signedAt = flaw === 'stale' ? nowSeconds - 15 * 60 : nowSeconds;
		Object.assign(
			headers,
			signatureHeaders(flaw === 'wrongSignature' ? `${secret}-wrong` : secret, body, signedAt),
		);
	}
	return { headers, body, flaw };
}
