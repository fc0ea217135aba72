import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The secret a BDR device or portal shares with the BDR Event Trigger. It never
 * travels: senders sign each request with it (HMAC-SHA256), the trigger checks
 * the signature. Nothing to call, so there is no credential test request.
 */
export class BdrWebhookSecretApi implements ICredentialType {
	name = 'bdrWebhookSecretApi';

	displayName = 'BDR Webhook Secret API';

	icon: Icon = { light: 'file:bdrWebhook.svg', dark: 'file:bdrWebhook.dark.svg' };

	documentationUrl = 'https://github.com/bdr-autotask/n8n-nodes-bdr-autotask#bdr-event-contract';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Shared secret used to sign requests: X-BDR-Signature = sha256=HMAC-SHA256(secret, X-BDR-Timestamp + "." + raw body). Use at least 32 random characters, e.g. from "openssl rand -hex 32".',
		},
	];
}
