import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import {
	dryRunAnswer,
	USAGE_ARGUMENT_LABELS,
	usageFromArguments,
	type UsageArguments,
} from '../../logic/backupAssistant';
import { planContract } from '../../logic/billingPlan';
import {
	applyServiceIds,
	namedRows,
	problemsBeforeNames,
	rowsFromSettings,
	type TypedRow,
} from '../../logic/billingRows';
import { sumUsageByContract } from '../../logic/billingUsage';
import { readBillingState, resolveServiceNames } from '../../BdrSyncBilling/readBillingState';
import { syncBillingProperties } from '../../BdrSyncBilling/properties';
import { findContract } from './findContract';
import { effectiveDateOf } from '../../logic/effectiveDate';

const show = { show: { operation: ['billingDryRun'] } };

const usageField = (name: keyof UsageArguments, placeholder: string): INodeProperties => ({
	displayName: USAGE_ARGUMENT_LABELS[name],
	name,
	type: 'string',
	default: '',
	placeholder,
	displayOptions: show,
	description: name.endsWith('Gb')
		? 'Storage the backup platform reports, in GB (1 GB = 1,000,000,000 bytes). Leave empty when not reported.'
		: 'How many the backup platform reports. Leave empty when not reported.',
});

/** Sync Billing's own Billing Settings parameter, so the rows are entered (and read) the same way. */
const billingSettings = syncBillingProperties.find((p) => p.name === 'billingSettings')!;

export const properties: INodeProperties[] = [
	{
		displayName: 'Contract or Customer',
		name: 'contract',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 29684101 or ACME Insurance',
		displayOptions: show,
		description:
			'An Autotask contract ID, or the name or ID of a customer company with one active Recurring Service contract',
	},
	usageField('serverLicenses', 'e.g. 3'),
	usageField('workstationLicenses', 'e.g. 10'),
	usageField('virtualLicenses', 'e.g. 2'),
	usageField('appliances', 'e.g. 1'),
	usageField('localStorageGb', 'e.g. 500'),
	usageField('offsiteStorageGb', 'e.g. 800'),
	{
		...billingSettings,
		displayOptions: show,
		description:
			'The same rows as in your Sync Billing node: one per BDR quantity and the Autotask service that bills it',
	},
	{
		displayName: 'Effective Date',
		name: 'effectiveDate',
		type: 'options',
		default: 'today',
		displayOptions: show,
		options: [
			{
				name: 'Today',
				value: 'today',
				description: "Compare with the units billed today (in the workflow's time zone)",
			},
			{
				name: 'First of Next Month',
				value: 'firstOfNextMonth',
				description: 'Compare with the units billed from the next billing month',
			},
		],
	},
	{
		displayName: 'Add Missing Services',
		name: 'addMissingServices',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description:
			'Whether Sync Billing is set to add a mapped service that is not on the contract yet (its option of the same name)',
	},
];

/** The rows as Sync Billing reads them, names resolved; a problem stops the node naming the row. */
async function billingRows(ctx: IExecuteFunctions, client: AutotaskClient): Promise<TypedRow[]> {
	const settings = ctx.getNodeParameter('billingSettings', 0, {}) as {
		rows?: Array<Record<string, unknown>>;
	};
	const rows = rowsFromSettings(settings.rows ?? []);
	let problems = problemsBeforeNames(rows);
	const named = namedRows(rows);
	if (!problems.length && named.length)
		problems = applyServiceIds(
			rows,
			await resolveServiceNames(
				client,
				named.map((r) => r.serviceRef),
			),
		);
	if (problems.length)
		throw new NodeOperationError(ctx.getNode(), problems[0].message, {
			description:
				problems
					.slice(1)
					.map((p) => p.message)
					.join('\n') || undefined,
		});
	return rows;
}

function usageArguments(ctx: IExecuteFunctions, itemIndex: number): UsageArguments {
	const args: UsageArguments = {};
	for (const name of Object.keys(USAGE_ARGUMENT_LABELS) as Array<keyof UsageArguments>) {
		args[name] = ctx.getNodeParameter(name, itemIndex, '') as string | number;
	}
	return args;
}

/** The usage as an item Sync Billing would get from Map Customer; throws naming a field that is no number. */
function usageItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contract: { id: number; companyID?: number },
): IDataObject {
	let parsed: ReturnType<typeof usageFromArguments>;
	try {
		parsed = usageFromArguments(usageArguments(ctx, itemIndex));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	if (!parsed.reported) {
		const names = Object.values(USAGE_ARGUMENT_LABELS).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`No usage was given: fill at least one of ${names} with the number the backup platform reports`,
			{ itemIndex },
		);
	}
	return {
		autotask: { contractId: contract.id, companyId: contract.companyID },
		usage: parsed.usage,
	};
}

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject> {
	const rows = await billingRows(this, client);
	const words = String(this.getNodeParameter('contract', itemIndex, '')).trim();
	const found = await findContract(client, words);
	if (!found.contract) return found.answer;
	const data = usageItem(this, itemIndex, found.contract);
	const [usage] = sumUsageByContract([{ index: itemIndex, data }], rows).contracts;
	const effectiveDate = effectiveDateOf(
		this.getNodeParameter('effectiveDate', itemIndex, 'today') as string,
		this.getTimezone(),
	);
	const state = await readBillingState(
		client,
		[usage.contractId],
		rows.map((r) => r.serviceId),
		effectiveDate,
	);
	const plan = planContract({
		usage,
		contract: state.contracts.get(usage.contractId),
		rows,
		services: state.services,
		addMissingServices: this.getNodeParameter('addMissingServices', itemIndex, false) as boolean,
	});
	return dryRunAnswer(plan, effectiveDate) as unknown as IDataObject;
}
