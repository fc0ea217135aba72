import { type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import {
	type CompanyRecord,
	type MappingTarget,
	parseId,
	targetsFromCompanyField,
} from '../../logic/customerMapping';

interface TableRow {
	bdrCustomerId?: string;
	company?: { value?: string | number } | string | number;
	/** A resource locator; a plain id from workflows saved before it was one is read too. */
	contract?: { value?: string | number } | string | number;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The customer ids of all items, as read through the (expression) parameter. */
export function readCustomerIds(ctx: IExecuteFunctions, items: INodeExecutionData[]): string[] {
	return items.map((_item, i) => text(ctx.getNodeParameter('customerId', i, '')));
}

/** The value of a resource locator column, or the plain value itself. */
function locatorValue(value: TableRow['company']): unknown {
	return typeof value === 'object' && value !== null ? value.value : value;
}

/** Table mode: one row per BDR customer id; a duplicate row is a configuration mistake, refused loudly. */
export function targetsFromTable(ctx: IExecuteFunctions, customerIds: string[]): MappingTarget[] {
	const rows = (ctx.getNodeParameter('mappings.mapping', 0, []) as TableRow[]) ?? [];
	const byCustomer = new Map<string, Omit<MappingTarget, 'customerId'>>();
	for (const [index, row] of rows.entries()) {
		const customerId = text(row.bdrCustomerId);
		if (!customerId) continue;
		if (byCustomer.has(customerId)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Mappings row ${index + 1} repeats BDR customer ID "${customerId}"`,
				{
					description:
						'Each BDR customer ID may appear in one row only: delete or merge the duplicate row',
				},
			);
		}
		const rawCompany = text(locatorValue(row.company));
		const rawContract = text(locatorValue(row.contract));
		const companyId = parseId(rawCompany);
		const contractId = rawContract ? parseId(rawContract) : undefined;
		const target: Omit<MappingTarget, 'customerId'> = { companyId, contractId };
		if (companyId === undefined) {
			target.refusal = {
				reason: 'invalid_company_id',
				message: `Mappings row ${index + 1} (BDR customer "${customerId}") has no valid Autotask company: pick one from the list or enter its numeric ID`,
			};
		} else if (rawContract && contractId === undefined) {
			target.refusal = {
				reason: 'invalid_contract_id',
				message: `Mappings row ${index + 1} (BDR customer "${customerId}") has contract "${rawContract}", which is not a contract ID: pick one from the list`,
			};
		}
		byCustomer.set(customerId, target);
	}
	return customerIds.map((customerId) => ({
		customerId,
		...(customerId ? byCustomer.get(customerId) : undefined),
	}));
}

/** Item-fields mode: ids come from expressions evaluated per item. */
export function targetsFromItems(ctx: IExecuteFunctions, customerIds: string[]): MappingTarget[] {
	return customerIds.map((customerId, i) => {
		const rawCompany = text(ctx.getNodeParameter('companyIdValue', i, ''));
		const rawContract = text(ctx.getNodeParameter('contractIdValue', i, ''));
		const target: MappingTarget = {
			customerId,
			companyId: parseId(rawCompany),
			contractId: rawContract ? parseId(rawContract) : undefined,
		};
		if (rawCompany && target.companyId === undefined) {
			target.refusal = {
				reason: 'invalid_company_id',
				message: `The Company ID field gave "${rawCompany}", which is not an Autotask company ID: point the expression at the numeric company ID`,
			};
		} else if (rawContract && target.contractId === undefined) {
			target.refusal = {
				reason: 'invalid_contract_id',
				message: `The Contract ID field gave "${rawContract}", which is not an Autotask contract ID: point the expression at the numeric contract ID`,
			};
		}
		return target;
	});
}

/** Company-field mode: one batched `in` query on the UDF for all distinct customer ids. */
export async function targetsFromCompanyUdf(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	customerIds: string[],
): Promise<{ targets: MappingTarget[]; companies: CompanyRecord[] }> {
	const udfName = text(ctx.getNodeParameter('udfName', 0, 'BDR Customer ID'));
	const contractUdfName = text(ctx.getNodeParameter('contractUdfName', 0, '')) || undefined;
	if (!udfName)
		throw new NodeOperationError(ctx.getNode(), 'Company Field Name is empty', {
			description:
				'Enter the name of the company user-defined field that holds the BDR customer ID',
		});
	const distinct = Array.from(new Set(customerIds.filter(Boolean)));
	const companies = await client.queryInCached<CompanyRecord>(
		'Companies',
		udfName,
		distinct,
		{ udf: true },
		(c) => {
			const value = c.userDefinedFields?.find(
				(f) => f.name.toLowerCase() === udfName.toLowerCase(),
			)?.value;
			return value === undefined || value === null ? [] : [String(value)];
		},
	);
	const byCustomer = targetsFromCompanyField(distinct, companies, udfName, contractUdfName);
	return {
		targets: customerIds.map((customerId) => ({ customerId, ...byCustomer.get(customerId) })),
		companies,
	};
}
