/**
 * A source node's run: one read of the vendor per execution whatever the number of input items (a
 * Schedule Trigger gives one), every output item paired with the first input, failures as the
 * error n8n shows (or one error item under Continue On Fail).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

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
			return [[{ json: { error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}) }, pairedItem }]];
		}
		throw nodeError;
	}
	return [records.map((json) => ({ json, pairedItem }))];
}
