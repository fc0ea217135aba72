/**
 * Signs as any BDR sender would, following the README's "Signing a request" contract: its own few
 * lines, not the trigger's code, so a signing bug in the product cannot sign its own tests green.
 */
import { createHmac } from 'node:crypto';

/** `X-BDR-Timestamp` and `X-BDR-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export function signatureHeaders(
	secret: string,
	body: string,
	nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
	const timestamp = String(nowSeconds);
	const signature =
		'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return { 'X-BDR-Timestamp': timestamp, 'X-BDR-Signature': signature };
}
