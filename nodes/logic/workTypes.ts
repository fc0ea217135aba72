/**
 * Which Autotask BillingCodes a ticket accepts as its work type (Tickets.billingCodeID).
 *
 * Autotask's BillingCodes entity page: useType 1 is "Tickets (Labor)", the Work Types tab of
 * Admin > Billing Codes, and "if your company has enabled the Autotask System Setting that requires
 * a Work Type on a Ticket, the Type 1 BillingCode is required to create or update a ticket". The other
 * use types (expenses, internal time, material, services, milestones) are not work types.
 */
import type { Filter } from '../autotask/types';

export const WORK_TYPE_USE_TYPE = 1;

/** Active work types only: an inactive billing code cannot be put on a new ticket. */
export const WORK_TYPE_FILTER: Filter[] = [
	{ op: 'eq', field: 'useType', value: WORK_TYPE_USE_TYPE },
	{ op: 'eq', field: 'isActive', value: true },
];

export interface WorkType {
	id: number;
	name: string;
}

/** Editor options: "no work type" first, then the work types by name; values are the ids as strings. */
export function workTypeOptions(
	workTypes: WorkType[],
): Array<{ name: string; value: string; description: string }> {
	const sorted = [...workTypes].sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			name: 'No Work Type',
			value: '',
			description: 'New tickets carry no billing code (enough unless the tenant requires one)',
		},
		...sorted.map((w) => ({ name: w.name, value: String(w.id), description: `ID ${w.id}` })),
	];
}
