/**
 * Hands the test's plain credential values to nodes, and applies a credential
 * type's `authenticate` (function or generic `{{$credentials.x}}` form) when a node
 * uses httpRequestWithAuthentication — what n8n's CLI CredentialsHelper does,
 * without a database or encryption.
 */
import { Credentials } from 'n8n-core';
import { Expression, ICredentialsHelper, NodeHelpers } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';

import { loadPackageCredentialTypes } from './packageTypes';

export type CredentialValues = Record<string, ICredentialDataDecryptedObject>;

let packageCredentialTypes: Map<string, ICredentialType> | undefined;

export function credentialTypes(): Map<string, ICredentialType> {
	packageCredentialTypes ??= loadPackageCredentialTypes();
	return packageCredentialTypes;
}

const AUTH_SECTIONS = ['headers', 'qs', 'body', 'auth'] as const;

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly values: CredentialValues,
		private readonly extraTypes: Record<string, ICredentialType> = {},
	) {
		super();
	}

	private typeOf(name: string): ICredentialType | undefined {
		return this.extraTypes[name] ?? credentialTypes().get(name);
	}

	getParentTypes(name: string): string[] {
		const parents = this.typeOf(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.typeOf(typeName)?.authenticate;
		if (authenticate === undefined) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);

		const resolve = (value: unknown): unknown => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const keys = { $credentials: credentials };
			return workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', keys, undefined, '')
				: // Outside a workflow the evaluator takes the template itself, without n8n's leading "=".
					Expression.resolveWithoutWorkflow(value.slice(1), keys as unknown as IDataObject);
		};
		const target = options as unknown as Record<string, unknown>;
		for (const section of AUTH_SECTIONS) {
			const wanted = authenticate.properties[section] as Record<string, unknown> | undefined;
			if (!wanted) continue;
			const merged: Record<string, unknown> = {
				...((target[section] as object | undefined) ?? {}),
			};
			for (const [key, value] of Object.entries(wanted))
				merged[String(resolve(key))] = resolve(value);
			target[section] = merged;
		}
		return options;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		return new Credentials(nodeCredentials, type, '');
	}

	/** The test's values for `type`, with the type's defaults filled in as n8n does. */
	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const given = this.values[type];
		if (given === undefined) {
			throw new Error(
				`No values for credential type "${type}" (node credential "${nodeCredentials?.name ?? ''}"). ` +
					`Pass them as options.credentials.${type}, e.g. credentialsFor(sandbox).`,
			);
		}
		const properties = this.typeOf(type)?.properties;
		if (!properties) return { ...given };
		const withDefaults = NodeHelpers.getNodeParameters(
			properties,
			given as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject | null;
		return { ...withDefaults, ...given };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeOf(type)?.properties ?? [];
	}
}
