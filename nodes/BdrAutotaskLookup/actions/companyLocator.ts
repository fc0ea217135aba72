import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listOrIdModes } from '../../methods/locatorModes';

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
		...listOrIdModes(
			'searchCompanies',
			'company',
			'e.g. 29683778',
			'The Autotask PSA Account ID of the company',
		),
	};
}

export function companyIdAt(ctx: IExecuteFunctions, itemIndex: number): number {
	const value = ctx.getNodeParameter('company', itemIndex, '', { extractValue: true }) as
		| string
		| number;
	const id = Number(value);
	if (value === '' || !Number.isInteger(id) || id < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Company" must be an Autotask company ID (a number), got "${value}"`,
			{
				itemIndex,
				description: 'Pick the company from the list, or type its Autotask PSA Account ID.',
			},
		);
	}
	return id;
}
