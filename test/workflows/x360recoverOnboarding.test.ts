/** workflows/x360recover-onboarding.json, unchanged: List Clients → Suggest Mappings proposes the demo tenant's companies. */
import { runWorkflow } from '../harness';
import { loadTemplate, outputOf, sourceCredentials, useSourceStandIn } from '../harness/sourceStandIns';
import type { Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

const template = loadTemplate('x360recover-onboarding.json');

let sb: Sandbox;
let x360: X360Recover;
useSourceStandIn(startX360Recover, (s, x) => ([sb, x360] = [s, x]));

const run = () => runWorkflow(template, { credentials: sourceCredentials(sb, { x360 }) });
const items = outputOf;

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
