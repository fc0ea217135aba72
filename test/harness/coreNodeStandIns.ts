/**
 * Small stand-ins for the n8n core nodes our workflow templates use, so templates
 * run unchanged in the engine harness without installing n8n-nodes-base. They keep
 * each node's type name, inputs/outputs and the parameters the templates set; they
 * are not the real nodes (no scheduling, only the If/Set features listed below).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	NodeConnectionType,
} from 'n8n-workflow';

const MAIN = 'main' as NodeConnectionType;

function describe(
	name: string,
	displayName: string,
	extra: Partial<INodeTypeDescription>,
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: [1, 1.1, 1.2, 1.3, 2, 2.1, 2.2, 3, 3.1, 3.2, 3.3, 3.4],
		description: `Harness stand-in for n8n-nodes-base.${name}`,
		defaults: { name: displayName },
		inputs: [MAIN],
		outputs: [MAIN],
		properties: [],
		...extra,
	};
}

/** A trigger that, run manually, emits one item (`payload`); otherwise passes its input on. */
function manualEmitter(payload: () => IDataObject) {
	return async function (this: ITriggerFunctions): Promise<ITriggerResponse> {
		const emit = () => this.emit([this.helpers.returnJsonArray([payload()])]);
		return { manualTriggerFunction: async () => emit() };
	};
}

const stickyNote: INodeType = {
	description: describe('stickyNote', 'Sticky Note', {
		group: ['input'],
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	}),
};

const noOp: INodeType = {
	description: describe('noOp', 'No Operation, do nothing', {}),
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

const manualTrigger: INodeType = {
	description: describe('manualTrigger', 'When clicking ‘Execute workflow’', {
		group: ['trigger'],
		inputs: [],
	}),
	trigger: manualEmitter(() => ({})),
};

const scheduleTrigger: INodeType = {
	description: describe('scheduleTrigger', 'Schedule Trigger', {
		group: ['trigger', 'schedule'],
		inputs: [],
		properties: [{ displayName: 'Rule', name: 'rule', type: 'json', default: {} }],
	}),
	trigger: manualEmitter(() => ({ timestamp: new Date().toISOString() })),
};

const errorTrigger: INodeType = {
	description: describe('errorTrigger', 'Error Trigger', { group: ['trigger'], inputs: [] }),
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

/** If (v2): a `conditions` filter parameter, which n8n evaluates to a boolean per item. */
const ifNode: INodeType = {
	description: describe('if', 'If', {
		outputs: [MAIN, MAIN],
		outputNames: ['true', 'false'],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	}),
	async execute(this: IExecuteFunctions) {
		const pass: INodeExecutionData[] = [];
		const fail: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const ok = this.getNodeParameter('conditions', index, false, { extractValue: true });
			(ok === true ? pass : fail).push({ ...item, pairedItem: { item: index } });
		}
		return [pass, fail];
	},
};

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = target;
	for (const key of keys.slice(0, -1)) {
		if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
		at = at[key] as IDataObject;
	}
	at[keys[keys.length - 1]] = value as IDataObject[string];
}

/** Edit Fields (Set, v3.3+): `assignments` with dotted names, `includeOtherFields`. */
const setNode: INodeType = {
	description: describe('set', 'Edit Fields', {
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'hidden', default: 'manual' },
			{
				displayName: 'Fields to Set',
				name: 'assignments',
				type: 'assignmentCollection',
				default: {},
			},
			{
				displayName: 'Include Other Fields',
				name: 'includeOtherFields',
				type: 'boolean',
				default: false,
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	}),
	async execute(this: IExecuteFunctions) {
		return [
			this.getInputData().map((item, index) => {
				const includeOther = this.getNodeParameter('includeOtherFields', index, false) as boolean;
				const assignments = this.getNodeParameter('assignments.assignments', index, []) as Array<{
					name: string;
					value: unknown;
				}>;
				const json: IDataObject = includeOther ? structuredClone(item.json) : {};
				for (const { name, value } of assignments) setPath(json, name, value);
				return { json, pairedItem: { item: index } };
			}),
		];
	},
};

export const coreNodeStandIns: Record<string, INodeType> = {
	'n8n-nodes-base.stickyNote': stickyNote,
	'n8n-nodes-base.noOp': noOp,
	'n8n-nodes-base.manualTrigger': manualTrigger,
	'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
	'n8n-nodes-base.errorTrigger': errorTrigger,
	'n8n-nodes-base.if': ifNode,
	'n8n-nodes-base.set': setNode,
};
