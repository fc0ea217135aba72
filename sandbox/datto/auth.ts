/** HTTP Basic: the public key as user name, the secret key as password (any case of the scheme). */
import { IncomingMessage } from 'http';

export function basicCredentials(
	req: IncomingMessage,
): { user: string; password: string } | undefined {
	const header = req.headers.authorization;
	const m = header ? /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
	if (!m) return undefined;
	const text = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = text.indexOf(':');
	return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function authorized(req: IncomingMessage, publicKey: string, secretKey: string): boolean {
	const c = basicCredentials(req);
	return c !== undefined && c.user === publicKey && c.password === secretKey;
}
