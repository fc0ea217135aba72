/**
 * The editor parameters the source nodes (x360Recover, Datto BCDR) share, and how the actions read
 * their values: both offer the same three operations, each with an Options collection (and a notice
 * where the operation needs one), a client picker and a pace; what differs is the vendor's words,
 * which each node passes in. The checks that refuse a run before anything is read live here too,
 * since both nodes refuse the same mistakes with the same texts.
 */
import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type SourceOperation = 'deviceHealth' | 'usage' | 'listClients';

/** The Options collection of each operation (where Requests per Second is read before the client is made). */
export const OPTIONS_OF: Record<SourceOperation, string> = {
	deviceHealth: 'healthOptions',
	usage: 'usageOptions',
	listClients: 'listOptions',
};

/** The node's subtitle: the chosen operation's name. */
export const SOURCE_SUBTITLE =
	'={{ {"deviceHealth": "Device Health", "usage": "Usage", "listClients": "List Clients"}[$parameter["operation"]] }}';

/** What the editor says of an operation, in the vendor's words: each action module exports its own. */
export interface OperationText {
	action: string;
	description: string;
}

/** The Operation list, from each action's text; the options stay in the alphabetical order n8n's lint asks for. */
export function operationProperty(
	actions: Record<SourceOperation, { operation: OperationText }>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'deviceHealth',
		options: [
			{ name: 'Device Health', value: 'deviceHealth', ...actions.deviceHealth.operation },
			{ name: 'List Clients', value: 'listClients', ...actions.listClients.operation },
			{ name: 'Usage', value: 'usage', ...actions.usage.operation },
		],
	};
}

/** A source node's parameters: the Operation list, then each operation's own. */
export function sourceProperties(
	actions: Record<SourceOperation, { operation: OperationText; properties: INodeProperties[] }>,
): INodeProperties[] {
	return [
		operationProperty(actions),
		...actions.deviceHealth.properties,
		...actions.usage.properties,
		...actions.listClients.properties,
	];
}

/**
 * An operation's own parameters: the notice at its top (what one output item is and what to connect
 * next), where it has one, then its Options collection (pass the options in alphabetical order).
 */
export function operationParameters(
	operation: SourceOperation,
	notice: string | undefined,
	options: INodeProperties[],
): INodeProperties[] {
	const displayOptions = { show: { operation: [operation] } };
	const collection: INodeProperties = {
		displayName: 'Options',
		name: OPTIONS_OF[operation],
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions,
		options,
	};
	return notice === undefined
		? [collection]
		: [
				{
					displayName: notice,
					name: `${operation}Notice`,
					type: 'notice',
					default: '',
					displayOptions,
				},
				collection,
			];
}

/** The client (or organization) picker, loaded by the node's `loadOptionsMethod`; `only` says whose ids these are. */
export function clientPicker(
	displayName: string,
	name: string,
	loadOptionsMethod: string,
	only: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod },
		default: [],
		description: `${only}; none chosen means all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** Conditions: the vendor's conditions to choose from (in alphabetical order); none chosen reports all. */
export function conditionsOption(
	options: Array<{ name: string; value: string; description?: string }>,
): INodeProperties {
	return {
		displayName: 'Conditions',
		name: 'conditions',
		type: 'multiOptions',
		default: [],
		description: 'Conditions to report; none chosen means all',
		options,
	};
}

/** A whole-or-decimal number option with its range. */
export function numberOption(
	displayName: string,
	name: string,
	dflt: number,
	description: string,
	range: { minValue?: number; maxValue?: number; numberPrecisionDigits?: number } = { minValue: 0 },
): INodeProperties {
	return { displayName, name, type: 'number', default: dflt, typeOptions: range, description };
}

/** Requests per Second: each vendor's default and ceiling, and why. */
export function paceOption(
	dflt: number,
	range: { minValue: number; maxValue: number },
	description: string,
): INodeProperties {
	return numberOption('Requests per Second', 'requestsPerSecond', dflt, description, {
		...range,
		numberPrecisionDigits: 1,
	});
}

/** Client (or organization) ids as strings, whatever the editor or an expression gave. */
export function readClientIds(value: unknown): string[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [value];
	return [...new Set(list.map((v) => String(v).trim()).filter((v) => v !== ''))];
}

/** The chosen conditions the vendor knows (an expression may give anything); none means all. */
export function readConditions<C extends string>(value: unknown, known: readonly C[]): C[] {
	return (Array.isArray(value) ? value : []).filter((c): c is C =>
		(known as readonly unknown[]).includes(c),
	);
}

/**
 * The storage levels, the vendor's defaults where none is given. A warning level above the error
 * level would never warn: refused before anything is read.
 */
export function readStorageLevels(
	node: INode,
	p: { storageWarningPercent?: number; storageErrorPercent?: number },
	defaults: { storageWarningPercent: number; storageErrorPercent: number },
): { storageWarningPercent: number; storageErrorPercent: number } {
	const warn = p.storageWarningPercent ?? defaults.storageWarningPercent;
	const error = p.storageErrorPercent ?? defaults.storageErrorPercent;
	if (warn > error) {
		throw new NodeOperationError(
			node,
			`Storage Warning At (${warn}%) is above Storage Error At (${error}%)`,
			{
				description: 'Set the warning level at or below the error level',
			},
		);
	}
	return { storageWarningPercent: warn, storageErrorPercent: error };
}

/**
 * Chosen ids the vendor does not list (a typo, or a client since removed) are refused: reporting
 * nothing for them would look like a client with nothing wrong and nothing to bill.
 */
export function refuseUnknownIds(
	node: INode,
	chosen: readonly string[],
	known: { has(id: string): boolean },
	texts: { message: string; description: string },
): void {
	const unknown = chosen.filter((id) => !known.has(id));
	if (unknown.length)
		throw new NodeOperationError(node, `${texts.message} ${unknown.join(', ')}`, {
			description: texts.description,
		});
}
