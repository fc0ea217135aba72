/**
 * The real n8n 2.x runtime: our built package loaded into n8n 2.41.1 (Node 24), a production
 * webhook answered, the execution read back through n8n's REST API, and nothing left running.
 * Needs `npm run build` first (npm run test:e2e does it).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureRuntime, type N8nRuntime } from '../../tools/n8n/runtime';
import {
	sandboxCredentials,
	startN8n,
	TEMPLATE_CREDENTIAL_NAMES,
	type N8nServer,
} from '../../tools/n8n/server';
import { canActivate } from '../../tools/n8n/templates';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { startSandbox } from '../../sandbox/server';
import { PROBE_NODE_TYPE, probeWorkflow, writeProbePackage } from './probe-package';
import { alive, refused } from './processChecks';

const ROOT = path.resolve(__dirname, '../..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TEMPLATES = fs
	.readdirSync(path.join(ROOT, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.map((f) => path.join(ROOT, 'workflows', f));

/** Type names our built dist declares (read from the classes, not from a list in this test). */
function builtNodeTypeNames(): string[] {
	return (PKG.n8n.nodes as string[]).map((file) => {
		const mod = require(path.join(ROOT, file));
		const NodeClass = Object.values(mod)[0] as new () => { description: { name: string } };
		return `${PKG.name}.${new NodeClass().description.name}`;
	});
}

describe('n8n 2.x runtime with the built package', () => {
	let runtime: N8nRuntime;
	let server: N8nServer;
	let probeDir: string;
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	let x360: X360Recover | undefined;
	let datto: DattoStandIn | undefined;
	const webhookPath = 'e2e-probe';

	beforeAll(async () => {
		for (const file of PKG.n8n.nodes as string[]) {
			if (!fs.existsSync(path.join(ROOT, file)))
				throw new Error(`${file} is missing: run "npm run build" before the e2e tests`);
		}
		runtime = await ensureRuntime();
		probeDir = writeProbePackage();
		sandbox = await startSandbox({ seed: 'demo', port: 0 });
		x360 = await startX360Recover({ port: 0, seed: 'demo' });
		datto = await startDatto({ port: 0, seed: 'demo' });
		server = await startN8n({
			runtime,
			packageDir: ROOT,
			extraPackageDirs: [probeDir],
			workflows: [probeWorkflow(webhookPath), ...TEMPLATES],
			credentials: sandboxCredentials(
				sandbox,
				'e2e-secret-that-is-long-enough-0123456789',
				x360,
				datto,
			),
		});
		process.stderr.write(
			`[e2e] n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} ready in ${server.startMs} ms at ${server.url}\n`,
		);
	});

	afterAll(async () => {
		await server?.stop();
		await sandbox?.close();
		await x360?.close();
		await datto?.close();
		if (probeDir) fs.rmSync(probeDir, { recursive: true, force: true });
	});

	it('runs n8n 2.41.1 on Node 24 from the user cache, outside the checkout', () => {
		expect(runtime.n8nVersion).toBe('2.41.1');
		expect(runtime.nodeVersion).toMatch(/^v24\./);
		expect(runtime.dir.startsWith(ROOT)).toBe(false);
	});

	it("lists every node of our package (and the probe) among n8n's node types, with icons", async () => {
		const types = await server.restClient.nodeTypes();
		const expected = builtNodeTypeNames();
		expect(expected.length).toBeGreaterThan(0);
		const ours = types.filter((t) => t.name.startsWith(`${PKG.name}.`));
		// n8n adds an AI-agent "<name>Tool" variant of each node marked usableAsTool
		const base = ours
			.map((t) => t.name)
			.filter((name) => !(name.endsWith('Tool') && expected.includes(name.slice(0, -4))));
		expect(base.sort()).toEqual([...expected].sort());
		for (const type of ours) expect(type.icon ?? type.iconUrl).toBeTruthy();
		expect(types.map((t) => t.name)).toContain(PROBE_NODE_TYPE);
	});

	it('created the template credentials with our credential types', async () => {
		const listed = await server.restClient.request<Array<{ id: string; type: string }>>(
			'GET',
			'/credentials',
		);
		const typeOf = (name: string) => listed.find((c) => c.id === server.credentialIds[name])?.type;
		expect(typeOf(TEMPLATE_CREDENTIAL_NAMES.autotask)).toBe('bdrAutotaskApi');
		expect(typeOf(TEMPLATE_CREDENTIAL_NAMES.webhookSecret)).toBe('bdrWebhookSecretApi');
	});

	it("passes our Autotask credential's test against the sandbox inside n8n, and fails it for a wrong secret without echoing it", async () => {
		const [autotask] = sandboxCredentials(sandbox, 'unused');
		const id = server.credentialIds[autotask.name];
		const ok = await server.restClient.testCredential({ id, ...autotask });
		expect(ok.status).toBe('OK');
		// Our nodes' testedBy function ran (the credential has no declarative test n8n would prefer).
		expect(ok.message).toMatch(/^Authenticated as /);
		const wrongSecret = 'wrong-secret-e2e-7f3a9c';
		const bad = await server.restClient.testCredential({
			id,
			...autotask,
			data: { ...autotask.data, secret: wrongSecret },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).not.toContain(wrongSecret);
	});

	it('imports every shipped template and gets each one live (all triggers activated; hand-started onboarding stays inactive)', () => {
		const templates = TEMPLATES.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
		expect(templates.length).toBeGreaterThan(0);
		for (const t of templates)
			expect(server.workflows).toContainEqual(
				expect.objectContaining({ name: t.name, active: canActivate(t) }),
			);
		expect(templates.filter(canActivate).length).toBeGreaterThan(templates.length / 2);
	});

	it("answers the production webhook URL with 200 from the active workflow, using n8n's own peer modules", async () => {
		expect(server.workflows).toContainEqual(
			expect.objectContaining({ name: 'E2E probe', active: true }),
		);
		const body = { hello: 'from the e2e test', n: 7 };
		const res = await fetch(server.webhookUrl(webhookPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(res.status).toBe(200);
		const answer = await res.json();
		expect(answer.received).toEqual(body);
		for (const name of ['n8n-workflow', 'luxon', 'zod']) {
			expect(
				answer.resolved[name].startsWith(path.join(runtime.dir, 'node_modules') + path.sep),
			).toBe(true);
		}
	});

	it('reads that execution back through the REST API', async () => {
		const workflowId = server.workflows.find((w) => w.name === 'E2E probe')!.id;
		const list = await server.restClient.waitForExecutions(
			(l) => l.some((e) => e.status === 'success'),
			{ workflowId },
		);
		const run = list.find((e) => e.status === 'success')!;
		expect(run.mode).toBe('webhook');
		const detail = await server.restClient.getExecution(run.id);
		const out = detail.data.resultData.runData.Probe[0].data.main[0][0].json;
		expect(out.received).toEqual({ hello: 'from the e2e test', n: 7 });
	});

	it('answers 404 for a webhook path no active workflow owns, and records no execution for it', async () => {
		const before = (await server.restClient.listExecutions()).length;
		const res = await fetch(server.webhookUrl('no-such-path'), { method: 'POST', body: '{}' });
		expect(res.status).toBe(404);
		expect((await server.restClient.listExecutions()).length).toBe(before);
	});

	it('stop() ends n8n and its task runner (the whole process group) and frees the port', async () => {
		const { pid, url, userFolder } = server;
		await server.stop();
		expect(alive(-pid)).toBe(false);
		expect(await refused(`${url}/healthz`)).toBe(true);
		expect(fs.existsSync(userFolder)).toBe(false);
	});
});

/** Starts the server CLI with the probe package; resolves with its ready line. */
async function startCli(probeDir: string) {
	const cli = spawn(
		process.execPath,
		[path.join(ROOT, 'tools-dist/tools/n8n/server.js'), '--package', probeDir],
		{
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let stderr = '';
	cli.stderr.on('data', (d) => (stderr += d));
	const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
		cli.on('exit', (code, signal) => resolve(signal ?? code)),
	);
	const ready = await new Promise<{ url: string; pid: number; userFolder: string }>(
		(resolve, reject) => {
			let out = '';
			cli.stdout.on('data', (d) => {
				out += d;
				const line = out.split('\n').find((l) => l.startsWith('{'));
				if (line) resolve(JSON.parse(line));
			});
			cli.on('exit', () =>
				reject(new Error(`server CLI ended before ready: ${stderr.slice(-2000)}`)),
			);
		},
	);
	return { cli, exited, ready };
}

describe('the n8n server CLI', () => {
	it('ends n8n through its watchdog when the starting process is killed outright (SIGKILL)', async () => {
		const probeDir = writeProbePackage();
		const { cli, exited, ready } = await startCli(probeDir);
		expect(alive(-ready.pid)).toBe(true);
		cli.kill('SIGKILL');
		expect(await exited).toBe('SIGKILL');
		const deadline = Date.now() + 30_000;
		while (alive(-ready.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
		expect(alive(-ready.pid)).toBe(false);
		while (fs.existsSync(ready.userFolder) && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 250));
		expect(fs.existsSync(ready.userFolder)).toBe(false);
		fs.rmSync(probeDir, { recursive: true, force: true });
	});

	it('stops n8n and everything it started on SIGINT', async () => {
		const probeDir = writeProbePackage();
		const { cli, exited, ready } = await startCli(probeDir);
		expect((await fetch(`${ready.url}/healthz`)).status).toBe(200);
		cli.kill('SIGINT');
		expect(await exited).toBe('SIGINT');
		expect(alive(-ready.pid)).toBe(false);
		expect(await refused(`${ready.url}/healthz`)).toBe(true);
		fs.rmSync(probeDir, { recursive: true, force: true });
	});
});
