import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearch, loadOptions } from '../../nodes/methods';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { credentialsFor } from '../harness';
import { loadOptionsContext } from '../harness/loadOptionsContext';
import { useSandbox } from '../harness/testSandbox';

let sb: Sandbox;
useSandbox((started) => (sb = started), { reset: false });

/** The slice of n8n's load-options context the list methods use, with real HTTP to the sandbox. */
function context(
	parameters: Record<string, unknown> = {},
	credentialOverrides: Record<string, unknown> = {},
) {
	return loadOptionsContext({
		credentials: { ...credentialsFor(sb), ...credentialOverrides },
		parameters,
		nodeName: 'Map Customer',
	});
}

type ListSearch = (
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
) => Promise<INodeListSearchResult>;

/** Follows paginationToken the way n8n's editor does as the user scrolls (at most 10 pages). */
async function readAllPages(search: ListSearch, filter: string) {
	const values: string[] = [];
	let token: string | undefined;
	let pages = 0;
	do {
		const page = await search.call(context(), filter, token);
		values.push(...page.results.map((r) => String(r.value)));
		token = page.paginationToken as string | undefined;
		pages++;
	} while (token && pages < 10);
	return { values: values.sort(), pages };
}

describe('shared editor lists against the sandbox', () => {
	it('searchCompanies finds by name and by ID, showing type and inactive', async () => {
		const byName = await listSearch.searchCompanies.call(context(), 'acme');
		expect(byName.results).toEqual([
			{
				name: `ACME Insurance (Customer, ID ${DEMO.customers.acme.companyId})`,
				value: String(DEMO.customers.acme.companyId),
			},
		]);
		const byId = await listSearch.searchCompanies.call(
			context(),
			String(DEMO.misconfigured.inactiveCompany.companyId),
		);
		expect(byId.results[0].name).toMatch(/Linden Hotels \(Customer, inactive/);
	});

	it("searchCompanies and searchServices page with n8n's paginationToken (Autotask's nextPageUrl) instead of stopping at one page", async () => {
		for (let i = 0; i < 230; i++)
			sb.store.insert('Companies', {
				companyName: `Paging Test ${String(i).padStart(3, '0')}`,
				companyType: 1,
				isActive: true,
			});
		for (let i = 0; i < 120; i++)
			sb.store.insert('Services', {
				name: `Paging Service ${i}`,
				periodType: 1,
				isActive: true,
				unitPrice: 1,
			});
		const named = (entity: string, field: string, text: string) =>
			sb.store
				.all(entity)
				.filter((r) => String(r[field]).includes(text))
				.map((r) => String(r.id))
				.sort();

		const companies = await readAllPages(listSearch.searchCompanies, 'Paging Test');
		expect(companies.pages).toBe(3); // 100 + 100 + 30
		expect(companies.values).toEqual(named('Companies', 'companyName', 'Paging Test'));
		const services = await readAllPages(listSearch.searchServices, 'Paging Service');
		expect(services.pages).toBe(2); // 100 + 20
		expect(services.values).toEqual(named('Services', 'name', 'Paging Service'));
	});

	it('searchCompanies refuses a paginationToken that points at another host (the credential never leaves)', async () => {
		await expect(
			listSearch.searchCompanies.call(
				context(),
				'x',
				'http://198.51.100.7/ATServicesRest/V1.0/Companies/query/next',
			),
		).rejects.toThrow(/another host/);
	});

	it("searchContracts lists the contracts of the company chosen beside it (the guide's Get Contracts), by name or ID", async () => {
		const acmeRow = context({
			'&company': { __rl: true, mode: 'list', value: String(DEMO.customers.acme.companyId) },
		});
		const ofAcme = sb.store
			.all('Contracts')
			.filter((c) => c.companyID === DEMO.customers.acme.companyId);
		const all = await listSearch.searchContracts.call(acmeRow);
		expect(all.results.map((o) => o.value).sort()).toEqual(ofAcme.map((c) => String(c.id)).sort());
		expect(
			all.results.find((o) => o.value === String(DEMO.customers.acme.contractId))?.name,
		).toMatch(/Recurring Service · Active/);
		const byName = await listSearch.searchContracts.call(
			acmeRow,
			DEMO.customers.acme.contractName.slice(0, 6),
		);
		expect(byName.results.map((o) => o.value)).toContain(String(DEMO.customers.acme.contractId));
		const byId = await listSearch.searchContracts.call(acmeRow, String(DEMO.acmeOnsiteContract.id));
		expect(byId.results.map((o) => o.value)).toEqual([String(DEMO.acmeOnsiteContract.id)]);
		await expect(listSearch.searchContracts.call(context({}))).resolves.toEqual({ results: [] });
	});

	it('searchServices lists services by name for the billing rows, marking non-monthly ones', async () => {
		const found = await listSearch.searchServices.call(context(), 'axcient');
		expect(found.results.map((r) => r.name)).toContain(DEMO.services.serverLicense.name);
		expect(
			found.results.find((r) => r.value === String(DEMO.misconfigured.nonMonthlyService.id))?.name,
		).toMatch(/Yearly: not billable here/);
		const narrowed = await listSearch.searchServices.call(context(), 'Server');
		expect(narrowed.results.map((r) => r.value)).toEqual([String(DEMO.services.serverLicense.id)]);
	});

	it('getServices marks non-monthly services as not billable', async () => {
		const options = await loadOptions.getServices.call(context());
		const yearly = options.find((o) => o.value === DEMO.misconfigured.nonMonthlyService.id);
		expect(yearly?.name).toMatch(/Yearly: not billable here/);
		expect(
			options.filter((o) => String(o.description).startsWith('Monthly')).length,
		).toBeGreaterThanOrEqual(6);
	});

	it('ticket lists use labels as values and sub-issue types follow the chosen issue type', async () => {
		const queues = await loadOptions.getQueues.call(context());
		expect(queues.map((o) => o.value)).toContain('Managed Services Alerts');
		const priorities = await loadOptions.getPriorities.call(context());
		expect(priorities.map((o) => o.value)).toContain('Medium');
		const sub = await loadOptions.getSubIssueTypes.call(
			context({ issueType: DEMO.labels.issueType }),
		);
		expect(sub.map((o) => o.value)).toContain(DEMO.labels.subIssueType);
		await expect(loadOptions.getSubIssueTypes.call(context({}))).resolves.toEqual([]);
	});
});
