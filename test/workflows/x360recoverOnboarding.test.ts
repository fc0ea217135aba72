/** workflows/x360recover-onboarding.json, unchanged: List Clients → Suggest Mappings proposes the demo tenant's companies. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'x360recover-onboarding.json'), 'utf8')) as WorkflowJson;

let sb: Sandbox;
let x360: X360Recover;
beforeAll(async () => {
	[sb, x360] = await Promise.all([startSandbox({ seed: 'demo', port: 0 }), startX360Recover({ seed: 'demo', port: 0 })]);
});
afterAll(async () => Promise.all([sb.close(), x360.close()]));
beforeEach(() => {
	sb.reset();
	x360.reset();
});

const run = () =>
	runWorkflow(template, {
		credentials: { bdrAutotaskApi: credentialsFor(sb), bdrX360RecoverApi: { apiKey: x360.apiKey, environment: 'custom', customUrl: x360.baseUrl } },
	});
const items = (r: Awaited<ReturnType<typeof run>>, node: string) => (r.outputs[node]?.[0] ?? []).map((i) => i.json as Record<string, any>);

describe('workflows/x360recover-onboarding.json', () => {
	it('is started by hand and names the x360Recover credential "x360Recover (stand-in)"', () => {
		expect(template.nodes.find((n) => n.name === 'Run once')!.type).toBe('n8n-nodes-base.manualTrigger');
		expect(template.nodes.find((n) => n.name === 'x360Recover — List Clients')!.credentials).toEqual({ bdrX360RecoverApi: { id: '', name: 'x360Recover (stand-in)' } });
		expect(template.settings).toHaveProperty('errorWorkflow', 'bdrConnectorHlth');
	});

	it('proposes, for every x360Recover client, the Autotask company it stands for', async () => {
		const r = await run();
		expect(r.error).toBeUndefined();
		const suggestions = items(r, 'Suggestions to review');
		expect(suggestions.map((s) => [s.bdrCustomerId, s.suggestion.companyId]).sort()).toEqual(
			X360_DEMO.clients.map((c) => [String(c.clientId), c.autotaskCompanyId]).sort(),
		);
		expect(items(r, 'No suggestion — map by hand')).toEqual([]);
		expect(x360.counts().byRoute).toEqual({ 'GET /client': 1 });
	});

	it('a client with no company like it goes to "No suggestion"', async () => {
		x360.model.clients.push({ id: 4999, name: 'Zyxwv Quokka Holdings', clientCode: 'zq', active: true });
		const r = await run();
		expect(items(r, 'No suggestion — map by hand').map((s) => s.bdrCustomerId)).toEqual(['4999']);
	});
});
