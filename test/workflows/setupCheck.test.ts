/** The shipped Setup Check template, unchanged, through the engine harness against the demo sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import type { Sandbox } from '../../sandbox/server';
import { expectSeededMisconfigurationsFound } from '../harness/seededMisconfigurations';
import { useSandbox } from '../harness/testSandbox';

const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'bdr-setup-check.json'), 'utf8')) as WorkflowJson;
let sb: Sandbox;
useSandbox((started) => (sb = started), { reset: false });

const run = (autotask = credentialsFor(sb)) => runWorkflow(template, { credentials: { bdrAutotaskApi: autotask }, startNode: 'Run the setup check' });
const items = (r: Awaited<ReturnType<typeof run>>, node: string) => (r.outputs[node]?.[0] ?? []).map((i) => i.json as Record<string, any>);

describe('workflows/bdr-setup-check.json', () => {
	it('has a manual and a weekly trigger, both into Check Setup', () => {
		const types = template.nodes.map((n) => n.type);
		expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-bdr-autotask.bdrAutotaskLookup']));
		for (const trigger of ['Run the setup check', 'Every Monday at 8:00']) {
			expect(template.connections[trigger].main[0]).toEqual([{ node: 'Check Setup', type: 'main', index: 0 }]);
		}
	});

	it('routes each seeded misconfiguration to "Fix these in Autotask", with the offending records and the fix', async () => {
		const r = await run();
		expect(r.error).toBeUndefined();
		const failed = Object.fromEntries(items(r, 'Fix these in Autotask').map((i) => [i.check, i]));
		expectSeededMisconfigurationsFound(failed);
		for (const item of Object.values(failed)) expect(item.fix).toBeTruthy();
		const passed = items(r, 'Passed or skipped').map((i) => i.check);
		expect(passed).toEqual(expect.arrayContaining(['api_access', 'ticket_queue', 'ticket_priority', 'ticket_status_new', 'ticket_status_complete']));
	});

	it('predicts the tickets Open or Close Ticket creates (due date, work type) and writes no ticket unless asked', async () => {
		sb.resetCounts();
		const r = await run();
		const passed = Object.fromEntries(items(r, 'Passed or skipped').map((i) => [i.check, i]));
		expect(passed.ticket_due_date.status).toBe('passed');
		expect(passed.ticket_work_type.status).toBe('passed');
		expect(passed.ticket_create).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/Create Test Ticket is off/) });
		expect(sb.counts().byRoute['POST Tickets'] ?? 0).toBe(0);
	});

	it('a wrong secret fails the API check (routed to the person), without the secret in the output', async () => {
		const r = await run({ ...credentialsFor(sb), secret: 'setup-wrong-secret-55e2' });
		const failed = items(r, 'Fix these in Autotask');
		expect(failed.map((i) => i.check)).toContain('api_access');
		expect(JSON.stringify(r.outputs)).not.toContain('setup-wrong-secret-55e2');
	});
});
