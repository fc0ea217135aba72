/** A workflow of one node of this package (after a manual trigger, if asked), for a node's own tests. */
import type { WorkflowJson } from './workflowJson';

type WorkflowNode = WorkflowJson['nodes'][number];

export interface NodeWorkflowOptions {
	/** The node's name; default 'Node'. */
	node?: string;
	/** A manual trigger named Start before the node, as when a user tests it in the editor. */
	trigger?: boolean;
	/** What the node does on an error (n8n's onError: continueRegularOutput, …). */
	onError?: string;
	/** Anything else on the node. */
	extra?: Partial<WorkflowNode>;
	/** The workflow's name; default the node type. */
	name?: string;
}

/** `type`: the node's name without the package prefix, e.g. bdrSyncBilling. The node signs in with the Autotask credential. */
export function nodeWorkflow(
	type: string,
	parameters: Record<string, unknown>,
	{ node = 'Node', trigger = false, onError, extra = {}, name = type }: NodeWorkflowOptions = {},
): WorkflowJson {
	const own: WorkflowNode = {
		name: node,
		type: `n8n-nodes-bdr-autotask.${type}`,
		typeVersion: 1,
		position: [200, 0],
		parameters: parameters as WorkflowNode['parameters'],
		credentials: { bdrAutotaskApi: { id: '1', name: 'Autotask' } },
		...(onError ? { onError: onError as WorkflowNode['onError'] } : {}),
		...extra,
	};
	if (!trigger) return { name, nodes: [own], connections: {} };
	const start: WorkflowNode = {
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return {
		name,
		nodes: [start, own],
		connections: { Start: { main: [[{ node, type: 'main' as never, index: 0 }]] } },
	};
}
