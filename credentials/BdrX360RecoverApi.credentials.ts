import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Axcient x360Recover public API: one key, sent as `x-api-key` (Axcient's introduction says
 * `x-api-headers`; production and the OpenAPI file want `x-api-key`). Prefixed name, so it never
 * collides with another Axcient package's credential.
 */
export class BdrX360RecoverApi implements ICredentialType {
	name = 'bdrX360RecoverApi';

	displayName = 'Axcient x360Recover API';

	icon: Icon = { light: 'file:x360recover.svg', dark: 'file:x360recover.dark.svg' };

	documentationUrl =
		'https://github.com/bdr-autotask/n8n-nodes-bdr-autotask/blob/main/docs/x360recover.md#the-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A key from the x360Portal (Settings → API Keys → Generate API Key) with the x360Recover permission',
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
					description: "Axcient's API at https://axapi.axcient.com/x360recover",
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description:
						'Any server that speaks the x360Recover API, such as the local stand-in of this package',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. http://127.0.0.1:8086/x360recover',
			description: 'The address the API paths (/organization, /client, /device…) are appended to',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	/** A real authenticated read: the organization the key belongs to. */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? $credentials.customUrl.replace(/\\/+$/, "") : "https://axapi.axcient.com/x360recover"}}',
			url: '/organization',
			method: 'GET',
		},
	};
}
