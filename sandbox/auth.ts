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

/** Returns the integration code on success (the thread-limit key), or undefined. */
export function authenticate(headers: IncomingHttpHeaders, expected: SandboxCredentials): string | undefined {
	const code = header(headers, 'apiintegrationcode');
	// Usernames are e-mail style and compared case-insensitively, like Autotask logins.
	const okUser = same(header(headers, 'username'), expected.username, true);
	const okSecret = same(header(headers, 'secret'), expected.secret);
	const okCode = same(code, expected.integrationCode);
	return okUser && okSecret && okCode ? code : undefined;
}
