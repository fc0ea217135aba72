/**
 * The demo's parts without a real n8n: flags, template preparation, the device traffic, webhook
 * routing and the summary figures. (test/e2e/demo.test.ts runs the whole `npm start`.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { startSandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { triggerTakes, webhookPathOf, triggerWebhook } from '../../tools/demo/hooks';
import { parseDemoArgs, DEFAULT_OPTIONS } from '../../tools/demo/options';
import { autotaskFigures, baselineOf, formatSummary } from '../../tools/demo/summary';
import { prepareTemplate, readTemplates, SYNC_BILLING_TYPE } from '../../tools/demo/templates';
import {
	acceptableStatuses,
	demoStep,
	hooksFor,
	runTraffic,
	usageFor,
	type TrafficStats,
} from '../../tools/demo/traffic';
import { demoTrafficCustomers, UNMAPPED_CUSTOMER } from '../../tools/demo/start';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Whether a request is signed as the README's shell example signs it (openssl, not this package's
 * code, so the simulator is checked against the contract rather than against the product).
 */
function signedPerReadme(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
	const timestamp = String(headers['x-bdr-timestamp'] ?? '');
	if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300)
		return false;
	const openssl = spawnSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-hex'], {
		input: `${timestamp}.${body}`,
		encoding: 'utf8',
	});
	if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
	return headers['x-bdr-signature'] === `sha256=${openssl.stdout.trim().replace(/^.* /, '')}`;
}

describe('demo flags', () => {
	it('defaults to the demo tenant, the simulator on and free ports', () => {
		expect(parseDemoArgs([])).toEqual(DEFAULT_OPTIONS);
		expect(DEFAULT_OPTIONS).toMatchObject({
			simulator: true,
			n8nPort: 0,
			sandboxPort: 0,
			customers: undefined,
		});
	});

	it('reads every flag, with a space or =', () => {
		expect(
			parseDemoArgs([
				'--no-simulator',
				'--n8n-port',
				'5678',
				'--sandbox-port=8787',
				'--customers',
				'50',
				'--rate',
				'0.5',
				'--verbose',
			]),
		).toMatchObject({
			simulator: false,
			n8nPort: 5678,
			sandboxPort: 8787,
			customers: 50,
			rate: 0.5,
			verbose: true,
		});
		expect(parseDemoArgs(['--help']).help).toBe(true);
	});

	it('refuses bad values naming the flag and the fix', () => {
		expect(() => parseDemoArgs(['--customers', '0'])).toThrow(
			/--customers needs a whole number of customers from 1/,
		);
		expect(() => parseDemoArgs(['--n8n-port', 'abc'])).toThrow(/--n8n-port needs a port number/);
		expect(() => parseDemoArgs(['--rate'])).toThrow(
			/--rate needs requests per second.*got nothing/,
		);
		expect(() => parseDemoArgs(['--n8n-port', '9000', '--sandbox-port', '9000'])).toThrow(
			/different ports/,
		);
		expect(() => parseDemoArgs(['--simulator-off'])).toThrow(
			/Unknown option "--simulator-off"; known: --no-simulator/,
		);
	});

	it('the built command prints its help and exits 0, and exits 2 on an unknown flag without starting anything', () => {
		const script = path.join(ROOT, 'tools-dist/tools/demo/start.js');
		const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
		expect(help.status).toBe(0);
		for (const flag of ['--no-simulator', '--n8n-port', '--sandbox-port', '--customers', '--rate'])
			expect(help.stdout).toContain(flag);
		const bad = spawnSync(process.execPath, [script, '--bogus'], { encoding: 'utf8' });
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/Unknown option "--bogus"/);
		expect(bad.stdout).not.toMatch(/n8n runtime/);
	});
});

describe('templates for the demo', () => {
	const syncNode = (dryRun: boolean) => ({
		name: 'Sync Billing',
		type: SYNC_BILLING_TYPE,
		parameters: { dryRun, rows: 1 },
	});

	it('turns Sync Billing dry run off in the copy only, and reports which nodes', () => {
		const original = {
			name: 'B',
			nodes: [
				syncNode(true),
				{ name: 'T', type: 'n8n-nodes-bdr-autotask.bdrEventTrigger', parameters: {} },
			],
		};
		const prepared = prepareTemplate('b.json', original);
		expect(prepared.json.nodes[0].parameters).toEqual({ dryRun: false, rows: 1 });
		expect(original.nodes[0].parameters.dryRun).toBe(true);
		expect(prepared.dryRunOff).toEqual(['Sync Billing']);
		expect(prepareTemplate('c.json', { name: 'C', nodes: [syncNode(false)] }).dryRunOff).toEqual(
			[],
		);
	});

	it('reads the shipped folder: every file, billing copies with dry run off, the files unchanged', () => {
		const folder = path.join(ROOT, 'workflows');
		const before = fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
		const templates = readTemplates(folder);
		expect(templates.map((t) => t.file).sort()).toEqual(
			fs
				.readdirSync(folder)
				.filter((f) => f.endsWith('.json'))
				.sort(),
		);
		const billing = templates.find((t) => t.file === 'bdr-billing.json')!;
		expect(billing.dryRunOff.length).toBeGreaterThan(0);
		expect(
			billing.json.nodes
				.filter((n: any) => n.type === SYNC_BILLING_TYPE)
				.every((n: any) => n.parameters.dryRun === false),
		).toBe(true);
		expect(
			fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')),
		).toEqual(before);
	});
});

describe('webhooks of the templates', () => {
	const trigger = (file: string) =>
		JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')).nodes.find(
			(n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger',
		);

	it('routes usage reports to the billing template and alerts to the ticketing template', () => {
		expect(triggerTakes(trigger('bdr-billing.json').parameters)).toEqual({
			usage: true,
			alerts: false,
		});
		expect(triggerTakes(trigger('bdr-ticketing.json').parameters)).toEqual({
			usage: false,
			alerts: true,
		});
		expect(triggerTakes({})).toEqual({ usage: true, alerts: true });
	});

	it("builds n8n's production path from the node's webhookId and the built trigger's path", () => {
		const hook = triggerWebhook(ROOT);
		expect(hook.path).toBe('bdr-events');
		expect(
			webhookPathOf({ name: 'BDR Event Trigger', webhookId: 'bdr-ticketing' }, 'wf1', hook),
		).toBe('bdr-ticketing/bdr-events');
		expect(webhookPathOf({ name: 'BDR Event Trigger' }, 'wf1', hook)).toBe(
			'wf1/bdr%20event%20trigger/bdr-events',
		);
		expect(
			webhookPathOf({ name: 'X', webhookId: 'id' }, 'wf1', { path: 'p', isFullPath: true }),
		).toBe('p');
	});
});

describe('simulated device traffic', () => {
	const { mapped, unmapped } = demoTrafficCustomers(undefined);
	const steps = (count: number) => {
		let seed = 1;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		return Array.from({ length: count }, (_, n) => demoStep(n, random, mapped, unmapped));
	};

	it('uses the demo tenant customers and one customer Autotask does not know', () => {
		expect(mapped.map((c) => c.id)).toEqual(DEMO.customerList.map((c) => c.bdrCustomerId));
		expect(unmapped.id).toBe(UNMAPPED_CUSTOMER.id);
		expect(DEMO.customerList.map((c) => c.bdrCustomerId)).not.toContain(unmapped.id);
		expect(demoTrafficCustomers(3).mapped.map((c) => c.id)).toEqual([
			'bdr-gen-00001',
			'bdr-gen-00002',
			'bdr-gen-00003',
		]);
	});

	it('opens with a failure, usage, a repeat, the unmapped customer, a recovery and a bad request', () => {
		const opening = steps(7);
		expect(opening.map((s) => `${s.kind}:${s.customer.id}:${s.flaw}`)).toEqual([
			`failure:${mapped[0].id}:none`,
			`usage:${mapped[0].id}:none`,
			`failure:${mapped[0].id}:none`,
			`usage:${mapped[1].id}:none`,
			`failure:${unmapped.id}:none`,
			`recovery:${mapped[0].id}:none`,
			`failure:${mapped[1].id}:wrongSignature`,
		]);
	});

	it('then mixes every kind: usage, failures, recoveries, other alerts, bad requests, the unmapped customer', () => {
		const mixed = steps(600).slice(7);
		for (const kind of ['usage', 'failure', 'recovery', 'hardware', 'offsite'])
			expect(mixed.some((s) => s.kind === kind)).toBe(true);
		expect(mixed.some((s) => s.flaw !== 'none')).toBe(true);
		expect(mixed.some((s) => s.customer.id === unmapped.id)).toBe(true);
		// flapping: one machine failing and recovering again and again
		const fs01 = mixed
			.filter(
				(s) =>
					s.customer.id === mapped[0].id &&
					s.machine === 'FS01' &&
					['failure', 'recovery'].includes(s.kind),
			)
			.map((s) => s.kind);
		expect(fs01.join(',')).toMatch(/failure,recovery,failure|recovery,failure,recovery/);
	});

	it('grows storage with each usage report, so rounded-up GB units change every time', () => {
		const base = mapped[0].base;
		const local = [0, 1, 2, 3].map((k) => Math.ceil(usageFor(base, k).storage.local));
		expect(local[0]).toBeGreaterThan(base.localGb);
		for (let k = 1; k < local.length; k++) expect(local[k]).toBeGreaterThan(local[k - 1]);
	});

	it('counts a malformed body refused by n8n itself (422) as expected, and nothing else besides the trigger answer', () => {
		expect(acceptableStatuses('malformed')).toEqual([400, 422]);
		expect(acceptableStatuses('unsigned')).toEqual([401]);
		expect(acceptableStatuses('none')).toEqual([202]);
	});

	it('posts signed requests to the right hook until stopped, and counts the answers', async () => {
		const secret = 'parts-test-secret-0123456789abcdef';
		const seen: Array<{ path: string; type: string; valid: boolean }> = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				if (seen.length >= 7) {
					stop.abort(); // the eighth request: stop the traffic while it waits for this answer
					res.end('{}');
					return;
				}
				const valid = signedPerReadme(secret, req.headers, body);
				let type = '?';
				try {
					type = JSON.parse(body).type;
				} catch {
					/* malformed on purpose */
				}
				seen.push({ path: req.url!, type, valid });
				res.statusCode = valid ? 202 : 401;
				res.end('{}');
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const stop = new AbortController();
		const stats: TrafficStats = { requests: 0, accepted: 0, refused: 0, unexpected: 0, failed: 0 };
		const hooks = [
			{ workflow: 'billing', url: `${base}/billing`, usage: true, alerts: false },
			{ workflow: 'tickets', url: `${base}/tickets`, usage: false, alerts: true },
		];
		await runTraffic({ hooks, secret, mapped, unmapped, rate: 100, signal: stop.signal }, stats);
		server.close();
		expect(seen.map((s) => `${s.path}:${s.type}:${s.valid}`)).toEqual([
			'/tickets:backup_failed:true',
			'/billing:usage_report:true',
			'/tickets:backup_failed:true',
			'/billing:usage_report:true',
			'/tickets:backup_failed:true',
			'/tickets:backup_succeeded:true',
			'/tickets:backup_failed:false',
		]);
		expect(stats).toEqual({ requests: 7, accepted: 6, refused: 1, unexpected: 0, failed: 0 });
		expect(
			hooksFor({ customer: mapped[0], kind: 'usage', machine: 'FS01', flaw: 'none' }, hooks).map(
				(h) => h.workflow,
			),
		).toEqual(['billing']);
	});

	it('refuses to run without a hook for alerts and one for usage', async () => {
		const stats: TrafficStats = { requests: 0, accepted: 0, refused: 0, unexpected: 0, failed: 0 };
		await expect(
			runTraffic(
				{
					hooks: [{ workflow: 't', url: 'http://127.0.0.1:9/x', usage: false, alerts: true }],
					secret: 's',
					mapped,
					unmapped,
					rate: 1,
					signal: new AbortController().signal,
				},
				stats,
			),
		).rejects.toThrow(
			/needs an active workflow with a BDR Event Trigger for alerts and one for usage reports/,
		);
	});
});

describe('summary figures', () => {
	it('counts our tickets by state, their notes and the units adjustments made after the baseline, from the sandbox store', async () => {
		const sb = await startSandbox({ seed: 'demo', port: 0 });
		try {
			const store = sb.store;
			const acme = DEMO.customers.acme;
			const baseline = baselineOf(store);
			const ticket = (status: number, externalID: string) =>
				store.insert('Tickets', { companyID: acme.companyId, title: 't', status, externalID });
			const open = ticket(1, 'bdr:a/1');
			const closed = ticket(5, 'bdr:a/2');
			ticket(1, 'someone-else'); // not ours
			store.insert('TicketNotes', { ticketID: open.id, title: 'repeat' });
			store.insert('TicketNotes', { ticketID: open.id, title: 'repeat' });
			store.insert('TicketNotes', { ticketID: closed.id, title: 'closed' });
			store.insert('ContractServiceAdjustments', { contractID: acme.contractId, unitChange: 3 });
			store.insert('ContractServiceAdjustments', { contractID: acme.contractId, unitChange: 1 });
			store.insert('ContractServiceAdjustments', {
				contractID: DEMO.customers.cedar.contractId,
				unitChange: -1,
			});
			const figures = autotaskFigures(store, baseline, 17);
			expect(figures).toEqual({
				ticketsOpen: 1,
				ticketsClosed: 1,
				ticketsNoted: 2,
				notes: 3,
				unitChanges: 3,
				contractsChanged: 2,
				apiCalls: 17,
			});
			const line = formatSummary(
				new Date('2026-01-02T03:04:05Z'),
				{ requests: 9, accepted: 7, refused: 2, unexpected: 0, failed: 0 },
				figures,
				{ ok: 6, failed: 1 },
			);
			expect(line).toBe(
				'[03:04:05] sent 9 (7 accepted, 2 refused) | tickets 1 open, 2 noted (3 notes), 1 closed | units changed 3× on 2 contracts | Autotask calls 17 | executions 6 ok, 1 failed',
			);
			expect(formatSummary(new Date(0), undefined, figures, undefined)).toMatch(
				/simulator off .* executions \?$/,
			);
		} finally {
			await sb.close();
		}
	});
});
