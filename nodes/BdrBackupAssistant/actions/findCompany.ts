import type { IDataObject } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import type { Filter } from '../../autotask/types';
import { pickCompany, type CompanyPick, type CompanyRow } from '../../logic/backupAssistant';

/** Enough candidates to tell a unique match from an ambiguous one without reading a whole tenant. */
const MAX_CANDIDATES = 25;

/** The company a technician's words name: by Autotask ID, or by (part of) its name. One query. */
export async function findCompany(client: AutotaskClient, words: string): Promise<CompanyPick> {
	const text = words.trim();
	if (!text) return { kind: 'none' };
	const byName: Filter = { op: 'contains', field: 'companyName', value: text };
	const filter: Filter[] = /^\d+$/.test(text)
		? [{ op: 'or', items: [{ op: 'eq', field: 'id', value: Number(text) }, byName] }]
		: [byName];
	const rows = await client.query<CompanyRow>('Companies', {
		filter,
		includeFields: ['companyName', 'isActive'],
		maxRecords: MAX_CANDIDATES,
	});
	return pickCompany(text, rows);
}

/** The answer when the words name no company, or several: what the agent should ask the user. */
export function companyNotFound(
	words: string,
	pick: Exclude<CompanyPick, { kind: 'found' }>,
): IDataObject {
	if (pick.kind === 'none') {
		return {
			found: false,
			message: `No Autotask company matches "${words}". Ask the user for the exact company name or its Autotask ID.`,
		};
	}
	return {
		found: false,
		message: `"${words}" matches ${pick.candidates.length} companies. Ask the user which one is meant, then call again with its ID.`,
		candidates: pick.candidates.slice(0, 10).map((c) => ({ id: c.id, name: c.companyName })),
	};
}
