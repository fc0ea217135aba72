import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { autotaskClientFor, type AutotaskClient } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';
import { WORK_TYPE_FILTER, workTypeOptions, type WorkType } from '../logic/workTypes';

/** The tenant's active work types (BillingCodes a ticket accepts as billingCodeID). */
export async function readWorkTypes(client: AutotaskClient): Promise<WorkType[]> {
	const codes = await client.query<{ id: number; name: string }>('BillingCodes', {
		filter: WORK_TYPE_FILTER,
		includeFields: ['name'],
	});
	return codes.map((c) => ({ id: Number(c.id), name: String(c.name ?? '') }));
}

/** Work Type list of Open or Close Ticket and Check Setup. */
export async function getWorkTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await autotaskClientFor(this);
	try {
		return workTypeOptions(await readWorkTypes(client));
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
