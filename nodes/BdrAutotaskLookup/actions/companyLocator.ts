import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The company resource locator: "From List" (searchCompanies) or "By ID". */
export function companyLocator(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Company',
		name: 'company',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: { show: { operation: operations } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchCompanies', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 29683778',
				hint: 'The Autotask PSA Account ID of the company',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'An Autotask company ID is a number' } }],
			},
		],
	};
}

export function companyIdAt(ctx: IExecuteFunctions, itemIndex: number): number {
	const value = ctx.getNodeParameter('company', itemIndex, '', { extractValue: true }) as string | number;
	const id = Number(value);
	if (value === '' || !Number.isInteger(id) || id < 0) {
		throw new NodeOperationError(ctx.getNode(), `"Company" must be an Autotask company ID (a number), got "${value}"`, {
			itemIndex,
			description: 'Pick the company from the list, or type its Autotask PSA Account ID.',
		});
	}
	return id;
}
