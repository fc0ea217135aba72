import type { IDataObject } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { RECURRING_SERVICE_LABEL } from '../../BdrSyncBilling/readBillingState';
import { companyNotFound, findCompany } from './findCompany';

export interface ContractRef {
	id: number;
	companyID?: number;
	contractName?: string;
}

/** The contract the words name, or the answer telling the agent what to ask instead. */
export type ContractFound =
	| { contract: ContractRef; answer?: undefined }
	| { contract?: undefined; answer: IDataObject };

/** Active Recurring Service contracts of a company: the only ones Sync Billing bills. */
async function billingContracts(client: AutotaskClient, companyId: number): Promise<ContractRef[]> {
	const [recurring, active] = await Promise.all([
		client.picklistValue('Contracts', 'contractType', RECURRING_SERVICE_LABEL),
		client.picklistValue('Contracts', 'status', 'Active'),
	]);
	return await client.query<ContractRef>('Contracts', {
		filter: [
			{ op: 'eq', field: 'companyID', value: companyId },
			{ op: 'eq', field: 'contractType', value: Number(recurring) },
			{ op: 'eq', field: 'status', value: Number(active) },
		],
		includeFields: ['companyID', 'contractName'],
	});
}

/** A contract by its ID, else the one billing contract of the company the words name. */
export async function findContract(client: AutotaskClient, words: string): Promise<ContractFound> {
	if (/^\d+$/.test(words)) {
		const contract = await client.get<ContractRef>('Contracts', Number(words));
		if (contract) return { contract };
	}
	const pick = await findCompany(client, words);
	if (pick.kind !== 'found') return { answer: companyNotFound(words, pick) };
	const { id, companyName } = pick.company;
	const contracts = await billingContracts(client, id);
	if (contracts.length === 1) return { contract: contracts[0] };
	if (!contracts.length) {
		return {
			answer: {
				found: false,
				message: `${companyName} (company ${id}) has no active ${RECURRING_SERVICE_LABEL} contract, so Sync Billing cannot bill it: create one in Autotask, or ask the user for the contract ID`,
			},
		};
	}
	return {
		answer: {
			found: false,
			message: `${companyName} has ${contracts.length} active ${RECURRING_SERVICE_LABEL} contracts. Ask the user which one is meant, then call again with its contract ID.`,
			candidates: contracts.map((c) => ({ id: c.id, name: c.contractName })),
		},
	};
}
