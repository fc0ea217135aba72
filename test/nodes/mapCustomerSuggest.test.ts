/** Suggest Mappings against a seeded list of look-alike company names. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { nodeWorkflow } from '../harness/nodeWorkflow';

let sb: Sandbox;
const ids: Record<string, number> = {};
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0 });
	const add = (name: string, companyType = 1, isActive = true) =>
		(ids[name] = sb.store.insert('Companies', {
			companyName: name,
			companyType,
			isActive,
			phone: '555-2',
			ownerResourceID: DEMO.resources.technician.id,
		}).id as number);
	add('ACME Insurance Agency');
	add('Acme Insurers');
	add('Smith & Sons Plumbing, Inc.');
	add('Smith and Sons Electric LLC');
	add('Müller Bau GmbH');
	add('Mueller Construction Ltd');
	add('Bluebird Dental Supply');
	add("O'Brien & Partners, L.L.C.");
	add('OBrien Partners Realty', 2); // a Lead: not a candidate unless asked
});
afterAll(async () => sb.close());

const workflow = (parameters: IDataObject): WorkflowJson =>
	nodeWorkflow('bdrMapCustomer', { operation: 'suggest', ...parameters }, { node: 'Map' });

const customers = [
	{ id: 'b1', name: 'Acme Insurance, Inc.', expect: DEMO.customers.acme.companyId },
	{ id: 'b2', name: 'SMITH AND SONS PLUMBING', expect: () => ids['Smith & Sons Plumbing, Inc.'] },
	{ id: 'b3', name: 'Smith & Sons Electric', expect: () => ids['Smith and Sons Electric LLC'] },
	{ id: 'b4', name: 'Muller Bau', expect: () => ids['Müller Bau GmbH'] },
	{ id: 'b5', name: 'bluebird dental ltd.', expect: DEMO.customers.bluebird.companyId },
	{ id: 'b6', name: 'OBrien and Partners', expect: () => ids["O'Brien & Partners, L.L.C."] },
	{ id: 'b7', name: 'Cedar Legal Grp', expect: DEMO.customers.cedar.companyId },
	{ id: 'b8', name: 'Zebra Logistics Worldwide', expect: undefined },
];

describe('Suggest Mappings', () => {
	it('ranks the right company first on a tricky list, with a score and the runner-up', async () => {
		const result = await runWorkflow(workflow({ suggestOptions: { minScore: 0.6 } }), {
			credentials: { bdrAutotaskApi: credentialsFor(sb) },
			input: customers.map((c) => ({ customer: { id: c.id, name: c.name } })),
		});
		expect(result.error).toBeUndefined();
		const [found, none] = result.outputs.Map;
		const best = Object.fromEntries(
			found.map((i) => [
				i.json.bdrCustomerId,
				(i.json.suggestion as { companyId: number }).companyId,
			]),
		);
		for (const c of customers.filter((x) => x.expect !== undefined)) {
			expect([c.name, best[c.id]]).toEqual([
				c.name,
				typeof c.expect === 'function' ? c.expect() : c.expect,
			]);
		}
		expect(none.map((i) => i.json.bdrCustomerId)).toEqual(['b8']);
		expect(none[0].json.unmapped).toMatchObject({ reason: 'no_suggestion' });
		const acme = found.find((i) => i.json.bdrCustomerId === 'b1')!.json as {
			suggestion: { score: number };
			runnerUp: { companyId: number; score: number };
		};
		expect(acme.suggestion.score).toBe(1);
		expect(acme.runnerUp.companyId).toBe(ids['ACME Insurance Agency']);
		expect(acme.runnerUp.score).toBeLessThan(1);
		expect(found.every((i) => i.pairedItem !== undefined)).toBe(true);
	});

	it('offers only active Customer companies unless told otherwise', async () => {
		const input = [
			{ customer: { id: 'x', name: 'OBrien Partners Realty' } },
			{ customer: { id: 'y', name: 'Ironwood Prospects' } },
		];
		const strict = await runWorkflow(workflow({}), {
			credentials: { bdrAutotaskApi: credentialsFor(sb) },
			input,
		});
		const strictBest = strict.outputs.Map[0].map(
			(i) => (i.json.suggestion as { companyId: number }).companyId,
		);
		expect(strictBest).not.toContain(ids['OBrien Partners Realty']);
		expect(strictBest).not.toContain(DEMO.misconfigured.leadCompany.companyId);
		const loose = await runWorkflow(workflow({ suggestOptions: { includeNonCustomers: true } }), {
			credentials: { bdrAutotaskApi: credentialsFor(sb) },
			input,
		});
		expect(
			loose.outputs.Map[0].map((i) => (i.json.suggestion as { companyId: number }).companyId),
		).toEqual([ids['OBrien Partners Realty'], DEMO.misconfigured.leadCompany.companyId]);
	});
});
