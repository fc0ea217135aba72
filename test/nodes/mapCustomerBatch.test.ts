/** Map Customer's cost: 1,000 items for 300 customers must take a handful of Autotask requests. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { generatedBdrCustomerId } from '../../sandbox/tenant/generated';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 300, port: 0 });
});
afterAll(async () => sb.close());

const workflow = (parameters: IDataObject): WorkflowJson =>
	({
		name: 'batch',
		nodes: [
			{
				name: 'Map',
				type: 'n8n-nodes-bdr-autotask.bdrMapCustomer',
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { bdrAutotaskApi: { id: '1', name: 'A' } },
			},
		],
		connections: {},
	}) as WorkflowJson;

const input = Array.from({ length: 1000 }, (_, i) => ({
	eventId: `e${i}`,
	customer: { id: generatedBdrCustomerId((i % 300) + 1) },
}));

function perEntity(byRoute: Record<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [route, n] of Object.entries(byRoute)) {
		const entity = route.split(' ')[1].split('/')[0];
		out[entity] = (out[entity] ?? 0) + n;
	}
	return out;
}

describe('Map Customer batching', () => {
	beforeEach(() => sb.resetCounts());

	it('company field mode: 1,000 items, 300 customers, at most 3 requests per entity', async () => {
		const result = await runWorkflow(
			workflow({
				mapSource: 'companyField',
				udfName: 'BDR Customer ID',
				options: { allowSingleRecurringContract: true, requireContract: true },
			}),
			{
				credentials: { bdrAutotaskApi: credentialsFor(sb) },
				input,
			},
		);
		expect(result.error).toBeUndefined();
		const [mapped, unmapped] = result.outputs.Map;
		expect(unmapped).toEqual([]);
		expect(mapped).toHaveLength(1000);
		expect(
			new Set(mapped.map((i) => (i.json.autotask as { contractId: number }).contractId)).size,
		).toBe(300);
		const counts = sb.counts();
		for (const [entity, n] of Object.entries(perEntity(counts.byRoute)))
			expect([entity, n <= 3]).toEqual([entity, true]);
		expect(counts.total).toBeLessThanOrEqual(6);
	});

	it('table mode: 300 rows, 1,000 items, one query each for companies and contracts', async () => {
		const companies = await (async () => {
			const all = sb.store.all('Companies') as Array<{
				id: number;
				userDefinedFields?: Array<{ value: string }>;
			}>;
			return new Map(
				all
					.filter((c) => c.userDefinedFields?.length)
					.map((c) => [c.userDefinedFields![0].value, c.id]),
			);
		})();
		const contracts = new Map(
			(sb.store.all('Contracts') as Array<{ id: number; companyID: number }>).map((k) => [
				k.companyID,
				k.id,
			]),
		);
		const rows = Array.from({ length: 300 }, (_, i) => {
			const companyId = companies.get(generatedBdrCustomerId(i + 1))!;
			return {
				bdrCustomerId: generatedBdrCustomerId(i + 1),
				company: { __rl: true, mode: 'id', value: String(companyId) },
				contract: contracts.get(companyId),
			};
		});
		sb.resetCounts();
		const result = await runWorkflow(
			workflow({ mapSource: 'table', mappings: { mapping: rows } }),
			{ credentials: { bdrAutotaskApi: credentialsFor(sb) }, input },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs.Map[0]).toHaveLength(1000);
		const byRoute = sb.counts().byRoute;
		expect(byRoute['POST Companies/query']).toBe(1);
		expect(byRoute['POST Contracts/query']).toBe(1);
		expect(sb.counts().total).toBeLessThanOrEqual(6);
	});
});
