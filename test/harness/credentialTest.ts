/**
 * Runs a credential's test the way n8n's CredentialsTester (packages/cli credentials-tester.service)
 * picks it: a declarative `test` on the credential type wins; only without one does n8n look for a
 * node that lists the credential with `testedBy` and call its `methods.credentialTest[testedBy]`,
 * with n8n-core's own CredentialTestContext. `rewriteUrl` lets a test point a fixed host (Autotask's
 * zone lookup) at the sandbox, as a DNS entry would, without touching the code under test.
 */
import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { credentialTypes } from './credentialsHelper';
import { loadPackageNodeTypes } from './packageTypes';

export interface CredentialTestOptions {
	rewriteUrl?: (url: string) => string;
}

/** The function n8n would call for this credential type, or why there is none. */
export function credentialTestFunction(type: string): ICredentialTestFunction {
	if (credentialTypes().get(type)?.test) {
		throw new Error(
			`Credential type "${type}" has a declarative test: n8n runs that one and never calls a node's testedBy function.`,
		);
	}
	for (const node of loadPackageNodeTypes().values()) {
		const nodeType = node as INodeType;
		for (const entry of nodeType.description.credentials ?? []) {
			if (entry.name !== type || typeof entry.testedBy !== 'string') continue;
			const fn = nodeType.methods?.credentialTest?.[entry.testedBy];
			if (!fn)
				throw new Error(
					`${nodeType.description.name} names testedBy "${entry.testedBy}" but has no such methods.credentialTest function.`,
				);
			return fn;
		}
	}
	throw new Error(
		`No node tests credential type "${type}": n8n would answer "No testing function found for this credential."`,
	);
}

export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	const rewrite = options.rewriteUrl ?? ((url: string) => url);
	const request = (uriOrObject: string | object, more?: object) => {
		const object =
			typeof uriOrObject === 'string'
				? { uri: uriOrObject, ...more }
				: { ...(uriOrObject as Record<string, unknown>) };
		const target = object as { uri?: string; url?: string };
		if (target.uri) target.uri = rewrite(target.uri);
		if (target.url) target.url = rewrite(target.url);
		return context.helpers.request(object);
	};
	// Same prototype (the lazy logger), the request helper wrapped.
	const ctx = Object.assign(Object.create(Object.getPrototypeOf(context)), context, {
		helpers: { ...context.helpers, request },
	}) as ICredentialTestFunctions;
	return credentialTestFunction(type).call(ctx, {
		id: 'test',
		name: 'Test credential',
		type,
		data,
	});
}
