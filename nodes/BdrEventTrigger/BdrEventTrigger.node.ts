import {
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { DEFAULT_SUBSCRIPTION, type SubscriptionOptions } from '../logic/eventFilter';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST } from '../logic/eventSchema';
import {
	EVENT_TYPE_LABELS,
	EVENT_TYPES,
	PROBLEM_SEVERITY_OPTIONS,
	type EventType,
} from '../logic/eventTypes';
import { handleWebhookRequest } from '../logic/webhookRequest';

const MIN_SECRET_LENGTH = 16;

/**
 * Receives signed BDR events (the Axcient guide's Partner Notifications) and starts one
 * execution per accepted request, one item per event. The decision lives in
 * logic/webhookRequest; this class only reads the request and answers it.
 */
export class BdrEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BDR Event Trigger',
		name: 'bdrEventTrigger',
		icon: { light: 'file:bdrEventTrigger.svg', dark: 'file:bdrEventTrigger.dark.svg' },
		group: ['trigger'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle:
			'={{$parameter["subscribeOkEvents"] ? "Warnings, errors and OK events" : "Warnings and errors"}}',
		description:
			'Starts the workflow when a BDR backup appliance or portal posts signed backup events',
		defaults: { name: 'BDR Event Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'bdrWebhookSecretApi', required: true, testedBy: 'bdrWebhookSecretTest' },
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'bdr-events' },
		],
		properties: [
			{
				displayName: `Senders sign each request: header X-BDR-Timestamp (unix seconds) and X-BDR-Signature = sha256=HMAC-SHA256(secret, timestamp + "." + raw body). At most ${MAX_EVENTS_PER_REQUEST} events and ${MAX_BODY_BYTES / 1024} KiB per request.`,
				name: 'signingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Subscribe to OK Events',
				name: 'subscribeOkEvents',
				type: 'boolean',
				default: false,
				description:
					'Whether events with severity OK (e.g. a backup that succeeds again) start the workflow. Off by default, as in the BDR portal. A ticketing workflow that should close its tickets when the problem clears needs this ON, or a second trigger that subscribes to OK events.',
			},
			{
				displayName: 'Event Types',
				name: 'eventTypeSelection',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All Event Types', value: 'all' },
					{ name: 'Selected Event Types', value: 'selected' },
				],
				description:
					'Which event types start the workflow; other types are answered 202 and ignored',
			},
			{
				displayName: 'Selected Types',
				name: 'eventTypes',
				type: 'multiOptions',
				default: [],
				required: true,
				displayOptions: { show: { eventTypeSelection: ['selected'] } },
				options: EVENT_TYPES.map((value) => ({ name: EVENT_TYPE_LABELS[value], value })),
				description:
					"The OK event of a selected type's condition (e.g. Backup Succeeded for Backup Failed) also passes when OK events are subscribed",
			},
			{
				displayName: 'Minimum Severity',
				name: 'minimumSeverity',
				type: 'options',
				default: 'info',
				// Info is where usage reports are, which a billing workflow needs: the label says so.
				options: PROBLEM_SEVERITY_OPTIONS.map((o) =>
					o.value === 'info' ? { ...o, name: 'Info (Includes Usage Reports)' } : o,
				),
				description:
					'Events below this severity are ignored. OK events are governed only by "Subscribe to OK Events". A billing workflow needs Info, since usage reports are informational.',
			},
			{
				displayName: 'Ignore Events Older Than (Minutes)',
				name: 'maxAgeMinutes',
				type: 'number',
				default: 1440,
				typeOptions: { minValue: 0 },
				description:
					'Events that occurred longer ago are ignored, so activating the workflow does not back-fill old history. 0 accepts any age.',
			},
		],
	};

	methods = {
		credentialTest: {
			/** Nothing to call: the secret is only checked for strength. */
			async bdrWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String(credential.data?.secret ?? '');
				if (secret.length < MIN_SECRET_LENGTH) {
					return {
						status: 'Error',
						message: `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random characters (e.g. openssl rand -hex 32)`,
					};
				}
				return {
					status: 'OK',
					message: 'The secret is long enough; senders sign with it, nothing is called',
				};
			},
		},
	};

	/** The sender (BDR portal or device) is configured by hand with the URL and secret: nothing to register remotely. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function')
			await req.readRawBody();
		// The signature covers the bytes as sent; a re-serialised body would not match.
		const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
		const credentials = await this.getCredentials('bdrWebhookSecretApi');

		const answer = handleWebhookRequest({
			rawBody,
			headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
			secret: String(credentials.secret ?? ''),
			now: new Date(),
			options: readSubscription(this),
		});

		const res = this.getResponseObject();
		res.status(answer.status).json(answer.body);
		if (answer.events.length === 0) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [answer.events.map((event) => ({ json: event as unknown as IDataObject }))],
		};
	}
}

/** The subscription options as set on the node. */
function readSubscription(ctx: IWebhookFunctions): SubscriptionOptions {
	const selection = ctx.getNodeParameter('eventTypeSelection', 'all') as string;
	return {
		subscribeOkEvents: ctx.getNodeParameter('subscribeOkEvents', false) as boolean,
		eventTypes:
			selection === 'selected' ? (ctx.getNodeParameter('eventTypes', []) as EventType[]) : 'all',
		minimumSeverity: ctx.getNodeParameter(
			'minimumSeverity',
			'info',
		) as SubscriptionOptions['minimumSeverity'],
		maxAgeMinutes: Number(
			ctx.getNodeParameter('maxAgeMinutes', DEFAULT_SUBSCRIPTION.maxAgeMinutes),
		),
	};
}
