/** The shipped billing templates, unchanged, through the engine harness against the sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWebhook, runWorkflow, type WorkflowJson } from '../harness';
import { signatureHeaders } from '../../sandbox/simulator';
import { unitsOn } from '../../sandbox/billing';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { useSandbox } from '../harness/testSandbox';

const load = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8')) as WorkflowJson;
const billing = load('bdr-billing.json');
const reconcile = load('bdr-billing-reconcile.json');
const SECRET = 'billing-template-secret-0123456789';
const S = DEMO.services;
const { acme, bluebird } = DEMO.customers;

let sb: Sandbox;
useSandbox((started) => (sb = started));

let seq = 0;
/** A usage report as a BDR posts it (storage in GB, decimal). */
function report(c: { bdrCustomerId: string; name: string }, device: string, l: Record<string, number>, localGb: number, cloudGb: number) {
	return {
		eventId: `bill-${++seq}`, occurredAt: new Date(Date.now() - 60_000 + seq * 10).toISOString(), customer: { id: c.bdrCustomerId, name: c.name },
		device: { id: device }, type: 'usage_report', severity: 'info', message: 'Synchronize with Autotask',
		usage: { licenses: l, storage: { unit: 'GB', local: localGb, offsite: cloudGb } },
	};
}
/** ACME exactly as billed today; Bluebird's two appliances sum to new units. */
const batch = () => [
	report(acme, 'acme-1', { appliance: 1, server: 3, workstation: 10, virtual: 2 }, 500, 800),
	report(bluebird, 'blue-1', { appliance: 1, server: 3, workstation: 10, virtual: 2 }, 1000.2, 1500),
	report(bluebird, 'blue-2', { appliance: 1, server: 4, workstation: 9, virtual: 2 }, 900, 1300),
];
const BLUEBIRD_AFTER = [2, 7, 19, 4, 1901, 2800];
const SERVICES = [S.appliance, S.serverLicense, S.workstationLicense, S.virtualLicense, S.localStorageGb, S.cloudStorageGb];

const credentials = () => ({ bdrAutotaskApi: credentialsFor(sb), bdrWebhookSecretApi: { secret: SECRET } });
async function post(workflow: WorkflowJson, events: object[]) {
	const raw = JSON.stringify(events);
	return runWebhook(workflow, 'BDR Event Trigger', { headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, raw) }, rawBody: raw }, { credentials: credentials() });
}
const synced = (outputs: Record<string, any[][]>) => (outputs['Sync Billing']?.[0] ?? []).map((i) => i.json as Record<string, any>);
const byContract = (items: Array<Record<string, any>>, id: number) => items.find((i) => i.contractId === id);
const units = (contractId: number) => SERVICES.map((s) => unitsOn(sb.store, new Date().toISOString().slice(0, 10))(contractId, s.id));
const writes = () => Object.entries(sb.counts().byRoute).filter(([r]) => /^(POST|PATCH|PUT) Contracts\/\{id\}/.test(r)).reduce((n, [, c]) => n + c, 0);
const withDryRunOff = (wf: WorkflowJson): WorkflowJson => {
	const copy = structuredClone(wf);
	copy.nodes.find((n) => n.name === 'Sync Billing')!.parameters.dryRun = false;
	return copy;
};

describe('workflows/bdr-billing.json and bdr-billing-reconcile.json', () => {
	it('listen to usage reports only, ship with Dry Run on, carry the seed\'s words and no secrets', () => {
		const trigger = billing.nodes.find((n) => n.name === 'BDR Event Trigger')!;
		expect(trigger.parameters).toMatchObject({ eventTypeSelection: 'selected', eventTypes: ['usage_report'], minimumSeverity: 'info' });
		for (const wf of [billing, reconcile]) {
			const text = JSON.stringify(wf);
			expect(wf.nodes.find((n) => n.name === 'Sync Billing')!.parameters.dryRun).toBe(true);
			expect(text).toContain('within 12 hours');
			expect(text).toContain('check your customer contracts within Autotask');
			expect(text).toContain('Period Type must be set to Monthly');
			expect(text).not.toMatch(/"(secret|password|integrationCode)"\s*:\s*"[^"]/);
		}
		expect(JSON.stringify(billing)).toContain('Synchronize with Autotask');
		expect(reconcile.nodes.find((n) => n.name === 'Every 12 hours')!.parameters).toEqual({ rule: { interval: [{ field: 'hours', hoursInterval: 12 }] } });
	});

	it('event template, unchanged: outputs the plan per contract and writes nothing', async () => {
		const r = await post(billing, [...batch(), { ...report(acme, 'acme-1', {}, 1, 1), type: 'backup_failed', severity: 'error', usage: undefined }]);
		expect(r.response.status).toBe(202);
		expect(r.started).toBe(true);
		const items = synced(r.outputs);
		expect(items).toHaveLength(2);
		expect(byContract(items, acme.contractId)).toMatchObject({ outcome: 'unchanged' });
		const blue = byContract(items, bluebird.contractId)!;
		expect(blue).toMatchObject({ outcome: 'dry-run', contractName: bluebird.contractName });
		expect(blue.changes.map((c: any) => c.after)).toEqual(BLUEBIRD_AFTER);
		expect(writes()).toBe(0);
		expect(units(bluebird.contractId)).toEqual([2, 5, 18, 4, 1800, 2600]);
	});

	it('event template with Dry Run turned off: exact units and one note; the same reports again change nothing', async () => {
		const live = withDryRunOff(billing);
		const first = synced((await post(live, batch())).outputs);
		expect(byContract(first, bluebird.contractId)).toMatchObject({ outcome: 'updated' });
		expect(units(bluebird.contractId)).toEqual(BLUEBIRD_AFTER);
		expect(sb.store.all('ContractNotes').filter((n) => n.contractID === bluebird.contractId)).toHaveLength(1);
		sb.resetCounts();
		const second = synced((await post(live, batch())).outputs);
		expect(second.map((i) => i.outcome)).toEqual(['unchanged', 'unchanged']);
		expect(writes()).toBe(0);
	});

	it('event template: an unknown customer goes to the Unmapped node; a ticketing event does not start it', async () => {
		const r = await post(billing, [report({ bdrCustomerId: 'bdr-cust-999', name: 'Nobody' }, 'x', { server: 1 }, 1, 1)]);
		expect(r.outputs['Unmapped customers — fix the Customer Map']?.[0]).toHaveLength(1);
		expect(synced(r.outputs)).toHaveLength(0);
		const ignored = await post(billing, [{ ...report(acme, 'a', {}, 1, 1), type: 'backup_failed', severity: 'error', usage: undefined }]);
		expect(ignored.started).toBe(false);
	});

	it('reconcile template, unchanged: items from any source are mapped and planned (dry run)', async () => {
		const items = batch().map((e) => ({
			...e,
			usage: { licenses: e.usage.licenses, storage: { localBytes: e.usage.storage.local * 1e9, offsiteBytes: e.usage.storage.offsite * 1e9 } },
		}));
		const r = await runWorkflow(reconcile, { credentials: credentials(), input: items });
		expect(r.error).toBeUndefined();
		const out = synced(r.outputs);
		expect(byContract(out, bluebird.contractId)!.changes.map((c: any) => c.after)).toEqual(BLUEBIRD_AFTER);
		expect(byContract(out, bluebird.contractId)!.outcome).toBe('dry-run');
		expect(writes()).toBe(0);
		const live = await runWorkflow(withDryRunOff(reconcile), { credentials: credentials(), input: items });
		expect(byContract(synced(live.outputs), bluebird.contractId)!.outcome).toBe('updated');
		expect(units(bluebird.contractId)).toEqual(BLUEBIRD_AFTER);
	});
});
