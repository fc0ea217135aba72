// Output hints where an outcome needs the user's attention (issue #15): Sync Billing's
// dry run (a description hint, evaluated by n8n's expression engine as the editor does),
// Map Customer's unmapped items and Sync Billing's spent budget (execution hints, through the engine harness).
import type { INodeType, NodeHint } from 'n8n-workflow';

import { credentialsFor, runWorkflow } from '../harness';
import { buildWorkflow } from '../harness/runWorkflow';
import { loadPackageNodeTypes, PACKAGE_NAME } from '../harness/packageTypes';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { sharedLookupCache } from '../../nodes/autotask/lookupCache';
import { DEMO } from '../../sandbox/tenant/demo';
import { nodeWorkflow } from '../harness/nodeWorkflow';

const types = loadPackageNodeTypes();
const description = (name: string) =>
	(types.get(`${PACKAGE_NAME}.${name}`) as INodeType).description;

/** What the editor does before a run (n8n's getNodeHints without input data). */
function shown(hint: NodeHint, type: string, parameters: Record<string, unknown>): unknown {
	const workflow = buildWorkflow(nodeWorkflow(type, parameters), {});
	const node = workflow.getNode('Node')!;
	return workflow.expression.getSimpleParameterValue(node, hint.displayCondition!, 'internal', {});
}

describe('Sync Billing dry-run hint', () => {
	const hints = description('bdrSyncBilling').hints ?? [];
	const dryRun = hints.find((h) => /dry run/i.test(h.message));

	it('is an output-pane hint after execution', () => {
		expect(dryRun).toMatchObject({ location: 'outputPane', whenToDisplay: 'afterExecution' });
	});

	it('shows only when Dry Run is on (its default)', () => {
		expect(shown(dryRun!, 'bdrSyncBilling', { dryRun: true })).toBe(true);
		expect(shown(dryRun!, 'bdrSyncBilling', {})).toBe(true);
		expect(shown(dryRun!, 'bdrSyncBilling', { dryRun: false })).toBe(false);
	});
});

describe('Map Customer unmapped hint', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'demo', port: 0 });
	});
	afterAll(async () => sb.close());
	beforeEach(() => sharedLookupCache.clear());

	const item = (bdrCustomerId: string) => ({ customer: { id: bdrCustomerId } });
	const run = async (ids: string[]) => {
		const parameters = { operation: 'map', mapSource: 'companyField', udfName: 'BDR Customer ID' };
		const result = await runWorkflow(nodeWorkflow('bdrMapCustomer', parameters), {
			credentials: { bdrAutotaskApi: credentialsFor(sb) },
			input: ids.map(item),
		});
		return {
			outputs: result.outputs.Node,
			hints: result.run.data.resultData.runData.Node[0].hints ?? [],
		};
	};

	it('names how many items went to Unmapped, outputs unchanged', async () => {
		const { outputs, hints } = await run(['bdr-cust-998', 'bdr-cust-999']);
		expect(outputs[1]).toHaveLength(2);
		expect(hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				location: 'outputPane',
				message: expect.stringMatching(/^2 items could not be mapped/),
			}),
		]);
	});
});

describe('Sync Billing budget hint', () => {
	// One sandbox whose hourly budget runs out at once, one with room to spare.
	let spent: Sandbox;
	let ample: Sandbox;
	beforeAll(async () => {
		[spent, ample] = await Promise.all([
			startSandbox({ seed: 'demo', port: 0, hourlyBudget: 1 }),
			startSandbox({ seed: 'demo', port: 0 }),
		]);
	});
	afterAll(async () => Promise.all([spent.close(), ample.close()]));
	beforeEach(() => sharedLookupCache.clear());

	const { acme, bluebird } = DEMO.customers;
	const usage = (c: typeof acme, eventId: string) => ({
		eventId,
		occurredAt: new Date().toISOString(),
		customer: { id: c.bdrCustomerId },
		device: { id: `${eventId}-device` },
		type: 'usage_report',
		severity: 'info',
		usage: { licenses: { server: 3 } },
		autotask: { companyId: c.companyId, contractId: c.contractId },
	});
	const run = async (sandbox: Sandbox) => {
		const parameters = {
			dryRun: false,
			billingSettings: {
				rows: [{ quantity: 'serverLicenses', serviceId: DEMO.services.serverLicense.id }],
			},
		};
		const input = [usage(acme, 'use-1'), usage(bluebird, 'use-2')];
		const result = await runWorkflow(nodeWorkflow('bdrSyncBilling', parameters), {
			credentials: { bdrAutotaskApi: credentialsFor(sandbox) },
			input,
		});
		return {
			items: result.outputs.Node[0].map((i) => i.json),
			hints: result.run.data.resultData.runData.Node[0].hints ?? [],
		};
	};

	it('names how many contracts the spent budget left unwritten, outcomes unchanged', async () => {
		const { items, hints } = await run(spent);
		expect(items.map((i) => i.outcome)).toEqual(['budget', 'budget']);
		expect(hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				location: 'outputPane',
				message: expect.stringMatching(
					/^2 contracts were not written .*hourly Autotask API budget is spent/,
				),
			}),
		]);
	});

	it('is not shown when the budget lasts', async () => {
		const { items, hints } = await run(ample);
		expect(items.map((i) => i.outcome)).not.toContain('budget');
		expect(hints).toEqual([]);
	});
});
