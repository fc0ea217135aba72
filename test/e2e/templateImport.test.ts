/**
 * Issue #15: the shipped templates imported twice into a real n8n 2.41.1, by n8n's own CLI
 * (`n8n import:workflow --input=<file>`, run against the server's user folder) and by the tools'
 * REST importer (`startN8n().importWorkflow`, what `npm start` and the other suites use). The CLI
 * keeps each file's id (a second import replaces that workflow) and its error-workflow link; each
 * published workflow answers a signed event on its own URL; a file without id is refused; files that
 * did carry one fixed webhookId show the failure n8n gives for the second workflow.
 * What the editor's *Import from File* does is in test/tooling/templatesImport.test.ts (file comment).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { makeEvent, signedRequest } from '../../sandbox/simulator';
import { DEMO } from '../../sandbox/tenant/demo';
import { N8nRestError } from '../../tools/n8n/rest';
import { ensureRuntime, type N8nRuntime } from '../../tools/n8n/runtime';
import {
	n8nEnvironment,
	sandboxCredentials,
	startN8n,
	type N8nServer,
} from '../../tools/n8n/server';
import { BDR_EVENT_TRIGGER_TYPE, importTemplates } from '../../tools/n8n/templates';
import { post, template, WORKFLOWS_DIR } from './e2eHelpers';

const SECRET = 'e2e-template-import-secret-5e0a9c17';
const acme = DEMO.customers.acme;
const ticketing = template('bdr-ticketing.json');
const health = template('bdr-connector-health.json');

let runtime: N8nRuntime;
let sb: Sandbox;
let server: N8nServer;
let scratch: string;

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

/** `n8n import:workflow --input=<file>` against the running server's user folder (its SQLite database). */
async function cliImport(file: string): Promise<string> {
	const env = n8nEnvironment({
		userFolder: server.userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		runtime,
	});
	const run = spawnSync(runtime.nodeBin, [runtime.n8nBin, 'import:workflow', `--input=${file}`], {
		cwd: server.userFolder,
		env,
		encoding: 'utf8',
		timeout: 300_000,
	});
	const output = `${run.stdout}\n${run.stderr}`;
	if (run.status !== 0 || !/Successfully imported 1 workflow/.test(output))
		throw new Error(
			`n8n import:workflow --input=${file} failed (exit ${run.status}):\n${output.slice(-3000)}`,
		);
	return output;
}

/** One retry when the server closed an idle keep-alive socket while the CLI ran ("fetch failed: other side closed"). */
async function retried<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (!/fetch failed/.test(String(error))) throw error;
		return call();
	}
}

type Stored = {
	id: string;
	name: string;
	versionId: string;
	activeVersionId?: string | null;
	settings?: Record<string, any>;
	nodes: Array<Record<string, any>>;
};
const stored = (id: string) =>
	retried(() => server.restClient.request<Stored>('GET', `/workflows/${id}`));
const named = async (name: string) =>
	(await retried(() => server.restClient.listWorkflows()))
		.filter((w) => w.name === name)
		.map((w) => w.id);

/** Publishes a stored workflow as the editor's Publish button does; resolves when its triggers are live. */
async function publish(id: string): Promise<void> {
	const { versionId } = await stored(id);
	const activated = await retried(() =>
		server.restClient.request<{ versionId: string }>('POST', `/workflows/${id}/activate`, {
			versionId,
		}),
	);
	await server.restClient.waitUntilLive(id, activated.versionId);
}

/** n8n's production path of a stored workflow's BDR Event Trigger (n8n-workflow getNodeWebhookPath). */
function productionPath(workflow: Stored): string {
	const trigger = workflow.nodes.find((n) => n.type === BDR_EVENT_TRIGGER_TYPE)!;
	return trigger.webhookId
		? `${trigger.webhookId}/bdr-events`
		: `${workflow.id}/${encodeURIComponent(String(trigger.name).toLowerCase())}/bdr-events`;
}

const failure = (machine: string) =>
	signedRequest(
		SECRET,
		makeEvent({ kind: 'failure', customer: { id: acme.bdrCustomerId, name: acme.name }, machine }),
	);

beforeAll(async () => {
	runtime = await ensureRuntime();
	sb = await startSandbox({ seed: 'demo', port: 0 });
	server = await startN8n({ runtime, credentials: sandboxCredentials(sb, SECRET) });
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-template-import-'));
});

afterAll(async () => {
	await server?.stop();
	await sb?.close();
	if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('n8n import:workflow (the CLI), the template files, each twice', () => {
	const billing = template('bdr-billing.json');

	it('the connector-health file keeps its id: imported twice it is one workflow, overwritten', async () => {
		const file = path.join(WORKFLOWS_DIR, 'bdr-connector-health.json');
		await cliImport(file);
		await cliImport(file);
		expect(await named(health.name)).toEqual([health.id]);
	});

	it("the ticketing and billing files: one workflow each under the file's id, naming the connector-health workflow as error workflow", async () => {
		for (const json of [ticketing, billing]) {
			const file = path.join(
				WORKFLOWS_DIR,
				json === ticketing ? 'bdr-ticketing.json' : 'bdr-billing.json',
			);
			await cliImport(file);
			await cliImport(file);
			expect(await named(json.name)).toEqual([json.id]);
			const wf = await stored(json.id);
			expect(wf.settings?.errorWorkflow).toBe(health.id);
			// n8n linked the credential by name, and left the trigger without a webhookId
			const trigger = wf.nodes.find((n) => n.type === BDR_EVENT_TRIGGER_TYPE)!;
			expect(trigger.webhookId).toBeUndefined();
			expect(trigger.credentials?.bdrWebhookSecretApi?.id).toBe(
				server.credentialIds['BDR webhook secret'],
			);
		}
	});

	it('both publish, each on its own URL made of its workflow id, which n8n 2.41.1 then cannot match (404) until the editor gives the trigger a webhook id', async () => {
		await publish(health.id);
		const ids = [ticketing.id, billing.id];
		for (const id of ids) await publish(id);
		const paths = await Promise.all(ids.map(async (id) => productionPath(await stored(id))));
		expect(paths).toEqual([
			`${ticketing.id}/bdr%20event%20trigger/bdr-events`,
			`${billing.id}/bdr%20event%20trigger/bdr-events`,
		]);
		// n8n stores the path with the node name URL-encoded but looks up the decoded request path
		for (const p of [paths[0], paths[0].replace(/%20/g, ' ')]) {
			const answer = await post(server.webhookUrl(p), failure('CLI-TICKETING'));
			expect([p, answer.status]).toEqual([p, 404]);
		}
		expect(await server.restClient.listExecutions({ workflowId: ticketing.id })).toEqual([]);
	});

	it('importing the ticketing file again replaces that one workflow and unpublishes it; publishing it again works', async () => {
		await cliImport(path.join(WORKFLOWS_DIR, 'bdr-ticketing.json'));
		expect(await named(ticketing.name)).toEqual([ticketing.id]);
		expect(
			(await server.restClient.listWorkflows()).find((w) => w.id === ticketing.id)?.active,
		).toBe(false);
		await publish(ticketing.id);
	});

	it('a file without id is refused by n8n import:workflow --input=<file> (why every template carries one)', async () => {
		const { id: _dropped, ...withoutId } = ticketing;
		const file = path.join(scratch, 'no-id.json');
		fs.writeFileSync(file, JSON.stringify({ ...withoutId, name: 'Ticketing without id' }));
		await expect(cliImport(file)).rejects.toThrow(
			/NOT NULL constraint failed: workflow_entity\.id/,
		);
	});

	it('two workflows whose files carry the same webhookId: n8n refuses to publish the second ("There is a conflict with one of the webhooks.")', async () => {
		const withFixedHook = (id: string) => ({
			...ticketing,
			id,
			name: `Fixed webhookId ${id}`,
			nodes: ticketing.nodes.map((n: any) =>
				n.type === BDR_EVENT_TRIGGER_TYPE ? { ...n, webhookId: 'fixed-in-the-file' } : n,
			),
		});
		const ids = ['fixedHookCopy001', 'fixedHookCopy002'];
		for (const id of ids) {
			const file = path.join(scratch, `${id}.json`);
			fs.writeFileSync(file, JSON.stringify(withFixedHook(id)));
			await cliImport(file);
		}
		await publish(ids[0]);
		const refused = await publish(ids[1]).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(refused).toBeInstanceOf(N8nRestError);
		expect((refused as N8nRestError).body).toContain(
			'There is a conflict with one of the webhooks.',
		);
	});
});

describe("the tools' importer (REST API, what npm start and the suites use), the ticketing template twice", () => {
	it('gives the two copies two webhook ids, both published and accepting signed events', async () => {
		const first = await importTemplates(server, [ticketing]);
		const second = await server.importWorkflow(ticketing);
		const ids = [first.workflows[0], second].map((w) => w.webhookIds!['BDR Event Trigger']);
		expect(ids[0]).toBe('bdr-ticketing');
		expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
		for (const [i, w] of [first.workflows[0], second].entries()) {
			expect(w.active).toBe(true);
			expect(
				(await stored(w.id)).nodes.find((n) => n.type === BDR_EVENT_TRIGGER_TYPE)!.webhookId,
			).toBe(ids[i]);
			const answer = await post(
				server.webhookUrl(`${ids[i]}/bdr-events`),
				failure(`REST-COPY-${i + 1}`),
			);
			expect(answer.status).toBe(202);
		}
	});
});
