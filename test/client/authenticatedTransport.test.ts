/**
 * Issue #15 (n8n verification): the nodes' Autotask requests go through n8n's
 * httpRequestWithAuthentication, so the credential's own `authenticate` adds the headers;
 * the client builds none by hand. The credential test is the exception (n8n gives it no
 * authenticated helper) and is covered by test/nodes/autotaskCredential.test.ts.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { autotaskClientFor, CREDENTIAL_TYPE } from '../../nodes/autotask/client';
import { HarnessCredentialsHelper } from '../harness/credentialsHelper';

const credentials = {
	username: ' api@example.com ',
	secret: 'S3cret!',
	integrationCode: ' CODE42 ',
	zone: 'custom',
	customUrl: 'http://127.0.0.1:1/ATServicesRest/V1.0',
};
const AUTH_HEADERS = ['apiintegrationcode', 'username', 'secret'];

function recordingContext() {
	const calls: Array<{ type: string; options: IHttpRequestOptions }> = [];
	const ctx = {
		getCredentials: async () => credentials,
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
				calls.push({ type, options });
				return {
					statusCode: 200,
					headers: {},
					body: { items: [{ id: 0, companyName: 'Own' }], pageDetails: { nextPageUrl: null } },
				};
			},
			httpRequest: async () => {
				throw new Error(
					"the nodes must not send Autotask requests without the credential's authenticate",
				);
			},
		},
	};
	return { ctx, calls };
}

describe('Autotask requests from the nodes', () => {
	it("go through httpRequestWithAuthentication with the Autotask credential and carry no credential header of the client's own", async () => {
		const { ctx, calls } = recordingContext();
		const client = await autotaskClientFor(ctx);
		await client.query('Companies', { filter: [{ op: 'eq', field: 'id', value: 0 }] });
		expect(calls.length).toBeGreaterThan(0);
		for (const { type, options } of calls) {
			expect(type).toBe(CREDENTIAL_TYPE);
			const names = Object.keys(options.headers ?? {}).map((h) => h.toLowerCase());
			for (const header of AUTH_HEADERS) expect(names).not.toContain(header);
			expect(JSON.stringify(options)).not.toContain('S3cret!');
		}
	});

	it("get the three headers from the credential's authenticate, user and integration code trimmed as the nodes read them", async () => {
		const signed = await new HarnessCredentialsHelper({}).authenticate(
			credentials,
			CREDENTIAL_TYPE,
			{ url: 'http://x', headers: {} },
		);
		expect(signed.headers).toEqual({
			ApiIntegrationCode: 'CODE42',
			UserName: 'api@example.com',
			Secret: 'S3cret!',
		});
	});
});
