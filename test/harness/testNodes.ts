/** Tiny test-only node and credential types used by the harness's own tests. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';

const MAIN = 'main' as never;

function description(
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name },
		inputs: [MAIN],
		outputs: [MAIN],
		properties: [],
		...extra,
	};
}

/** Outputs `{ value }` per item, `value` being its (expression-capable) parameter. */
export const valueNode: INodeType = {
	description: description('value', {
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	}),
	async execute(this: IExecuteFunctions) {
		return [
			this.getInputData().map((_, i) => ({
				json: { value: this.getNodeParameter('value', i) },
				pairedItem: { item: i },
			})),
		];
	},
};

/** Routes items with `n` even to output 0, odd to output 1. */
export const splitNode: INodeType = {
	description: description('split', { outputs: [MAIN, MAIN], outputNames: ['even', 'odd'] }),
	async execute(this: IExecuteFunctions) {
		const even: INodeExecutionData[] = [];
		const odd: INodeExecutionData[] = [];
		this.getInputData().forEach((item, i) => {
			((item.json.n as number) % 2 === 0 ? even : odd).push({
				json: item.json,
				pairedItem: { item: i },
			});
		});
		return [even, odd];
	},
};

/** Fails items with `fail: true`; honours continueOnFail like our nodes must. */
export const failingNode: INodeType = {
	description: description('failing'),
	async execute(this: IExecuteFunctions) {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			try {
				if (item.json.fail === true)
					throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, { itemIndex: i });
				out.push({ json: { ok: item.json.id }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	},
};

export const tokenCredential: ICredentialType = {
	name: 'harnessTokenApi',
	displayName: 'Harness Token API',
	properties: [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { 'X-Token': '={{$credentials.token}}' } },
	},
};

/** Reads its credential; with `call` set, GETs `${baseUrl}/echo` with the credential's authentication. */
export const credentialNode: INodeType = {
	description: description('credential', {
		credentials: [{ name: 'harnessTokenApi', required: true }],
		properties: [{ displayName: 'Call', name: 'call', type: 'boolean', default: false }],
	}),
	async execute(this: IExecuteFunctions) {
		const credentials = await this.getCredentials('harnessTokenApi');
		if (!this.getNodeParameter('call', 0)) {
			return [
				[
					{
						json: { region: credentials.region, tokenLength: String(credentials.token).length },
						pairedItem: { item: 0 },
					},
				],
			];
		}
		try {
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
				method: 'GET',
				url: `${String(credentials.baseUrl)}/echo`,
				json: true,
			})) as JsonObject;
			return [[{ json: body, pairedItem: { item: 0 } }]];
		} catch (error) {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	},
};

/** A webhook trigger: refuses (no execution) unless header `x-key` is `open`; echoes what it saw. */
export const gateTrigger: INodeType = {
	description: description('gate', {
		group: ['trigger'],
		inputs: [],
		properties: [{ displayName: 'Mode', name: 'mode', type: 'string', default: 'answer' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'gate' }],
	}),
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as {
			rawBody: Buffer;
			headers: Record<string, string>;
			body: unknown;
		};
		const mode = this.getNodeParameter('mode') as string;
		if (mode === 'throw') throw new NodeOperationError(this.getNode(), 'webhook() failed');
		if (req.headers['x-key'] !== 'open') {
			if (mode === 'selfAnswer') {
				this.getResponseObject().status(401).json({ refused: 'bad key' });
				return { noWebhookResponse: true };
			}
			return { webhookResponse: { refused: 'bad key' } };
		}
		const seen = {
			rawIsBuffer: Buffer.isBuffer(req.rawBody),
			raw: req.rawBody.toString('utf8'),
			body: this.getBodyData(),
			contentType: req.headers['content-type'],
			query: this.getQueryData(),
		};
		return { workflowData: [[{ json: seen }]] };
	},
};

export const testNodeTypes = {
	'test.value': valueNode,
	'test.split': splitNode,
	'test.failing': failingNode,
	'test.credential': credentialNode,
	'test.gate': gateTrigger,
};
