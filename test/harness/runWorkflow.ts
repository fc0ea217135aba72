/**
 * Runs a workflow JSON through n8n-core's WorkflowExecute with this package's node
 * and credential types, and returns every node's output items per output index.
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { harnessAdditionalData } from './additionalData';
import type { CredentialValues } from './credentialsHelper';
import { HarnessNodeTypes, type NodeTypeMap } from './nodeTypes';
import type { WorkflowJson } from './workflowJson';

export interface RunOptions {
	/** Credential values by credential type name, e.g. `{ bdrAutotaskApi: credentialsFor(sb) }`. */
	credentials?: CredentialValues;
	/** Items entering at the start node as if it had emitted them (plain objects or `{ json }`). */
	input?: Array<IDataObject | INodeExecutionData>;
	/** Node to start at; default: the first enabled trigger node, else the first node without inputs. */
	startNode?: string;
	/** Extra credential types by name (test-only credentials; ours are discovered). */
	credentialTypes?: Record<string, ICredentialType>;
	/** Extra node types by full type name (tiny test-only nodes). */
	nodeTypes?: NodeTypeMap;
	/** Workflow static data (what getWorkflowStaticData sees). */
	staticData?: IDataObject;
	/** Execution mode; default 'trigger' (a production run). */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	/** Per node: items per output index, concatenated over the node's runs. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** The run's error (a node failed and did not continue), if any. */
	error?: ExecutionBaseError;
	/** Node names in execution order. */
	executionOrder: string[];
	/** Workflow static data after the run. */
	staticData: IDataObject;
	run: IRun;
}

export function buildWorkflow(
	json: WorkflowJson,
	options: Pick<RunOptions, 'nodeTypes' | 'staticData'>,
): Workflow {
	const nodes = structuredClone(json.nodes).map((node) => ({
		...node,
		id: node.id ?? randomUUID(),
	})) as INode[];
	return new Workflow({
		id: json.id ?? 'harness',
		name: json.name,
		nodes,
		connections: structuredClone(json.connections),
		active: false,
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		staticData: options.staticData ?? structuredClone(json.staticData ?? {}) ?? {},
		settings: json.settings,
	});
}

function isTrigger(workflow: Workflow, node: INode): boolean {
	const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return Boolean(
		type.trigger || type.webhook || type.poll || type.description.group.includes('trigger'),
	);
}

export function pickStartNode(workflow: Workflow, name?: string): INode {
	if (name !== undefined) {
		const node = workflow.getNode(name);
		if (!node)
			throw new Error(
				`startNode "${name}" is not a node of the workflow (${Object.keys(workflow.nodes).join(', ')}).`,
			);
		return node;
	}
	const nodes = Object.values(workflow.nodes).filter((node) => !node.disabled);
	const start =
		nodes.find((node) => isTrigger(workflow, node)) ??
		nodes.find(
			(node) =>
				workflow.getParentNodes(node.name).length === 0 && !node.type.endsWith('.stickyNote'),
		);
	if (!start) throw new Error('The workflow has no node to start at; pass options.startNode.');
	return start;
}

export function toItems(input: Array<IDataObject | INodeExecutionData>): INodeExecutionData[] {
	const wrapped = input.every(
		(item) => typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json),
	);
	return wrapped
		? structuredClone(input as INodeExecutionData[])
		: input.map((json) => ({ json: structuredClone(json as IDataObject) }));
}

/** Executes `workflow` from `startNode`, which receives `main` (items per input, like a trigger's output). */
export async function executeFrom(
	workflow: Workflow,
	startNode: INode,
	main: INodeExecutionData[][],
	options: RunOptions,
	extraAdditionalData: Partial<IWorkflowExecuteAdditionalData> = {},
): Promise<RunResult> {
	const mode = options.mode ?? 'trigger';
	const executionId = randomUUID();
	const workflowData = {
		id: workflow.id,
		name: workflow.name ?? 'harness',
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	let finished!: (run: IRun) => void;
	const afterHook = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const additionalData = harnessAdditionalData(hooks, options, executionId, extraAdditionalData);
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main }, source: null }] },
	});
	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await afterHook;

	const outputs: Record<string, INodeExecutionData[][]> = {};
	for (const [nodeName, tasks] of Object.entries(run.data.resultData.runData)) {
		const perOutput: INodeExecutionData[][] = [];
		for (const task of tasks) {
			(task.data?.main ?? []).forEach((items, index) => {
				perOutput[index] = [...(perOutput[index] ?? []), ...(items ?? [])];
			});
		}
		outputs[nodeName] = Array.from(perOutput, (items) => items ?? []);
	}
	return {
		outputs,
		error: run.data.resultData.error,
		executionOrder,
		staticData: workflow.staticData,
		run,
	};
}

export async function runWorkflow(
	json: WorkflowJson,
	options: RunOptions = {},
): Promise<RunResult> {
	const workflow = buildWorkflow(json, options);
	const startNode = pickStartNode(workflow, options.startNode);
	const items = options.input ? toItems(options.input) : [{ json: {} }];
	return await executeFrom(workflow, startNode, [items], options);
}
