/** Map Customer through the engine harness against the sandbox demo tenant: every mode, every reason code. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { sharedLookupCache } from '../../nodes/autotask/lookupCache';
import { useSandbox } from '../harness/testSandbox';
import { nodeWorkflow } from '../harness/nodeWorkflow';

const { acme, bluebird, cedar } = DEMO.customers;
const m = DEMO.misconfigured;

let sb: Sandbox;
useSandbox((started) => (sb = started), { reset: false });
// Each case arranges its own Autotask state: nothing found by an earlier case may answer from the cache.
beforeEach(() => sharedLookupCache.clear());

function workflow(parameters: IDataObject, onError?: string): WorkflowJson {
	return nodeWorkflow('bdrMapCustomer', parameters, { node: 'Map', onError });
}

const row = (bdrCustomerId: string, company: number | string, contract: number | string = '') => ({
	bdrCustomerId,
	company: { __rl: true, mode: 'id', value: String(company) },
	contract,
});
const item = (customerId?: string, extra: IDataObject = {}) => ({
	customer: customerId === undefined ? {} : { id: customerId },
	...extra,
});

async function run(parameters: IDataObject, input: IDataObject[], onError?: string) {
	const result = await runWorkflow(workflow(parameters, onError), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input,
	});
	if (result.error) throw result.error;
	const [mapped = [], unmapped = []] = result.outputs.Map;
	return { mapped, unmapped, result };
}

const reasonsOf = (items: Array<{ json: IDataObject }>) =>
	items.map((i) => (i.json.unmapped as { reason: string }).reason);

describe('Map Customer: modes', () => {
	it('table: resolves company and contract, keeps the item, sets pairedItem', async () => {
		const { mapped, unmapped } = await run(
			{
				mapSource: 'table',
				mappings: {
					mapping: [
						row(acme.bdrCustomerId, acme.companyId, acme.contractId),
						row(bluebird.bdrCustomerId, bluebird.companyId),
					],
				},
			},
			[
				item(acme.bdrCustomerId, { eventId: 'e1' }),
				item(bluebird.bdrCustomerId, { eventId: 'e2' }),
			],
		);
		expect(unmapped).toEqual([]);
		expect(mapped.map((i) => i.json)).toEqual([
			{
				...item(acme.bdrCustomerId, { eventId: 'e1' }),
				autotask: {
					companyId: acme.companyId,
					companyName: acme.name,
					contractId: acme.contractId,
					contractName: acme.contractName,
				},
			},
			{
				...item(bluebird.bdrCustomerId, { eventId: 'e2' }),
				autotask: { companyId: bluebird.companyId, companyName: bluebird.name },
			},
		]);
		expect(mapped.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('table: the contract column is a resource locator, and a plain contract id saved before it was one still works', async () => {
		const locator = {
			...row(acme.bdrCustomerId, acme.companyId),
			contract: { __rl: true, mode: 'list', value: String(acme.contractId) },
		};
		const plain = row(cedar.bdrCustomerId, cedar.companyId, cedar.contractId);
		const { mapped, unmapped } = await run(
			{ mapSource: 'table', mappings: { mapping: [locator, plain] } },
			[item(acme.bdrCustomerId), item(cedar.bdrCustomerId)],
		);
		expect(unmapped).toEqual([]);
		expect(mapped.map((i) => (i.json.autotask as IDataObject).contractId)).toEqual([
			acme.contractId,
			cedar.contractId,
		]);
	});

	it('company field: finds the company holding the BDR id in its UDF, and uses its single recurring contract when allowed', async () => {
		const { mapped } = await run(
			{
				mapSource: 'companyField',
				udfName: 'BDR Customer ID',
				options: { allowSingleRecurringContract: true },
			},
			[item(acme.bdrCustomerId), item(cedar.bdrCustomerId)],
		);
		expect(mapped.map((i) => i.json.autotask)).toEqual([
			{
				companyId: acme.companyId,
				companyName: acme.name,
				contractId: acme.contractId,
				contractName: acme.contractName,
			},
			{
				companyId: cedar.companyId,
				companyName: cedar.name,
				contractId: cedar.contractId,
				contractName: cedar.contractName,
			},
		]);
	});

	it('item fields: takes the ids from expressions on the item', async () => {
		const { mapped } = await run(
			{
				mapSource: 'itemFields',
				companyIdValue: '={{ $json.at.company }}',
				contractIdValue: '={{ $json.at.contract }}',
			},
			[item('x', { at: { company: cedar.companyId, contract: String(cedar.contractId) } })],
		);
		expect(mapped[0].json.autotask).toEqual({
			companyId: cedar.companyId,
			companyName: cedar.name,
			contractId: cedar.contractId,
			contractName: cedar.contractName,
		});
	});
});

describe('Map Customer: every reason code from a seeded case', () => {
	let inactiveContractId: number;
	let twinCompanyId: number;
	beforeAll(() => {
		inactiveContractId = sb.store.insert('Contracts', {
			companyID: cedar.companyId,
			contractName: 'Cedar - Retired Backup',
			contractType: 7,
			status: 0,
			startDate: '2020-01-01T00:00:00Z',
			endDate: '2099-12-31T00:00:00Z',
			isDefaultContract: false,
		}).id as number;
		twinCompanyId = sb.store.insert('Companies', {
			companyName: 'Bluebird Dental (duplicate)',
			companyType: 1,
			isActive: true,
			phone: '555-1',
			ownerResourceID: DEMO.resources.technician.id,
			userDefinedFields: [{ name: 'BDR Customer ID', value: bluebird.bdrCustomerId }],
		}).id as number;
	});

	it('table mode reasons', async () => {
		const cases: Array<[string, ReturnType<typeof row> | undefined]> = [
			['no_mapping', undefined],
			['company_not_found', row('c-nf', 987654)],
			['company_inactive', row('c-ina', m.inactiveCompany.companyId)],
			['company_not_customer', row('c-lead', m.leadCompany.companyId)],
			['contract_not_found', row('k-nf', acme.companyId, 1234567)],
			['contract_wrong_company', row('k-wc', acme.companyId, bluebird.contractId)],
			['contract_not_recurring', row('k-nr', acme.companyId, DEMO.acmeOnsiteContract.id)],
			['contract_inactive', row('k-ina', cedar.companyId, 0)],
			[
				'contract_outside_dates',
				row('k-exp', m.expiredContract.companyId, m.expiredContract.contractId),
			],
			['contract_missing', row('k-miss', m.noContract.companyId)],
			['invalid_company_id', row('c-bad', '={{ "not-a-number" }}')], // an expression: the editor's regex check does not apply
		];
		const rows = cases
			.map(([reason, r]) =>
				reason === 'contract_inactive' ? row('k-ina', cedar.companyId, inactiveContractId) : r,
			)
			.filter(Boolean);
		const input = [
			...cases.map(([reason, r]) =>
				item(r?.bdrCustomerId ?? 'nobody-has-this', { expect: reason }),
			),
			item(undefined, { expect: 'missing_customer_id' }),
		];
		const { mapped, unmapped } = await run(
			{
				mapSource: 'table',
				mappings: { mapping: rows },
				options: { requireContract: true, allowSingleRecurringContract: true },
			},
			input,
		);
		expect(mapped).toEqual([]);
		expect(reasonsOf(unmapped)).toEqual(input.map((i) => i.expect));
		for (const out of unmapped) {
			const { message } = out.json.unmapped as { message: string };
			expect(message).toMatch(/: (add|correct|reactivate|set|pick|map|check|enter)|expression/i);
		}
		expect(unmapped.map((i) => i.pairedItem)).toEqual(input.map((_x, index) => ({ item: index })));
	});

	it('company field reasons: ambiguous and unmapped ids', async () => {
		const { mapped, unmapped } = await run(
			{ mapSource: 'companyField', udfName: 'BDR Customer ID' },
			[item(bluebird.bdrCustomerId), item('bdr-cust-999'), item(acme.bdrCustomerId)],
		);
		expect(reasonsOf(unmapped)).toEqual(['ambiguous_mapping', 'no_mapping']);
		expect((unmapped[0].json.unmapped as { message: string }).message).toContain(
			String(twinCompanyId),
		);
		expect(mapped.map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
	});

	it('item fields reasons: invalid contract id', async () => {
		const { unmapped } = await run(
			{
				mapSource: 'itemFields',
				companyIdValue: String(acme.companyId),
				contractIdValue: '={{ $json.k }}',
			},
			[item('x', { k: 'abc' })],
		);
		expect(reasonsOf(unmapped)).toEqual(['invalid_contract_id']);
	});

	it('invalid_configuration: duplicate table rows become reasons with continue-on-fail, an error without', async () => {
		const parameters = {
			mapSource: 'table',
			mappings: { mapping: [row('dup', acme.companyId), row('dup', cedar.companyId)] },
		};
		const { unmapped } = await run(parameters, [item('dup')], 'continueRegularOutput');
		expect(reasonsOf(unmapped)).toEqual(['invalid_configuration']);
		expect((unmapped[0].json.unmapped as { message: string }).message).toMatch(
			/row 2 repeats BDR customer ID "dup".*delete or merge/,
		);
		const failed = await runWorkflow(workflow(parameters), {
			credentials: { bdrAutotaskApi: credentialsFor(sb) },
			input: [item('dup')],
		});
		expect(failed.error?.message).toMatch(/repeats BDR customer ID/);
	});

	it('autotask_error: a refused read becomes a reason per item with continue-on-fail, without leaking the secret', async () => {
		sb.setRouteFault('POST Companies/query', {
			status: 403,
			message: 'Permission denied for Companies',
			times: 1,
		});
		try {
			const { unmapped } = await run(
				{ mapSource: 'companyField', udfName: 'BDR Customer ID' },
				[item(acme.bdrCustomerId), item(cedar.bdrCustomerId)],
				'continueRegularOutput',
			);
			expect(reasonsOf(unmapped)).toEqual(['autotask_error', 'autotask_error']);
			expect(JSON.stringify(unmapped)).not.toContain(sb.credentials.secret);
		} finally {
			sb.setRouteFault('POST Companies/query', null);
		}
	});
});

// Issue #14 item 7: a stream of one-event executions reads each customer once per few minutes.
describe('Map Customer reads each customer once per few minutes per worker', () => {
	it('a second execution for the same customer reads no company; an unknown customer is read every time', async () => {
		const params = { mapSource: 'companyField', udfName: 'BDR Customer ID' };
		await run(params, [item(acme.bdrCustomerId)]);
		sb.resetCounts();
		const again = await run(params, [item(acme.bdrCustomerId)]);
		expect(again.mapped).toHaveLength(1);
		expect(sb.counts().byRoute['POST Companies/query'] ?? 0).toBe(0);
		await run(params, [item('bdr-cust-unknown')]);
		sb.resetCounts();
		await run(params, [item('bdr-cust-unknown')]);
		expect(sb.counts().byRoute['POST Companies/query']).toBe(1);
	});
});
