/**
 * Request signing shared by BDR senders and the trigger:
 *   X-BDR-Timestamp: <unix seconds>
 *   X-BDR-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>
 * The timestamp is inside the signed text, so a captured request cannot be
 * replayed once it falls outside the window.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export const TIMESTAMP_HEADER = 'x-bdr-timestamp';
export const SIGNATURE_HEADER = 'x-bdr-signature';
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export function computeSignature(
	secret: string,
	timestamp: string | number,
	rawBody: Buffer | string,
): string {
	const hmac = createHmac('sha256', secret);
	hmac.update(`${timestamp}.`);
	hmac.update(rawBody);
	return `sha256=${hmac.digest('hex')}`;
}

/** Headers a sender attaches; `nowSeconds` is injectable for tests and stale-request simulation. */
export function signRequest(
	secret: string,
	rawBody: Buffer | string,
	nowSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
	const timestamp = String(nowSeconds);
	return {
		'X-BDR-Timestamp': timestamp,
		'X-BDR-Signature': computeSignature(secret, timestamp, rawBody),
	};
}

export type SignatureFailure =
	| 'missing_secret'
	| 'missing_timestamp'
	| 'missing_signature'
	| 'malformed_timestamp'
	| 'stale_timestamp'
	| 'bad_signature';

export type SignatureCheck =
	| { ok: true }
	| { ok: false; reason: SignatureFailure; message: string };

function header(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
	const value = found === undefined ? undefined : headers[found];
	return Array.isArray(value) ? value[0] : value;
}

/** Checks a request; messages never contain the secret, the received signature or the expected one. */
export function verifySignature(
	secret: string,
	headers: Record<string, string | string[] | undefined>,
	rawBody: Buffer,
	nowSeconds: number = Math.floor(Date.now() / 1000),
	windowSeconds: number = SIGNATURE_WINDOW_SECONDS,
): SignatureCheck {
	if (!secret) {
		return {
			ok: false,
			reason: 'missing_secret',
			message:
				'The trigger has no webhook secret: set the Secret of its BDR Webhook Secret credential',
		};
	}
	const timestamp = header(headers, TIMESTAMP_HEADER)?.trim();
	const signature = header(headers, SIGNATURE_HEADER)?.trim();
	if (!timestamp)
		return {
			ok: false,
			reason: 'missing_timestamp',
			message: 'Header X-BDR-Timestamp (unix seconds) is missing: sign the request',
		};
	if (!signature)
		return {
			ok: false,
			reason: 'missing_signature',
			message: 'Header X-BDR-Signature is missing: sign the request with the shared secret',
		};
	if (!/^\d{1,12}$/.test(timestamp)) {
		return {
			ok: false,
			reason: 'malformed_timestamp',
			message: 'Header X-BDR-Timestamp must be whole unix seconds',
		};
	}
	if (Math.abs(nowSeconds - Number(timestamp)) > windowSeconds) {
		return {
			ok: false,
			reason: 'stale_timestamp',
			message: `Header X-BDR-Timestamp is more than ${windowSeconds} seconds from the receiver's clock: sign each request when sending it and keep the sender's clock in sync`,
		};
	}
	const expected = Buffer.from(computeSignature(secret, timestamp, rawBody), 'utf8');
	const received = Buffer.from(signature, 'utf8');
	// timingSafeEqual needs equal lengths; a length mismatch is a wrong signature anyway.
	if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
		return {
			ok: false,
			reason: 'bad_signature',
			message:
				'Header X-BDR-Signature does not match: sign "timestamp.rawBody" with HMAC-SHA256 and the shared secret, formatted sha256=<hex>',
		};
	}
	return { ok: true };
}
