/**
 * What a source node does when n8n calls it. A run: one read of the vendor per execution whatever
 * the number of input items (a Schedule Trigger gives one), every output item paired with the first
 * input, failures as the error n8n shows (or one error item under Continue On Fail). An editor list:
 * the vendor's clients as "name (id)", sorted by name.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type SourceContext, sourceNodeError } from './n8n';
import { OPTIONS_OF, type SourceOperation } from './parameters';

/** A node's client on its credential, and the secrets to keep out of every message. */
export interface Connection<C> {
	client: C;
	secrets: string[];
}

export type Connect<C> = (
	ctx: SourceContext,
	options?: { requestsPerSecond?: number },
) => Promise<Connection<C>>;

/** One operation of a source node. */
export interface SourceAction<C> {
	execute(this: IExecuteFunctions, client: C): Promise<IDataObject[]>;
}

export async function runSource(
	ctx: IExecuteFunctions,
	read: () => Promise<IDataObject[]>,
	toError: (error: unknown) => NodeApiError | NodeOperationError,
): Promise<INodeExecutionData[][]> {
	const pairedItem = { item: 0 };
	let records: IDataObject[];
	try {
		records = await read();
	} catch (error) {
		const nodeError = toError(error);
		if (ctx.continueOnFail()) {
			return [
				[
					{
						json: {
							error: nodeError.message,
							...(nodeError.description ? { description: nodeError.description } : {}),
						},
						pairedItem,
					},
				],
			];
		}
		throw nodeError;
	}
	return [records.map((json) => ({ json, pairedItem }))];
}

/** A source node's execute: the chosen operation on a client paced as that operation's options say. */
export async function executeSource<C>(
	ctx: IExecuteFunctions,
	actions: Record<SourceOperation, SourceAction<C>>,
	connect: Connect<C>,
): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as SourceOperation;
	let secrets: string[] = [];
	return runSource(
		ctx,
		async () => {
			const action = actions[operation];
			if (!action)
				throw new NodeOperationError(ctx.getNode(), `Unknown operation "${String(operation)}"`);
			const pace = (
				ctx.getNodeParameter(OPTIONS_OF[operation], 0, {}) as { requestsPerSecond?: number }
			).requestsPerSecond;
			const made = await connect(ctx, { requestsPerSecond: pace });
			secrets = made.secrets;
			return action.execute.call(ctx, made.client);
		},
		(error) => sourceNodeError(ctx.getNode(), error, secrets, 0),
	);
}

/** The loader of an editor list of the vendor's clients (or organizations): "name (id)", sorted by name. */
export function clientListLoader<C>(
	connect: Connect<C>,
	read: (client: C) => Promise<Array<{ id: string; name?: string }>>,
	unnamed: string,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions) {
		let secrets: string[] = [];
		try {
			const made = await connect(this);
			secrets = made.secrets;
			const entries = await read(made.client);
			return entries
				.map(({ id, name }) => ({ name: `${name ?? unnamed} (${id})`, value: id }))
				.sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			throw sourceNodeError(this.getNode(), error, secrets);
		}
	};
}
