/**
 * Calls a trigger node's `webhook()` as n8n's webhook handler does (a real n8n-core
 * WebhookContext over an express-shaped request/response) and, when it returns
 * `workflowData`, runs the workflow from that trigger with it. Response rules follow
 * n8n: `noWebhookResponse` = the node answered itself; no `workflowData` = no
 * execution, answered with `webhookResponse` or "Webhook call received"; started with
 * response mode onReceived = `webhookResponse` or "Workflow was started".
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import { Node } from 'n8n-workflow';
import type {
	CloseFunction,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { harnessAdditionalData } from './additionalData';
import { BodyParseError, fakeRequest, fakeResponse, type WebhookRequest } from './fakeHttp';
import { buildWorkflow, executeFrom, type RunOptions, type RunResult } from './runWorkflow';
import type { WorkflowJson } from './workflowJson';

export type { WebhookRequest } from './fakeHttp';

export interface WebhookResult {
	response: { status: number; body: unknown; headers: Record<string, string> };
	/** Whether an execution was started (the node returned workflowData). */
	started: boolean;
	/** Per node output items of the started execution ({} when none started). */
	outputs: Record<string, INodeExecutionData[][]>;
	/** The error thrown by webhook(), or the started run's error. */
	error?: Error;
	run?: RunResult;
}

interface ResolvedWebhook {
	description: IWebhookDescription;
	httpMethod: string;
	path: string;
	responseMode: string;
	responseCode: number;
}

function resolveWebhook(workflow: Workflow, node: INode, method: string): ResolvedWebhook {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const all = nodeType.description.webhooks ?? [];
	const evaluate = <T>(value: unknown, fallback: T): T =>
		(value === undefined
			? fallback
			: workflow.expression.getSimpleParameterValue(
					node,
					value as string,
					'webhook',
					{},
					undefined,
					fallback as never,
				)) as T;
	const candidates = all.filter((w) => w.name === 'default');
	const description =
		candidates.find((w) => String(evaluate(w.httpMethod, 'POST')).toUpperCase() === method) ??
		candidates[0] ??
		all[0];
	if (!description)
		throw new Error(`Node "${node.name}" (${node.type}) declares no webhooks in its description.`);
	return {
		description,
		httpMethod: String(evaluate(description.httpMethod, 'POST')).toUpperCase(),
		path: String(evaluate(description.path, node.webhookId ?? '')),
		responseMode: String(evaluate(description.responseMode, 'onReceived')),
		responseCode: Number(evaluate(description.responseCode as string | undefined, 200)),
	};
}

function workflowBase(workflow: Workflow): IWorkflowBase {
	return {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
	} as unknown as IWorkflowBase;
}

export async function runWebhook(
	json: WorkflowJson,
	triggerNodeName: string,
	request: WebhookRequest,
	options: RunOptions = {},
): Promise<WebhookResult> {
	const workflow = buildWorkflow(json, options);
	const node = workflow.getNode(triggerNodeName);
	if (!node)
		throw new Error(
			`"${triggerNodeName}" is not a node of the workflow (${Object.keys(workflow.nodes).join(', ')}).`,
		);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook)
		throw new Error(`Node "${node.name}" (${node.type}) has no webhook() method.`);

	const method = (request.method ?? 'POST').toUpperCase();
	const webhook = resolveWebhook(workflow, node, method);
	const res = fakeResponse();
	const respond = (status: number, body: unknown) => {
		if (res.captured.ended) return;
		res.status(status);
		if (typeof body === 'string' || Buffer.isBuffer(body)) res.send(body);
		else res.json(body);
	};
	const result = (started: boolean, extra: Partial<WebhookResult> = {}): WebhookResult => ({
		response: {
			status: res.captured.status,
			body: res.captured.body,
			headers: res.captured.headers,
		},
		started,
		outputs: {},
		...extra,
	});

	let req: ReturnType<typeof fakeRequest>;
	try {
		req = fakeRequest({ ...request, method }, webhook.path);
	} catch (error) {
		if (!(error instanceof BodyParseError)) throw error;
		respond(400, { code: 400, message: error.message });
		return result(false, { error });
	}

	const httpContext = {
		httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	};
	const hooks = new ExecutionLifecycleHooks('webhook', randomUUID(), workflowBase(workflow));
	const additionalData = harnessAdditionalData(hooks, options, randomUUID(), httpContext);
	const webhookData: IWebhookData = {
		httpMethod: webhook.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: webhook.path,
		webhookDescription: webhook.description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};

	const closeFunctions: CloseFunction[] = [];
	let webhookResult: IWebhookResponseData;
	try {
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			closeFunctions,
			null,
		);
		webhookResult =
			nodeType instanceof Node
				? await nodeType.webhook(context)
				: await nodeType.webhook.call(context);
	} catch (error) {
		// n8n answers a throwing webhook() with a generic 500 and starts nothing.
		respond(500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		return result(false, { error: error as Error });
	} finally {
		await Promise.all(closeFunctions.map(async (close) => await close()));
	}

	if (webhookResult.workflowData === undefined) {
		respond(
			webhook.responseCode,
			webhookResult.webhookResponse !== undefined
				? webhookResult.webhookResponse
				: { message: 'Webhook call received' },
		);
		return result(false);
	}

	if (webhook.responseMode === 'onReceived' && !webhookResult.noWebhookResponse) {
		respond(
			webhook.responseCode,
			webhookResult.webhookResponse !== undefined
				? webhookResult.webhookResponse
				: { message: 'Workflow was started' },
		);
	} else if (webhook.responseMode !== 'lastNode' && !webhookResult.noWebhookResponse) {
		throw new Error(
			`The harness supports response modes onReceived and lastNode, not "${webhook.responseMode}".`,
		);
	}

	const run = await executeFrom(
		workflow,
		node,
		webhookResult.workflowData,
		{ ...options, mode: 'webhook' },
		httpContext,
	);
	if (webhook.responseMode === 'lastNode') {
		const last = run.run.data.resultData.lastNodeExecuted;
		const first = last ? run.outputs[last]?.[0]?.[0] : undefined;
		if (run.error) respond(500, { code: 0, message: 'Error in workflow' });
		else respond(webhook.responseCode, first?.json ?? {});
	}
	return result(true, { outputs: run.outputs, error: run.error, run });
}
