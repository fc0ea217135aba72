/**
 * The slice of n8n's load-options context that the list methods use, with real HTTP to a
 * stand-in. Requests go through `httpRequestWithAuthentication`, which applies the credential
 * type's own `authenticate` (HarnessCredentialsHelper) as n8n does: the list methods send no
 * credential headers of their own, so a broken `authenticate` fails here with a 401.
 */
import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';

export interface LoadOptionsContextOptions {
	credentials: ICredentialDataDecryptedObject;
	/** Values for getCurrentNodeParameter; a missing one throws, as n8n's does. */
	parameters?: Record<string, unknown>;
	nodeName?: string;
}

async function send(o: IHttpRequestOptions) {
	const r = await axios.request({
		url: o.url,
		method: o.method,
		headers: o.headers as never,
		data: o.body,
		validateStatus: () => true,
	});
	return { statusCode: r.status, headers: r.headers, body: r.data };
}

export function loadOptionsContext({
	credentials,
	parameters = {},
	nodeName = 'Map Customer',
}: LoadOptionsContextOptions): ILoadOptionsFunctions {
	const helper = new HarnessCredentialsHelper({});
	return {
		getCredentials: async () => credentials,
		getNode: () => ({
			id: '1',
			name: nodeName,
			type: 'x',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getCurrentNodeParameter: (path: string) => {
			if (!(path in parameters)) throw new Error(`no parameter ${path}`);
			return parameters[path];
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) =>
				send(
					await helper.authenticate(credentials, type, {
						...options,
						headers: { ...options.headers },
					}),
				),
		},
	} as unknown as ILoadOptionsFunctions;
}
