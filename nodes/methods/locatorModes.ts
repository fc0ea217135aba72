/**
 * The modes of every Autotask resource locator in the nodes: pick the record from one of the
 * searchable lists in listSearch (this folder), or type its Autotask ID, which is a whole number.
 */
import type { INodePropertyMode } from 'n8n-workflow';

/**
 * `record`: what the ID names, as in "An Autotask company ID is a whole number". Returned under the key
 * `modes`, to spread into the locator: n8n's lint tells modes from parameters by that key.
 */
export function listOrIdModes(
	searchListMethod: string,
	record: string,
	placeholder: string,
	hint?: string,
): { modes: INodePropertyMode[] } {
	return {
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
				...(hint ? { hint } : {}),
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\d+$',
							errorMessage: `An Autotask ${record} ID is a whole number`,
						},
					},
				],
			},
		],
	};
}
