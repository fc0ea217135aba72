/** The shipped ticketing template, unchanged, through the engine harness against the sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWebhook, type WorkflowJson } from '../harness';
import { signatureHeaders } from '../../sandbox/simulator';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { useSandbox } from '../harness/testSandbox';

const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'bdr-ticketing.json'), 'utf8')) as WorkflowJson;
const SECRET = 'ticketing-template-secret-0123456789';
let sb: Sandbox;
useSandbox((started) => (sb = started));

const acme = DEMO.customers.acme;
let seq = 0;
const event = (severity: string, o: Record<string, unknown> = {}) => ({
	eventId: `tpl-${++seq}`, occurredAt: new Date(Date.now() - 60_000 + seq * 10).toISOString(), customer: { id: acme.bdrCustomerId, name: acme.name },
	device: { id: 'BDR-ACME-1', name: 'ACME-BDR' }, machine: { name: 'SQL-01' },
	type: severity === 'ok' ? 'backup_succeeded' : 'backup_failed', severity, message: `Backup ${severity}`, ...o,
});

async function post(events: object[]) {
	const raw = JSON.stringify(events);
	return runWebhook(template, 'BDR Event Trigger', { headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, raw) }, rawBody: raw }, {
		credentials: { bdrAutotaskApi: credentialsFor(sb), bdrWebhookSecretApi: { secret: SECRET } },
	});
}
const outcomes = (r: Awaited<ReturnType<typeof post>>) => (r.outputs['Open or Close Ticket']?.[0] ?? []).map((i) => i.json as Record<string, any>);
const openTickets = () => sb.store.all('Tickets').filter((t) => t.status !== 5);

describe('workflows/bdr-ticketing.json', () => {
	it('has the seed\'s ticket defaults and no secrets', () => {
		const node = template.nodes.find((n) => n.type === 'n8n-nodes-bdr-autotask.bdrOpenOrCloseTicket')!;
		expect(node.parameters).toMatchObject({ queue: 'Managed Services Alerts', priority: 'Medium', statusNew: 'New', statusComplete: 'Complete' });
		expect(JSON.stringify(template)).not.toMatch(/"secret"\s*:\s*"[^"]/);
		// failures go to the connector-health workflow (workflows/bdr-connector-health.json, linked by its id)
		expect(template.settings).toHaveProperty('errorWorkflow', 'bdrConnectorHlth');
	});

	it('a failure opens a ticket on the mapped company, a repeat notes it, the OK closes it', async () => {
		const r1 = await post([event('error')]);
		expect(r1.response.status).toBe(202);
		expect(r1.error).toBeUndefined();
		expect(outcomes(r1)).toMatchObject([{ outcome: 'created', autotask: { companyId: acme.companyId } }]);
		const id = outcomes(r1)[0].ticketId;
		expect(sb.store.get('Tickets', id)).toMatchObject({ companyID: acme.companyId, title: '[BDR] Backup failed: SQL-01 (ACME Insurance)' });
		expect(outcomes(await post([event('warning')]))).toMatchObject([{ outcome: 'noted', ticketId: id }]);
		expect(outcomes(await post([event('ok')]))).toMatchObject([{ outcome: 'closed', ticketId: id }]);
		expect(openTickets()).toHaveLength(0);
	});

	it('an unknown customer goes to the Unmapped node with the fix, and opens no ticket', async () => {
		const r = await post([event('error', { customer: { id: 'bdr-cust-999', name: 'Nobody' } }), event('error', { machine: { name: 'WEB-01' } })]);
		const unmapped = r.outputs['Unmapped customers — fix the Customer Map']?.[0] ?? [];
		expect(unmapped).toHaveLength(1);
		expect(unmapped[0].json).toMatchObject({ customer: { id: 'bdr-cust-999' }, unmapped: { reason: expect.any(String), message: expect.any(String) } });
		expect(outcomes(r)).toMatchObject([{ outcome: 'created' }]);
		expect(sb.store.all('Tickets')).toHaveLength(1);
	});
});
