import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Autotask REST API access for the BDR integration. Named with the package prefix so it never
 * collides with another Autotask package's credential.
 */
export class BdrAutotaskApi implements ICredentialType {
	name = 'bdrAutotaskApi';

	displayName = 'BDR Autotask API';

	icon: Icon = { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' };

	documentationUrl = 'https://github.com/bdr-autotask/n8n-nodes-bdr-autotask#autotask-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. bdr-integration@example.com',
			description: 'Username of an API-only resource in Autotask (Admin > Resources > API user)',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The API user's secret (API password)",
		},
		{
			displayName: 'API Integration Code',
			name: 'integrationCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The tracking identifier chosen on the API user's API Tracking Identifier tab",
		},
		{
			displayName: 'Zone',
			name: 'zone',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Auto-Detect (Recommended)',
					value: 'auto',
					description: "Ask Autotask's zone information service which zone hosts this API user",
				},
				{
					name: 'Autotask Zone URL',
					value: 'explicit',
					description: 'A webservicesN.autotask.net address you already know',
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description:
						'Any server that speaks the Autotask REST API, such as the local sandbox of this package',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://webservices5.autotask.net/ATServicesRest/V1.0',
			hint: 'With "Autotask Zone URL" only https://webservicesN.autotask.net addresses are accepted. Choose "Custom URL" for anything else, e.g. the sandbox at http://127.0.0.1:8085/ATServicesRest/V1.0.',
			displayOptions: { show: { zone: ['explicit', 'custom'] } },
		},
		{
			displayName: 'Concurrent Requests per Endpoint',
			name: 'maxConcurrent',
			type: 'number',
			default: 3,
			typeOptions: { minValue: 1, maxValue: 3 },
			description:
				'Autotask refuses more than 3 concurrent requests per endpoint per integration code. Lower it when other tools share this integration code.',
		},
	];

	/** The three headers every Autotask REST request carries (also usable from the HTTP Request node). */
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				// Trimmed as the nodes read them (nodes/autotask/client.ts credentialsFromN8n): a pasted
				// trailing space must not turn into a 401 that the zone lookup did not get.
				ApiIntegrationCode: '={{$credentials.integrationCode.trim()}}',
				UserName: '={{$credentials.username.trim()}}',
				Secret: '={{$credentials.secret}}',
			},
		},
	};

	// No declarative `test`: n8n would run it instead of the nodes' `testedBy` test, and one request cannot
	// follow the zone lookup. The nodes test the credential (nodes/methods/credentialTest.ts).
}
