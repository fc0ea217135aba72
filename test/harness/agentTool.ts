/**
 * Calls one of our nodes the way n8n 2.x's AI Agent calls a tool, through n8n-core itself:
 *
 * - n8n offers a node marked `usableAsTool` as a "<name>Tool" variant with no inputs and one
 *   `ai_tool` output (n8n's packages/cli tool-generation/ai-tools.ts convertNodeToAiTool); the
 *   stand-in below does the same, and refuses a node not marked `usableAsTool`.
 * - The agent asks n8n-core for its tools (getInputConnectionData → createNodeAsTool): a
 *   DynamicStructuredTool whose schema is built from the node's `$fromAI(...)` parameters.
 * - `engine` (Agent V3): the agent answers with an EngineRequest; WorkflowExecute runs the tool node
 *   on ONE item (the agent's input item merged with the model's arguments; `$fromAI` reads the
 *   arguments alone), and the agent reads only output 0 (nodes-langchain buildSteps buildObservation).
 *   A failing tool node becomes `{ error: message }`: only the message reaches the model.
 * - `direct` (tool.invoke, as Agent V1/V2 and MCP do): the arguments are checked against the schema,
 *   the node runs on one item `{ json: arguments }`, and the answer is output 0's items as JSON.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	EngineRequest,
	EngineResponse,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IRunData,
	NodeOutput,
} from 'n8n-workflow';

import { loadPackageNodeTypes, PACKAGE_NAME } from './packageTypes';
import { runWorkflow, type RunResult } from './runWorkflow';
import type { CredentialValues } from './credentialsHelper';
import type { NodeTypeMap } from './nodeTypes';

export type ToolPath = 'engine' | 'direct';

export interface ToolCall {
	/** Our node type's `description.name`, e.g. 'bdrBackupAssistant'. */
	node: string;
	/** The tool node's parameters, with `={{ $fromAI(...) }}` where the model fills them. */
	parameters: IDataObject;
	/** The arguments the model sends (flat). */
	args: IDataObject;
	credentials: CredentialValues;
	path?: ToolPath;
	/** What the agent itself received (the chat trigger's item), merged into the tool's item on the engine path. */
	agentInput?: IDataObject;
}

export interface ToolAnswer {
	/** What the model reads back: output 0's items as JSON, or `{ error }` when the node failed. */
	observation: unknown;
	/** The tool as the model sees it. */
	tool: { name: string; description: string; argumentKeys: string[] };
	run: RunResult;
	/** The items the tool node received, per run (engine path). */
	toolInput: INodeExecutionData[];
}

/** Our own stand-in of n8n's conversion of a `usableAsTool` node into its "Tool" variant. */
export function toolVariant(base: INodeType): INodeType {
	if (!base.description.usableAsTool) {
		throw new Error(
			`${base.description.name} is not marked usableAsTool: n8n offers no tool variant of it`,
		);
	}
	const description = {
		...base.description,
		name: `${base.description.name}Tool`,
		displayName: `${base.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		properties: [
			// As n8n adds them to a node with operations: the model reads the chosen operation's action unless set manually.
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options' as const,
				default: 'auto',
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string' as const,
				default: base.description.description,
				displayOptions: { show: { descriptionType: ['manual'] } },
			},
			...base.description.properties,
		],
	};
	delete (description as { usableAsTool?: unknown }).usableAsTool;
	const tool = Object.create(base) as INodeType;
	Object.defineProperty(tool, 'description', { value: description });
	return tool;
}

interface AgentMeta {
	name: string;
	description: string;
	argumentKeys: string[];
	sourceNodeName: string;
}

interface ToolLike {
	name: string;
	description: string;
	schema: { shape?: Record<string, unknown> };
	metadata?: { sourceNodeName?: string };
	invoke(args: IDataObject): Promise<string>;
}

async function connectedTool(ctx: IExecuteFunctions): Promise<{ tool: ToolLike; meta: AgentMeta }> {
	const tools = (await ctx.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as ToolLike[];
	const tool = tools[0];
	const meta = {
		name: tool.name,
		description: tool.description,
		argumentKeys: Object.keys(tool.schema.shape ?? {}).sort(),
		sourceNodeName: tool.metadata?.sourceNodeName ?? '',
	};
	return { tool, meta };
}

/** What the model reads from the tool node's run (output 0 only, as buildObservation does). */
function observationOf(
	data: EngineResponse['actionResponses'][number]['data'] | undefined,
): unknown {
	const items = data?.data?.[NodeConnectionTypes.AiTool]?.[0]?.map((item) => item?.json);
	if (items?.length) return items;
	return data?.error ? { error: data.error.message } : '';
}

/** A test-only agent: no model; it calls its one tool with the arguments it is given. */
const stubAgent: INodeType = {
	description: {
		displayName: 'Stub Agent',
		name: 'stubAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tool like the AI Agent',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Args', name: 'args', type: 'json', default: '{}' },
			{ displayName: 'Path', name: 'path', type: 'string', default: 'engine' },
		],
	},
	async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<NodeOutput> {
		const args = JSON.parse(this.getNodeParameter('args', 0) as string) as IDataObject;
		const path = this.getNodeParameter('path', 0) as ToolPath;
		const { tool, meta } = await connectedTool(this);
		if (path === 'direct') {
			const observation = await tool.invoke(args).then(
				(text) => JSON.parse(text) as unknown,
				(error: Error) => ({ thrown: error.message }),
			);
			return [[{ json: { observation, meta } as unknown as IDataObject }]];
		}
		// n8n passes an empty response on the first call: the tool has answered once it holds an action response.
		if (!response?.actionResponses.length) {
			const request: EngineRequest = {
				actions: [
					{
						actionType: 'ExecutionNodeAction',
						nodeName: meta.sourceNodeName,
						input: args,
						type: NodeConnectionTypes.AiTool,
						id: 'call_1',
						metadata: { itemIndex: 0 },
					},
				],
				metadata: {},
			};
			return request;
		}
		const observation = observationOf(response.actionResponses[0]?.data);
		return [[{ json: { observation, meta } as unknown as IDataObject }]];
	},
};

const TOOL_NODE = 'Tool';

/** The node's credentials as a workflow names them (the values come from `call.credentials`). */
function credentialRefs(base: INodeType): Record<string, { id: string; name: string }> {
	return Object.fromEntries(
		(base.description.credentials ?? []).map((c, i) => [
			c.name,
			{ id: String(i + 1), name: c.name },
		]),
	);
}

/** Runs Start → Agent ← Tool (ai_tool) and returns what the agent read back. */
export async function callAsTool(call: ToolCall): Promise<ToolAnswer> {
	const base = loadPackageNodeTypes().get(`${PACKAGE_NAME}.${call.node}`) as INodeType | undefined;
	if (!base) throw new Error(`No node type ${call.node} in this package`);
	const toolType = `${PACKAGE_NAME}.${call.node}Tool`;
	const nodeTypes: NodeTypeMap = { [toolType]: toolVariant(base), 'test.stubAgent': stubAgent };
	const run = await runWorkflow(
		{
			nodes: [
				{
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					name: 'Agent',
					type: 'test.stubAgent',
					typeVersion: 1,
					position: [200, 0],
					parameters: { args: JSON.stringify(call.args), path: call.path ?? 'engine' },
				},
				{
					name: TOOL_NODE,
					type: toolType,
					typeVersion: 1,
					position: [200, 200],
					parameters: call.parameters,
					credentials: credentialRefs(base),
				},
			],
			connections: {
				Start: { main: [[{ node: 'Agent', type: 'main' as never, index: 0 }]] },
				[TOOL_NODE]: { ai_tool: [[{ node: 'Agent', type: 'ai_tool' as never, index: 0 }]] },
			},
			// What every workflow made in n8n 1.x and 2.x has; the engine resumes the agent after its tools in this order.
			// UTC: the tests compare dates (e.g. an effective date of "today") with the UTC day.
			settings: { executionOrder: 'v1', timezone: 'UTC' },
		},
		{
			credentials: call.credentials,
			nodeTypes,
			input: [call.agentInput ?? { sessionId: 's1', action: 'sendMessage', chatInput: 'question' }],
			mode: 'manual',
		},
	);
	if (run.error) throw run.error;
	const answer = run.outputs.Agent?.[0]?.[0]?.json as
		| { observation: unknown; meta: AgentMeta }
		| undefined;
	if (!answer) throw new Error(`The agent produced no output (${run.executionOrder.join(' → ')})`);
	const toolRuns: IRunData[string] = run.run.data.resultData.runData[TOOL_NODE] ?? [];
	return {
		observation: answer.observation,
		tool: {
			name: answer.meta.name,
			description: answer.meta.description,
			argumentKeys: answer.meta.argumentKeys,
		},
		run,
		toolInput: toolRuns.flatMap(
			(task) =>
				(task.inputOverride?.[NodeConnectionTypes.AiTool]?.[0] ?? []) as INodeExecutionData[],
		),
	};
}
