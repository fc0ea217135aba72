/**
 * Autotask's three auth headers. Node lower-cases header names, so every spelling clients use
 * (ApiIntegrationCode / APIIntegrationcode, UserName / Username, Secret) is accepted.
 */
import { IncomingHttpHeaders } from 'http';
import { timingSafeEqual } from 'crypto';

export interface SandboxCredentials {
	username: string;
	secret: string;
	integrationCode: string;
}

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
	username: 'demo-api@sandbox.local',
	secret: 'sandbox-secret',
	integrationCode: 'SANDBOXINTEGRATIONCODE',
};

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
	const v = headers[name];
	return Array.isArray(v) ? v[0] : v;
};

function same(given: string | undefined, expected: string, caseInsensitive = false): boolean {
	if (given === undefined) return false;
	const a = Buffer.from(caseInsensitive ? given.toLowerCase() : given);
	const b = Buffer.from(caseInsensitive ? expected.toLowerCase() : expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export const AUTH_FAILED =
	'Authentication failed: send the ApiIntegrationCode, UserName and Secret headers of an active API user (this sandbox prints the ones it accepts at start).';

/** Who a request comes from: the thread limit is keyed by the integration code, not the username. */
export interface Caller {
	username: string;
	integrationCode: string;
}

/** Checks the headers against every accepted API user; returns the caller, or undefined (401). */
export function authenticate(
	headers: IncomingHttpHeaders,
	accepted: SandboxCredentials[],
): Caller | undefined {
	const code = header(headers, 'apiintegrationcode');
	const user = header(headers, 'username');
	const secret = header(headers, 'secret');
	// Usernames are e-mail style and compared case-insensitively, like Autotask logins.
	const match = accepted.find(
		(c) => same(user, c.username, true) && same(secret, c.secret) && same(code, c.integrationCode),
	);
	return match ? { username: match.username, integrationCode: match.integrationCode } : undefined;
}
