/**
 * workflows/bdr-billing-reconcile.json, where its usage comes from (issue #15). Axcient BDR for
 * ShadowProtect reports usage only as events it pushes (bdr-billing.json bills each as it arrives);
 * there is no API to read it back. x360Recover and Datto BCDR have one: x360recover-billing.json and
 * datto-billing.json are the scheduled reconciles that read it. This template is for usage kept
 * elsewhere: its source node is a placeholder the user replaces, and as shipped a scheduled run
 * writes nothing, whatever the Dry Run setting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const load = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8')) as WorkflowJson;
const reconcile = load('bdr-billing-reconcile.json');

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0 });
});
afterAll(async () => sb.close());

const writes = () => Object.entries(sb.counts().byRoute).filter(([r]) => /^(POST|PATCH|PUT|DELETE) /.test(r)).reduce((n, [, c]) => n + c, 0);

describe('workflows/bdr-billing-reconcile.json as shipped', () => {
	it('its About note names the placeholder source and the templates with a real one', () => {
		const about = reconcile.nodes.find((n) => n.name === 'About this workflow')!.parameters.content as string;
		expect(about).toContain('Latest usage per device');
		expect(about).toContain('placeholder');
		expect(about).toContain('x360recover-billing.json');
		expect(about).toContain('datto-billing.json');
		expect(about).toContain('bdr-billing.json');
	});

	it('a scheduled run with the placeholder unchanged (Dry Run off, even) writes nothing to Autotask', async () => {
		const live = structuredClone(reconcile);
		live.nodes.find((n) => n.name === 'Sync Billing')!.parameters.dryRun = false;
		sb.reset();
		const r = await runWorkflow(live, { credentials: { bdrAutotaskApi: credentialsFor(sb) }, input: [{ timestamp: new Date().toISOString(), 'Readable date': 'today' }] });
		expect(r.error).toBeUndefined();
		expect(r.outputs['Sync Billing']?.[0] ?? []).toEqual([]);
		const [unmapped] = r.outputs['Unmapped customers — fix the Customer Map'][0];
		expect(unmapped.json.unmapped).toMatchObject({ reason: 'missing_customer_id' });
		expect(writes()).toBe(0);
	});
});
