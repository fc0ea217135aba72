/** The `bdrAutotaskApi` credential values that reach a running sandbox. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export interface SandboxLike {
	baseUrl: string;
	credentials: { username: string; secret: string; integrationCode: string };
}

export function credentialsFor(sandbox: SandboxLike): ICredentialDataDecryptedObject {
	const { username, secret, integrationCode } = sandbox.credentials;
	return { username, secret, integrationCode, zone: 'custom', customUrl: sandbox.baseUrl };
}
