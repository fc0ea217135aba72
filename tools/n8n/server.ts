/**
 * Starts a real n8n 2.x server (the pinned runtime, Node 24) with our built package loaded, an owner
 * account, credentials and active workflows, on free loopback ports and a throwaway user folder.
 *
 * Loading: n8n 2.41 scans `<user folder>/.n8n/nodes/node_modules/n8n-nodes-*` at start (its
 * community-packages module; the folder where `npm install` puts manually installed community nodes),
 * so node types keep our package name (`n8n-nodes-bdr-autotask.bdrEventTrigger`). N8N_CUSTOM_EXTENSIONS
 * would load the same files under the package name `CUSTOM`, which the shipped templates do not use.
 * The package's peer modules (n8n-workflow, luxon, zod, lodash) are linked beside it to the very
 * copies n8n itself uses, so `instanceof NodeOperationError` and friends hold.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ensureRuntime, formatElapsed, type N8nRuntime } from './runtime';
import { assignWebhookIds, canActivate, missingCredentials, webhookIdsOf } from './templates';
import { N8nRestClient } from './rest';

export interface CredentialSpec {
	/** Name shown in n8n; workflow nodes refer to credentials by this name. */
	name: string;
	/** Credential type, e.g. 'bdrAutotaskApi'. */
	type: string;
	data: Record<string, unknown>;
}

export interface StartN8nOptions {
	/** The built package folder (package.json + dist/). Default: this checkout. */
	packageDir?: string;
	/** More node packages to load beside it (e.g. a test probe package). */
	extraPackageDirs?: string[];
	/** Editor/REST/webhook port (default: a free one). */
	port?: number;
	/** Workflow JSON objects or paths to workflow JSON files; created and activated after start. */
	workflows?: Array<Record<string, unknown> | string>;
	credentials?: CredentialSpec[];
	/** Extra environment for n8n (wins over ours). */
	env?: Record<string, string>;
	runtime?: N8nRuntime;
	/** Receives every line n8n prints (default: kept in memory only, see `logs()`). */
	onLog?: (line: string) => void;
	/** How long to wait for "Editor is now accessible" (default 180 s). */
	startTimeoutMs?: number;
	/** Keep the temp user folder after stop() (for debugging). */
	keepUserFolder?: boolean;
	/**
	 * Start on this existing user folder instead of a new one (a restart after a crash: same database,
	 * credentials, workflows and executions); the owner logs in instead of being set up. The folder is
	 * kept after stop().
	 */
	userFolder?: string;
	/**
	 * Default true: Ctrl-C / SIGTERM stop the server, then end this process by that signal. False for a
	 * caller with its own shutdown (e.g. the demo, which stops more than n8n and exits 0); the
	 * last-resort kill on process exit stays either way.
	 */
	handleSignals?: boolean;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	active: boolean;
	versionId: string;
	/** The webhook id each BDR Event Trigger got, by node name (`assignWebhookIds`); set by `N8nServer.importWorkflow`. */
	webhookIds?: Record<string, string>;
}

export interface N8nServer {
	/** http://127.0.0.1:PORT */
	url: string;
	/** The owner account set up headlessly (the editor's login). */
	login: { email: string; password: string };
	/** Production webhook URL for a webhook path. */
	webhookUrl(webhookPath: string): string;
	restClient: N8nRestClient;
	/** Created credentials, by name → id. */
	credentialIds: Record<string, string>;
	workflows: ImportedWorkflow[];
	userFolder: string;
	pid: number;
	/** How long the start took, until the editor answered (ms). */
	startMs: number;
	/** Everything n8n printed so far. */
	logs(): string;
	/**
	 * Creates (and by default activates) one more workflow through the REST API. Each BDR Event Trigger
	 * gets a webhook id no other workflow on this n8n uses (`assignWebhookIds`: its own or the
	 * template's demo id when free, else a fresh UUID), so a template imported twice has two URLs.
	 */
	importWorkflow(
		workflow: Record<string, unknown> | string,
		activate?: boolean,
	): Promise<ImportedWorkflow>;
	stop(): Promise<void>;
}

/** Names the shipped templates in workflows/ use for their credentials. */
export const TEMPLATE_CREDENTIAL_NAMES = Object.freeze({
	autotask: 'Autotask API',
	webhookSecret: 'BDR webhook secret',
});

/** Name and type of the x360Recover credential the demo creates for the x360Recover stand-in. */
export const X360_CREDENTIAL = Object.freeze({
	name: 'x360Recover (stand-in)',
	type: 'bdrX360RecoverApi',
});

/** Name and type of the Datto BCDR credential the demo creates for the Datto stand-in. */
export const DATTO_CREDENTIAL = Object.freeze({
	name: 'Datto BCDR (stand-in)',
	type: 'bdrDattoBcdrApi',
});

/**
 * Credentials for the templates, pointing Autotask at a sandbox (`startSandbox()` result) and, when
 * given, x360Recover at the stand-in (`startX360Recover()` result; environment 'custom', its base URL).
 */
export function sandboxCredentials(
	sandbox: {
		baseUrl: string;
		credentials: { username: string; secret: string; integrationCode: string };
	},
	webhookSecret: string,
	x360?: { baseUrl: string; apiKey: string },
	datto?: { baseUrl: string; publicKey: string; secretKey: string },
): CredentialSpec[] {
	return [
		{
			name: TEMPLATE_CREDENTIAL_NAMES.autotask,
			type: 'bdrAutotaskApi',
			data: { ...sandbox.credentials, zone: 'custom', customUrl: sandbox.baseUrl },
		},
		{
			name: TEMPLATE_CREDENTIAL_NAMES.webhookSecret,
			type: 'bdrWebhookSecretApi',
			data: { secret: webhookSecret },
		},
		...(x360
			? [
					{
						...X360_CREDENTIAL,
						data: { apiKey: x360.apiKey, environment: 'custom', customUrl: x360.baseUrl },
					},
				]
			: []),
		...(datto
			? [
					{
						...DATTO_CREDENTIAL,
						data: {
							publicKey: datto.publicKey,
							secretKey: datto.secretKey,
							environment: 'custom',
							customUrl: datto.baseUrl,
						},
					},
				]
			: []),
	];
}

/**
 * True when the built package ships the credential type `file` (e.g. 'BdrX360RecoverApi') and lists it
 * in package.json's n8n section: only then does n8n know the type, so only then may a credential of it be created.
 */
export function packageHasCredential(packageDir: string, file: string): boolean {
	const rel = `dist/credentials/${file}.credentials.js`;
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		return fs.existsSync(path.join(packageDir, rel)) && (pkg.n8n?.credentials ?? []).includes(rel);
	} catch {
		return false;
	}
}

/** The demo login, documented in the README: only ever on a loopback server with throwaway data. */
export const DEMO_LOGIN = Object.freeze({
	email: 'demo@example.com',
	password: 'Demo-n8n-1',
	firstName: 'Demo',
	lastName: 'Owner',
});

/** Names our shipped code imports at run time; n8n provides them. */
const PEER_MODULES = ['n8n-workflow', 'luxon', 'zod', 'lodash'];

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** The checkout root (holds package.json with the n8n section). */
export function defaultPackageDir(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		const pkg = path.join(dir, 'package.json');
		if (
			fs.existsSync(pkg) &&
			JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'n8n-nodes-bdr-autotask'
		)
			return dir;
		if (path.dirname(dir) === dir)
			throw new Error(`package.json of n8n-nodes-bdr-autotask not found above ${__dirname}`);
	}
}

/**
 * Puts the package into `<userFolder>/.n8n/nodes/node_modules/<name>` the way `npm install` would
 * (package.json plus its `files`), and links its peer modules to n8n's own copies.
 * Returns the package's install folder.
 */
export function installPackageInto(
	userFolder: string,
	packageDir: string,
	runtimeDir: string,
): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	if (!pkg.n8n?.nodes?.length && !pkg.n8n?.credentials?.length) {
		throw new Error(
			`${packageDir}/package.json lists no nodes or credentials in its "n8n" section; build the package first (npm run build).`,
		);
	}
	for (const file of [...(pkg.n8n.nodes ?? []), ...(pkg.n8n.credentials ?? [])] as string[]) {
		if (!fs.existsSync(path.join(packageDir, file))) {
			throw new Error(
				`${file} listed in ${packageDir}/package.json does not exist; run "npm run build" first.`,
			);
		}
	}
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	const target = path.join(modules, pkg.name);
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
	for (const entry of (pkg.files ?? ['dist']) as string[]) {
		const from = path.join(packageDir, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(target, entry), { recursive: true });
	}
	for (const name of PEER_MODULES) {
		const own = n8nResolvedModule(runtimeDir, name);
		if (own && !fs.existsSync(path.join(modules, name)))
			fs.symlinkSync(own, path.join(modules, name), 'dir');
	}
	return target;
}

/** Folder Node would load `name` from when required by n8n's own code (nested copy first, then hoisted). */
export function n8nResolvedModule(runtimeDir: string, name: string): string | undefined {
	for (const candidate of [
		path.join(runtimeDir, 'node_modules', 'n8n', 'node_modules', name),
		path.join(runtimeDir, 'node_modules', name),
	]) {
		if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
	}
	return undefined;
}

/** Environment that keeps n8n on loopback, offline and quiet, in its own folder. */
export function n8nEnvironment(opts: {
	userFolder: string;
	port: number;
	brokerPort: number;
	runtime: N8nRuntime;
}): Record<string, string> {
	const url = `http://127.0.0.1:${opts.port}`;
	const keep = ['HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SHELL'];
	const base: Record<string, string> = {};
	for (const key of keep) if (process.env[key]) base[key] = process.env[key] as string;
	return {
		...base,
		PATH: `${path.dirname(opts.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`,
		N8N_USER_FOLDER: opts.userFolder,
		N8N_PORT: String(opts.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		WEBHOOK_URL: `${url}/`,
		N8N_RUNNERS_BROKER_PORT: String(opts.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_MODE: 'internal',
		N8N_PYTHON_ENABLED: 'false',
		DB_TYPE: 'sqlite',
		// offline and quiet: no telemetry, version checks, templates, banners, surveys or AI calls
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_MCP_COMMUNITY_NODE_DISCOVERY_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry', // refreshes a server list from api.n8n.io at start
		N8N_SECURE_COOKIE: 'false', // plain http on loopback: the browser test must keep the login cookie
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NODE_ENV: 'production',
	};
}

const running = new Set<{ stopNow(): void; stop(): Promise<void> }>();
let signalsHooked = false;
let exitHooked = false;

/** Last resort (process.exit, uncaught error): kill synchronously, no waiting possible. */
function hookExit() {
	if (exitHooked) return;
	exitHooked = true;
	process.on('exit', () => running.forEach((s) => s.stopNow()));
}

/** While any server runs: Ctrl-C / SIGTERM stop them all, then the process ends as it would have. */
function hookSignals() {
	if (signalsHooked) return;
	signalsHooked = true;
	const onSignal = (signal: NodeJS.Signals) => {
		void Promise.all([...running].map((s) => s.stop())).finally(() => {
			process.removeListener('SIGINT', onSignal);
			process.removeListener('SIGTERM', onSignal);
			signalsHooked = false;
			process.kill(process.pid, signal);
		});
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	hookExit();
}

/**
 * If this process dies without running its handlers (SIGKILL, a CI job cancelled, jest killed on
 * timeout), n8n would live on in its own process group. A tiny watchdog outside that group ends it
 * then; it exits by itself once the group is gone.
 */
const WATCHDOG = `
const [parent, group] = process.argv.slice(1, 3).map(Number);
const folder = process.argv[3];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
let termAt = 0;
setInterval(() => {
  if (!alive(-group)) {
    if (termAt && folder) require('fs').rmSync(folder, { recursive: true, force: true });
    process.exit(0);
  }
  if (!termAt && alive(parent)) return;
  if (!termAt) { termAt = Date.now(); try { process.kill(-group, 'SIGTERM'); } catch {} }
  else if (Date.now() - termAt > 10000) { try { process.kill(-group, 'SIGKILL'); } catch {} }
}, 250);`;

/** `userFolder` is removed by the watchdog too when it had to act (unless the caller keeps it). */
function startWatchdog(group: number, userFolder: string) {
	const watchdog = spawn(
		process.execPath,
		['-e', WATCHDOG, String(process.pid), String(group), userFolder],
		{ stdio: 'ignore', detached: true },
	);
	watchdog.unref();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}

/** Whether any process of the group still runs. */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nServer> {
	const started = Date.now();
	const runtime = options.runtime ?? (await ensureRuntime());
	const packageDir = options.packageDir ?? defaultPackageDir();
	const reused =
		options.userFolder !== undefined &&
		fs.existsSync(path.join(options.userFolder, '.n8n', 'database.sqlite'));
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const keepUserFolder = options.keepUserFolder || options.userFolder !== undefined;
	const port = options.port ?? (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;

	for (const dir of [packageDir, ...(options.extraPackageDirs ?? [])])
		installPackageInto(userFolder, dir, runtime.dir);
	const env = {
		...n8nEnvironment({ userFolder, port, brokerPort, runtime }),
		...(options.env ?? {}),
	};

	// detached: n8n and its task runner get their own process group, so one kill reaches them all
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	startWatchdog(child.pid!, keepUserFolder ? '' : userFolder);
	const output: string[] = [];
	let outputChars = 0;
	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', (code, signal) => ((exited = { code, signal }), resolve())),
	);
	let sawEditorLine = false;
	const onData = (chunk: Buffer) => {
		const text = chunk.toString();
		output.push(text);
		outputChars += text.length;
		while (outputChars > 2_000_000 && output.length > 1) outputChars -= output.shift()!.length;
		if (text.includes('Editor is now accessible')) sawEditorLine = true;
		if (options.onLog) for (const line of text.split('\n')) if (line.trim()) options.onLog(line);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	const logs = () => output.join('');

	let stopped = false;
	const handle = {
		stopNow() {
			killGroup(child, 'SIGKILL');
		},
		async stop() {
			if (stopped) return exitPromise;
			stopped = true;
			running.delete(handle);
			killGroup(child, 'SIGTERM');
			const deadline = Date.now() + 20_000;
			while ((!exited || groupAlive(child.pid!)) && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 100));
			if (child.pid && groupAlive(child.pid)) killGroup(child, 'SIGKILL');
			await exitPromise;
			for (let i = 0; i < 50 && child.pid && groupAlive(child.pid); i++)
				await new Promise((r) => setTimeout(r, 100));
			if (!keepUserFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
	running.add(handle);
	if (options.handleSignals === false) hookExit();
	else hookSignals();

	try {
		await waitUntilReady(
			url,
			() => sawEditorLine,
			() => exited,
			options.startTimeoutMs ?? 180_000,
			logs,
		);
		const startMs = Date.now() - started;
		const restClient = new N8nRestClient(url);
		if (reused) await restClient.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
		else await restClient.setupOwner(DEMO_LOGIN);

		const credentialIds: Record<string, string> = {};
		for (const credential of options.credentials ?? []) {
			credentialIds[credential.name] = await restClient.createCredential(credential);
		}
		// webhook ids the workflows already on this n8n use (a reused user folder has some), read once
		let webhookIdsInUse: Promise<Set<string>> | undefined;
		const readWebhookIdsInUse = async () => {
			const taken = new Set<string>();
			for (const { id } of await restClient.listWorkflows()) {
				const stored = await restClient.request<Record<string, any>>('GET', `/workflows/${id}`);
				for (const webhookId of webhookIdsOf(stored)) taken.add(webhookId);
			}
			return taken;
		};
		const importWorkflow = async (workflow: Record<string, unknown> | string, activate = true) => {
			const json =
				typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
			// n8n refuses to activate a hand-started workflow, or one whose credentials it was not given
			// (a source without its stand-in): those are imported inactive.
			const activatable =
				canActivate(json) && missingCredentials(json, Object.keys(credentialIds)).length === 0;
			webhookIdsInUse ??= readWebhookIdsInUse();
			const { json: withIds, webhookIds } = assignWebhookIds(json, await webhookIdsInUse);
			const imported = await restClient.importWorkflow(
				linkCredentials(withIds, credentialIds),
				activate && activatable,
			);
			return { ...imported, webhookIds };
		};
		const workflows: ImportedWorkflow[] = [];
		for (const workflow of options.workflows ?? []) workflows.push(await importWorkflow(workflow));

		return {
			url,
			login: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password },
			webhookUrl: (webhookPath: string) => `${url}/webhook/${webhookPath.replace(/^\//, '')}`,
			restClient,
			credentialIds,
			workflows,
			userFolder,
			pid: child.pid!,
			startMs,
			logs,
			importWorkflow,
			stop: () => handle.stop(),
		};
	} catch (error) {
		await handle.stop();
		throw error;
	}
}

async function waitUntilReady(
	url: string,
	sawEditorLine: () => boolean,
	exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined,
	timeoutMs: number,
	logs: () => string,
) {
	const started = Date.now();
	for (;;) {
		const gone = exited();
		if (gone) {
			throw new Error(
				`n8n stopped during start (exit code ${gone.code}, signal ${gone.signal}). Last output:\n${logs().slice(-4000)}`,
			);
		}
		// /healthz answers before the migrations finish: wait for the editor line, then settings answering
		if (sawEditorLine()) {
			try {
				const res = await fetch(`${url}/rest/settings`);
				if (res.ok) return;
			} catch {
				/* not listening yet */
			}
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`n8n did not become ready within ${formatElapsed(timeoutMs)} at ${url}. Last output:\n${logs().slice(-4000)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Points each node's credential reference (by name) at the id n8n gave the credential of that name. */
export function linkCredentials(
	workflow: Record<string, any>,
	idsByName: Record<string, string>,
): Record<string, any> {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes ?? []) {
		for (const [type, ref] of Object.entries<any>(node.credentials ?? {})) {
			const id = ref?.name !== undefined ? idsByName[ref.name] : undefined;
			if (id) node.credentials[type] = { id, name: ref.name };
		}
	}
	return copy;
}

/**
 * `node tools-dist/tools/n8n/server.js [--port N] [--package DIR] [--extra-package DIR]... [--workflow FILE]...`
 * starts n8n with the built package and prints one JSON line ({ url, login, pid, workflows }) when ready;
 * Ctrl-C stops it and everything it started.
 */
export async function cli(argv: string[]): Promise<void> {
	const options: StartN8nOptions = { extraPackageDirs: [], workflows: [] };
	for (let i = 0; i < argv.length; i++) {
		const value = argv[i + 1];
		switch (argv[i]) {
			case '--port':
				options.port = Number(value);
				break;
			case '--package':
				options.packageDir = path.resolve(value);
				break;
			case '--extra-package':
				options.extraPackageDirs!.push(path.resolve(value));
				break;
			case '--workflow':
				options.workflows!.push(path.resolve(value));
				break;
			default:
				throw new Error(
					`unknown option ${argv[i]} (use --port, --package, --extra-package, --workflow)`,
				);
		}
		i++;
	}
	const server = await startN8n(options);
	process.stdout.write(
		JSON.stringify({
			url: server.url,
			login: server.login,
			pid: server.pid,
			userFolder: server.userFolder,
			startMs: server.startMs,
			workflows: server.workflows,
		}) + '\n',
	);
}

if (require.main === module) {
	cli(process.argv.slice(2)).catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
