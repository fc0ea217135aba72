/**
 * The shipped connector-health template (n8n's Error Trigger workflow), unchanged, through the
 * engine harness against the sandbox: the error n8n hands it becomes a ticket on the MSP's own
 * company when Autotask answers, or a marked item for the team when it does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';

const dir = join(__dirname, '..', '..', 'workflows');
const load = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson & { id?: string };
const health = load('bdr-connector-health.json');
let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.reset());

/** What n8n's Error Trigger emits for a failed production execution. */
const failure = (o: { workflowId?: string; name?: string; message?: string; node?: string; executionId?: string } = {}) => ({
	execution: {
		id: o.executionId ?? '17',
		url: `http://127.0.0.1:5678/workflow/${o.workflowId ?? 'wfTicketing00001'}/executions/${o.executionId ?? '17'}`,
		error: { message: o.message ?? 'Autotask refused the credentials (401)', description: 'Check the API username, secret and integration code.' },
		lastNodeExecuted: o.node ?? 'Map Customer',
		mode: 'webhook',
	},
	workflow: { id: o.workflowId ?? 'wfTicketing00001', name: o.name ?? 'BDR alerts → Autotask tickets' },
});

const run = (input: object[], autotask = credentialsFor(sb)) => runWorkflow(health, { credentials: { bdrAutotaskApi: autotask }, input });
const out = (r: Awaited<ReturnType<typeof run>>, node: string) => (r.outputs[node]?.[0] ?? []).map((i) => i.json as Record<string, any>);

describe('workflows/bdr-connector-health.json', () => {
	it('is an Error Trigger workflow that the other templates name as their error workflow', () => {
		expect(health.nodes.filter((n) => n.type === 'n8n-nodes-base.errorTrigger')).toHaveLength(1);
		expect(health.id).toBeTruthy();
		const others = ['bdr-ticketing.json', 'bdr-billing.json', 'bdr-billing-reconcile.json', 'bdr-setup-check.json'];
		for (const file of others) expect([file, load(file).settings?.errorWorkflow]).toEqual([file, health.id]);
		expect(JSON.stringify(health)).not.toMatch(/"secret"\s*:\s*"[^"]/);
	});

	it('opens one ticket on the MSP\'s own company naming the failed workflow and the error; a repeat adds a note', async () => {
		const first = await run([failure()]);
		expect(first.error).toBeUndefined();
		const [opened] = out(first, 'Ticket is in Autotask');
		expect(opened).toMatchObject({ outcome: 'created' });
		expect(first.outputs['Send this to your team']).toBeUndefined();
		const ticket = sb.store.get('Tickets', opened.ticketId)!;
		expect(ticket.companyID).toBe(DEMO.ownCompany.id);
		expect(ticket.title).toMatch(/^\[n8n\] Connector failed: BDR alerts → Autotask tickets — Autotask refused the credentials \(401\)/);
		expect(ticket.description).toContain('in node "Map Customer"');
		expect(ticket.description).toContain('/executions/17');
		expect(ticket.description).toContain('Autotask refused the credentials (401) — Check the API username, secret and integration code.');

		const again = await run([failure({ executionId: '18', message: 'Autotask refused the credentials (401)' })]);
		expect(out(again, 'Ticket is in Autotask')).toMatchObject([{ outcome: 'noted', ticketId: opened.ticketId }]);
		expect(sb.store.all('Tickets')).toHaveLength(1);
	});

	it('opens a separate ticket for each failing workflow', async () => {
		await run([failure()]);
		await run([failure({ workflowId: 'wfBilling0000001', name: 'BDR usage → Autotask billing', node: 'Sync Billing' })]);
		const titles = sb.store.all('Tickets').map((t) => String(t.title));
		expect(titles).toHaveLength(2);
		expect(titles.some((t) => t.includes('BDR usage → Autotask billing'))).toBe(true);
	});

	it('when Autotask refuses its credentials too, hands a marked item to the team (no ticket, no secret)', async () => {
		const wrong = { ...credentialsFor(sb), secret: 'health-wrong-secret-93c1' };
		const r = await run([failure()], wrong);
		expect(r.error).toBeUndefined();
		expect(sb.store.all('Tickets')).toHaveLength(0);
		const [item] = out(r, 'Send this to your team');
		expect(item).toMatchObject({ sendToTeam: true, failedWorkflow: 'BDR alerts → Autotask tickets', error: 'Autotask refused the credentials (401)' });
		expect(item.subject).toContain('BDR alerts → Autotask tickets');
		expect(item.text).toContain('No ticket could be opened in Autotask either');
		expect(item.whyNoTicket).toBeTruthy();
		expect(JSON.stringify(r.outputs)).not.toContain('health-wrong-secret-93c1');
		expect(JSON.stringify(r.outputs)).not.toContain(sb.credentials.integrationCode);
	});

	it('when the hourly budget is spent, hands the failure to the team', async () => {
		const tight = await startSandbox({ seed: 'demo', port: 0, hourlyBudget: 0 });
		try {
			const r = await run([failure({ message: 'The hourly Autotask API budget is spent' })], credentialsFor(tight));
			expect(tight.store.all('Tickets')).toHaveLength(0);
			expect(out(r, 'Send this to your team')).toMatchObject([{ sendToTeam: true, error: 'The hourly Autotask API budget is spent' }]);
		} finally {
			await tight.close();
		}
	});

	it('when Autotask cannot be reached, hands the failure to the team', async () => {
		const gone = await startSandbox({ seed: 'demo', port: 0 });
		const unreachable = credentialsFor(gone);
		await gone.close();
		const r = await run([failure()], unreachable);
		expect(out(r, 'Send this to your team')).toMatchObject([{ sendToTeam: true, failedWorkflow: 'BDR alerts → Autotask tickets' }]);
	});

	it('handles a trigger that failed before any execution started (no execution id)', async () => {
		const r = await run([{ trigger: { error: { message: 'Webhook could not be registered' }, mode: 'trigger' }, workflow: { id: 'wfX', name: 'BDR usage → Autotask billing' } }]);
		const [opened] = out(r, 'Ticket is in Autotask');
		expect(sb.store.get('Tickets', opened.ticketId)!.title).toContain('BDR usage → Autotask billing — Webhook could not be registered');
	});
});
