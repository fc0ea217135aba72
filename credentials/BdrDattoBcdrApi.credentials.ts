import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Datto BCDR REST API v1: the public and secret key pair of the Datto partner portal, sent as HTTP
 * Basic (public key as user, secret key as password). Prefixed name, so it never collides with
 * another Datto package's credential.
 */
export class BdrDattoBcdrApi implements ICredentialType {
	name = 'bdrDattoBcdrApi';

	displayName = 'Datto BCDR API';

	icon: Icon = { light: 'file:dattoBcdr.svg', dark: 'file:dattoBcdr.dark.svg' };

	documentationUrl =
		'https://github.com/bdr-autotask/n8n-nodes-bdr-autotask/blob/main/docs/datto-bcdr.md#the-api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description:
				'The public key of a REST API key pair (Datto partner portal: Admin → Integrations → REST API)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret key of the same pair',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: "Datto's API at https://api.datto.com/v1",
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description:
						'Any server that speaks the Datto BCDR API, such as the local stand-in of this package',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. http://127.0.0.1:8791/v1',
			description: 'The address the API paths (/bcdr/device…) are appended to, ending in /v1',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.publicKey}}',
				password: '={{$credentials.secretKey}}',
			},
		},
	};

	/** A real authenticated read: the first device page, one device long. */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? $credentials.customUrl.replace(/\\/+$/, "") : "https://api.datto.com/v1"}}',
			url: '/bcdr/device',
			method: 'GET',
			qs: { _page: 1, _perPage: 1 },
		},
	};
}
