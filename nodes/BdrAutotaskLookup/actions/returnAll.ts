import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** n8n's Get Many pair: Return All, else Limit (shown only when Return All is off). */
export function returnAllProperties(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show: { operation: [operation] } },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { operation: [operation], returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** The `maxRecords` of the query: undefined reads every page. */
export function maxRecordsAt(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return ctx.getNodeParameter('limit', itemIndex, 50) as number;
}
