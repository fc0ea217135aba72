/**
 * The shipped templates inside a real n8n 2.x server: signed events from the device simulator to
 * n8n's production webhook URLs, results read from the Autotask sandbox and from n8n's executions
 * (REST API). Needs `npm run build` first (npm run test:e2e does it).
 */
import { unitsOn } from '../../sandbox/billing';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { EXPECTED_STATUS, FLAWS, makeEvent, signedRequest } from '../../sandbox/simulator';
import { DEMO } from '../../sandbox/tenant/demo';
import { ensureRuntime } from '../../tools/n8n/runtime';
import {
	sandboxCredentials,
	startN8n,
	TEMPLATE_CREDENTIAL_NAMES,
	type N8nServer,
} from '../../tools/n8n/server';
import { importTemplates, type ImportedTemplates } from '../../tools/n8n/templates';
import {
	finishedExecution,
	nodeItems,
	post,
	settledExecutions,
	template,
	triggerPath,
} from './e2eHelpers';
import { expectSeededMisconfigurationsFound } from '../harness/seededMisconfigurations';

const SECRET = 'e2e-pipeline-webhook-secret-6b1d0c2f9a';
const acme = DEMO.customers.acme;
const STATUS_COMPLETE = 5;
const SERVICES = Object.values(DEMO.services);

const ticketing = template('bdr-ticketing.json');
const billing = template('bdr-billing.json');
const health = template('bdr-connector-health.json');
const setupCheck = template('bdr-setup-check.json');
/** The billing template as a user runs it after checking the plan: Dry Run off. */
const billingLive = {
	...billing,
	nodes: billing.nodes.map((n: any) =>
		n.name === 'Sync Billing' ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
	),
};

let sb: Sandbox;
let server: N8nServer;
let imported: ImportedTemplates;
const url = (workflow: Record<string, any>) => server.webhookUrl(triggerPath(workflow));
const idOf = (workflow: Record<string, any>) => imported.byName(workflow.name).id;
const allExecutions = () => server.restClient.listExecutions({}, 100);

beforeAll(async () => {
	const runtime = await ensureRuntime();
	sb = await startSandbox({ seed: 'demo', port: 0 });
	server = await startN8n({ runtime, credentials: sandboxCredentials(sb, SECRET) });
	imported = await importTemplates(server, [ticketing, billingLive, health, setupCheck]);
	process.stderr.write(`[e2e pipeline] n8n ready in ${server.startMs} ms at ${server.url}\n`);
});

afterAll(async () => {
	await server?.stop();
	await sb?.close();
});

describe('templates in a real n8n', () => {
	it('links each template to the imported connector-health workflow, all published', async () => {
		const healthId = idOf(health);
		for (const wf of [ticketing, billingLive, setupCheck]) {
			const stored = await server.restClient.request<any>('GET', `/workflows/${idOf(wf)}`);
			expect([wf.name, stored.settings.errorWorkflow]).toEqual([wf.name, healthId]);
		}
		expect(imported.workflows.every((w) => w.active)).toBe(true);
	});

	it('ticketing: a failure opens one ticket, a repeat notes it, the OK closes it with status Complete', async () => {
		const wf = idOf(ticketing);
		const customer = { id: acme.bdrCustomerId, name: acme.name };
		const send = async (kind: 'failure' | 'warning' | 'recovery', n: number) => {
			const answer = await post(
				url(ticketing),
				signedRequest(SECRET, makeEvent({ kind, customer, machine: 'SQL01' })),
			);
			expect(answer).toMatchObject({ status: 202, body: { accepted: 1 } });
			const [latest] = await settledExecutions(server.restClient, wf, n);
			expect(latest.status).toBe('success');
			return nodeItems(
				await finishedExecution(server.restClient, latest.id),
				'Open or Close Ticket',
			);
		};

		const [created] = await send('failure', 1);
		expect(created).toMatchObject({ outcome: 'created', autotask: { companyId: acme.companyId } });
		const ticket = sb.store.get('Tickets', created.ticketId)!;
		expect(ticket).toMatchObject({
			companyID: acme.companyId,
			externalID: created.alertKey,
			title: '[BDR] Backup failed: SQL01 (ACME Insurance)',
		});
		expect(ticket.status).not.toBe(STATUS_COMPLETE);

		const [noted] = await send('warning', 2);
		expect(noted).toMatchObject({ outcome: 'noted', ticketId: created.ticketId });
		expect(
			sb.store
				.all('TicketNotes')
				.filter((n) => n.ticketID === created.ticketId)
				.map((n) => n.title),
		).toEqual([expect.stringMatching(/^Repeated 1 time\b/)]);

		const [closed] = await send('recovery', 3);
		expect(closed).toMatchObject({ outcome: 'closed', ticketId: created.ticketId });
		expect(sb.store.get('Tickets', created.ticketId)!.status).toBe(STATUS_COMPLETE);
		expect(sb.store.all('Tickets').filter((t) => t.companyID === acme.companyId)).toHaveLength(1);
	});

	it('ticketing: an unmapped customer reaches the Unmapped branch with the reason, and opens no ticket', async () => {
		const wf = idOf(ticketing);
		const before = (await settledExecutions(server.restClient, wf, 0)).length;
		const tickets = sb.store.all('Tickets').length;
		const answer = await post(
			url(ticketing),
			signedRequest(
				SECRET,
				makeEvent({ kind: 'failure', customer: { id: 'bdr-cust-999', name: 'Nobody Ltd' } }),
			),
		);
		expect(answer.status).toBe(202);
		const [latest] = await settledExecutions(server.restClient, wf, before + 1);
		const detail = await finishedExecution(server.restClient, latest.id);
		expect(detail.status).toBe('success');
		const unmapped = nodeItems(detail, 'Unmapped customers — fix the Customer Map');
		expect(unmapped).toEqual([
			expect.objectContaining({
				customer: expect.objectContaining({ id: 'bdr-cust-999' }),
				unmapped: expect.objectContaining({ reason: 'no_mapping' }),
			}),
		]);
		expect(unmapped[0].unmapped.message).toMatch(/BDR Customer ID/);
		expect(nodeItems(detail, 'Open or Close Ticket')).toEqual([]);
		expect(sb.store.all('Tickets')).toHaveLength(tickets);
	});

	it('billing (Dry Run off): contract units are exact after a usage report, and a repeat changes nothing', async () => {
		const wf = idOf(billingLive);
		const units = () =>
			SERVICES.map((s) =>
				unitsOn(sb.store, new Date().toISOString().slice(0, 10))(acme.contractId, s.id),
			);
		expect(units()).toEqual([1, 3, 10, 2, 500, 800]);
		const usage = {
			licenses: { appliance: 1, server: 4, workstation: 12, virtual: 2 },
			storage: { unit: 'GB' as const, local: 612.3, offsite: 950.01 },
		};
		const report = () =>
			signedRequest(
				SECRET,
				makeEvent({ kind: 'usage', customer: { id: acme.bdrCustomerId, name: acme.name }, usage }),
			);

		expect((await post(url(billingLive), report())).status).toBe(202);
		let [latest] = await settledExecutions(server.restClient, wf, 1);
		expect(latest.status).toBe('success');
		expect(
			nodeItems(await finishedExecution(server.restClient, latest.id), 'Sync Billing'),
		).toMatchObject([{ outcome: 'updated' }]);
		// decimal GB rounded up: 612.3 → 613, 950.01 → 951
		expect(units()).toEqual([1, 4, 12, 2, 613, 951]);
		expect(
			sb.store.all('ContractNotes').filter((n) => n.contractID === acme.contractId),
		).toHaveLength(1);

		expect((await post(url(billingLive), report())).status).toBe(202);
		[latest] = await settledExecutions(server.restClient, wf, 2);
		expect(
			nodeItems(await finishedExecution(server.restClient, latest.id), 'Sync Billing'),
		).toMatchObject([{ outcome: 'unchanged' }]);
		expect(units()).toEqual([1, 4, 12, 2, 613, 951]);
		expect(
			sb.store.all('ContractNotes').filter((n) => n.contractID === acme.contractId),
		).toHaveLength(1);
	});

	it('refuses unsigned, stale, wrongly signed, malformed, invalid and oversize requests with no execution recorded', async () => {
		const wf = idOf(ticketing);
		const before = await allExecutions();
		expect(before.length).toBeLessThan(99); // one page holds them all
		const event = makeEvent({
			kind: 'failure',
			customer: { id: acme.bdrCustomerId, name: acme.name },
			machine: 'DC01',
		});
		for (const flaw of FLAWS) {
			const answer = await post(url(ticketing), signedRequest(SECRET, event, flaw));
			// n8n's own body parser refuses a JSON body it cannot parse with 422, before our trigger runs
			const expected = flaw === 'malformed' ? 422 : EXPECTED_STATUS[flaw];
			expect([flaw, answer.status]).toEqual([flaw, expected]);
			expect(JSON.stringify(answer.body)).not.toContain(SECRET);
		}
		// One valid request afterwards: once its execution is recorded, any from the refused ones would be too.
		expect((await post(url(ticketing), signedRequest(SECRET, event))).status).toBe(202);
		await settledExecutions(
			server.restClient,
			wf,
			before.filter((e) => e.workflowId === wf).length + 1,
		);
		const after = await allExecutions();
		expect(after.length).toBe(before.length + 1);
	});

	it('the Setup Check template, run through n8n, finds each seeded misconfiguration', async () => {
		const wf = idOf(setupCheck);
		const run = await server.restClient.request<{ executionId: string }>(
			'POST',
			`/workflows/${wf}/run`,
			{ triggerToStartFrom: { name: 'Run the setup check' } },
		);
		expect(run.executionId).toBeTruthy();
		const detail = await finishedExecution(server.restClient, run.executionId);
		expect(detail.status).toBe('success');
		const failed = Object.fromEntries(
			nodeItems(detail, 'Fix these in Autotask').map((i) => [i.check, i]),
		);
		expectSeededMisconfigurationsFound(failed);
		expect(nodeItems(detail, 'Passed or skipped').map((i) => i.check)).toEqual(
			expect.arrayContaining(['api_access', 'ticket_queue']),
		);
	});
});

describe('connector health in a real n8n', () => {
	const WRONG = 'e2e-wrong-autotask-secret-41f7';

	it("a workflow whose Autotask secret is wrong fails, and the health workflow opens a ticket on the MSP's own company", async () => {
		const [good] = sandboxCredentials(sb, SECRET);
		const wrongName = 'Autotask API (wrong secret)';
		const wrongId = await server.restClient.createCredential({
			...good,
			name: wrongName,
			data: { ...good.data, secret: WRONG },
		});
		const broken = {
			...ticketing,
			name: 'BDR alerts (wrong secret)',
			nodes: ticketing.nodes.map((n: any) => ({
				...n,
				...(n.webhookId ? { webhookId: 'bdr-ticketing-wrong' } : {}),
				...(n.credentials?.bdrAutotaskApi
					? { credentials: { ...n.credentials, bdrAutotaskApi: { id: wrongId, name: wrongName } } }
					: {}),
			})),
			settings: { ...ticketing.settings, errorWorkflow: idOf(health) },
		};
		const wf = await server.importWorkflow(broken);
		const healthRuns = (await settledExecutions(server.restClient, idOf(health), 0)).length;

		const answer = await post(
			url(broken),
			signedRequest(
				SECRET,
				makeEvent({ kind: 'failure', customer: { id: acme.bdrCustomerId, name: acme.name } }),
			),
		);
		expect(answer.status).toBe(202);
		const [failed] = await settledExecutions(server.restClient, wf.id, 1);
		expect(failed.status).toBe('error');

		const [run] = await settledExecutions(server.restClient, idOf(health), healthRuns + 1);
		expect(run).toMatchObject({ mode: 'error', status: 'success' });
		const detail = await finishedExecution(server.restClient, run.id);
		const [opened] = nodeItems(detail, 'Ticket is in Autotask');
		expect(opened).toMatchObject({ outcome: 'created' });
		const ticket = sb.store.get('Tickets', opened.ticketId)!;
		expect(ticket.companyID).toBe(DEMO.ownCompany.id);
		expect(ticket.title).toMatch(/^\[n8n\] Connector failed: BDR alerts \(wrong secret\) — /);
		expect(ticket.description).toContain(`/workflow/${wf.id}/executions/${failed.id}`);
		expect(JSON.stringify(ticket)).not.toContain(WRONG);
	});

	it('when Autotask refuses the health workflow too (the shared credential\'s secret is wrong), the failure goes to "Send this to your team"', async () => {
		const [good] = sandboxCredentials(sb, SECRET);
		const credentialId = server.credentialIds[TEMPLATE_CREDENTIAL_NAMES.autotask];
		await server.restClient.request('PATCH', `/credentials/${credentialId}`, {
			...good,
			data: { ...good.data, secret: WRONG },
		});
		const healthRuns = (await settledExecutions(server.restClient, idOf(health), 0)).length;
		const wf = idOf(ticketing);
		const runs = (await settledExecutions(server.restClient, wf, 0)).length;
		const tickets = sb.store.all('Tickets').length;

		const answer = await post(
			url(ticketing),
			signedRequest(
				SECRET,
				makeEvent({
					kind: 'failure',
					customer: { id: acme.bdrCustomerId, name: acme.name },
					machine: 'EXCH01',
				}),
			),
		);
		expect(answer.status).toBe(202);
		const [failed] = await settledExecutions(server.restClient, wf, runs + 1);
		expect(failed.status).toBe('error');

		const [run] = await settledExecutions(server.restClient, idOf(health), healthRuns + 1);
		expect(run.mode).toBe('error');
		const detail = await finishedExecution(server.restClient, run.id);
		const [item] = nodeItems(detail, 'Send this to your team');
		expect(item).toMatchObject({ sendToTeam: true, failedWorkflow: ticketing.name });
		expect(item.subject).toContain(ticketing.name);
		expect(item.executionUrl).toContain(`/executions/${failed.id}`);
		expect(sb.store.all('Tickets')).toHaveLength(tickets);
		expect(JSON.stringify(detail.data)).not.toContain(WRONG);
	});

	it("never printed a secret to n8n's log", () => {
		const logs = server.logs();
		expect(logs.length).toBeGreaterThan(0);
		for (const secret of [SECRET, WRONG, sb.credentials.secret, sb.credentials.integrationCode])
			expect(logs).not.toContain(secret);
	});
});
