/**
 * n8n's queue mode on this machine, for the scale-out suite: Redis and Postgres from Debian's
 * packages (installed when missing, as on a fresh CI machine), a main process that owns the editor,
 * the REST API and the production webhooks, and `n8n worker` processes that run the executions.
 * Every process gets its own user folder with our package installed (as users must install it on
 * every worker) and the same N8N_ENCRYPTION_KEY, so workers can decrypt the credentials the main saved.
 *
 * Everything listens on 127.0.0.1, runs in its own process group, writes its output to a log file,
 * and is watched: if this process dies without cleaning up, a watchdog ends the group.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ensureRuntime, type N8nRuntime } from './runtime';
import {
	defaultPackageDir,
	freePort,
	groupAlive,
	installPackageInto,
	n8nEnvironment,
	startN8n,
	type StartN8nOptions,
	type N8nServer,
} from './server';

const APT_PACKAGES = ['redis-server', 'postgresql'];

/** Where Debian's postgresql puts its server binaries (highest major version first). */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')));
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

export function redisServerBin(): string | undefined {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
		if (fs.existsSync(candidate)) return candidate;
	return undefined;
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Installs redis-server and postgresql with apt when either is missing (root, no stdin, no prompts).
 * Services are kept from starting during the install (a policy-rc.d that refuses, only if none
 * exists): this suite starts its own on free ports and stops them; nothing stays behind.
 */
export function ensureQueuePackages(log: (line: string) => void = () => undefined): {
	installed: boolean;
} {
	if (redisServerBin() && postgresBinDir()) return { installed: false };
	if (!isRoot()) {
		throw new Error(
			`queue mode needs Debian's ${APT_PACKAGES.join(' and ')} packages: run "sudo apt-get install -y ${APT_PACKAGES.join(' ')}" ` +
				'or run the suite as root (as CI does) so it installs them itself.',
		);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy)
		fs.writeFileSync(
			policy,
			'#!/bin/sh\n# written by the queue-mode suite during its apt install\nexit 101\n',
			{ mode: 0o755 },
		);
	try {
		const run = (args: string[]) => {
			for (let attempt = 1; attempt <= 3; attempt++) {
				log(`apt-get ${args.join(' ')} (attempt ${attempt})`);
				// Lock timeout: other jobs on the machine may be using apt at the same moment.
				const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
					env,
					stdio: ['ignore', 'pipe', 'pipe'],
					encoding: 'utf8',
					timeout: 15 * 60_000,
				});
				if (r.status === 0) return;
				if (attempt === 3)
					throw new Error(
						`apt-get ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').slice(-2000)}`,
					);
				spawnSync('sleep', ['5']);
			}
		};
		run(['update']);
		run(['install', '-y', '--no-install-recommends', ...APT_PACKAGES]);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!redisServerBin() || !postgresBinDir())
		throw new Error(
			`apt-get installed ${APT_PACKAGES.join(' ')} but redis-server or /usr/lib/postgresql/*/bin/postgres is still missing`,
		);
	return { installed: true };
}

/** Ends a process group if the process that started it dies without cleaning up; exits once the group is gone. */
const WATCHDOG = `
const [parent, group] = process.argv.slice(1, 3).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
let termAt = 0;
setInterval(() => {
  if (!alive(-group)) process.exit(0);
  if (!termAt && alive(parent)) return;
  if (!termAt) { termAt = Date.now(); try { process.kill(-group, 'SIGTERM'); } catch {} }
  else if (Date.now() - termAt > 10000) { try { process.kill(-group, 'SIGKILL'); } catch {} }
}, 500);`;

function watch(group: number) {
	spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(group)], {
		stdio: 'ignore',
		detached: true,
	}).unref();
}

/** A child in its own process group whose output goes to a log file; `stop()` ends the whole group. */
export interface ManagedProcess {
	name: string;
	pid: number;
	logFile: string;
	/** The log so far. */
	logs(): string;
	/** Resolves once a line matching `pattern` was logged; rejects if the process exits first or on timeout. */
	waitForLog(pattern: RegExp, timeoutMs: number): Promise<void>;
	exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
	stop(): Promise<void>;
}

export function spawnManaged(
	name: string,
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; logFile: string },
): ManagedProcess {
	const out = fs.openSync(options.logFile, 'a');
	const child: ChildProcess = spawn(command, args, {
		env: options.env,
		cwd: options.cwd,
		uid: options.uid,
		gid: options.gid,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	if (!child.pid) throw new Error(`${name}: could not start ${command}`);
	watch(child.pid);
	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', (code, signal) => ((exited = { code, signal }), resolve())),
	);
	child.on('error', () => undefined);
	const logs = () =>
		fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, 'utf8') : '';
	let stopping: Promise<void> | undefined;
	return {
		name,
		pid: child.pid,
		logFile: options.logFile,
		logs,
		exited: () => exited,
		async waitForLog(pattern, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (pattern.test(logs())) return;
				if (exited)
					throw new Error(
						`${name} exited (code ${exited.code}, signal ${exited.signal}) before logging ${pattern}. Log ${options.logFile}:\n${logs().slice(-3000)}`,
					);
				if (Date.now() > deadline)
					throw new Error(
						`${name} did not log ${pattern} within ${timeoutMs / 1000} s. Log ${options.logFile}:\n${logs().slice(-3000)}`,
					);
				await new Promise((r) => setTimeout(r, 200));
			}
		},
		stop() {
			stopping ??= (async () => {
				const pid = child.pid!;
				try {
					process.kill(-pid, 'SIGTERM');
				} catch {
					/* gone */
				}
				const deadline = Date.now() + 30_000;
				while ((!exited || groupAlive(pid)) && Date.now() < deadline)
					await new Promise((r) => setTimeout(r, 100));
				if (groupAlive(pid)) {
					try {
						process.kill(-pid, 'SIGKILL');
					} catch {
						/* gone */
					}
				}
				await exitPromise;
				for (let i = 0; i < 50 && groupAlive(pid); i++)
					await new Promise((r) => setTimeout(r, 100));
			})();
			return stopping;
		},
	};
}

/** Answers once Redis replies +PONG on the port. */
async function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let data = '';
		const done = (ok: boolean) => (socket.destroy(), resolve(ok));
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			data += chunk.toString();
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

export interface RedisService {
	host: string;
	port: number;
	process: ManagedProcess;
}

/** redis-server on a free loopback port, nothing persisted (no RDB, no AOF) in its own folder. */
export async function startRedis(dir: string): Promise<RedisService> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed; call ensureQueuePackages() first');
	const port = await freePort();
	const data = path.join(dir, 'redis');
	fs.mkdirSync(data, { recursive: true });
	const proc = spawnManaged(
		'redis',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			data,
			'--daemonize',
			'no',
		],
		{
			logFile: path.join(dir, 'redis.log'),
			cwd: data,
		},
	);
	const deadline = Date.now() + 30_000;
	while (!(await redisPing(port))) {
		if (proc.exited() || Date.now() > deadline) {
			await proc.stop();
			throw new Error(
				`redis-server did not answer PING on 127.0.0.1:${port}. Log:\n${proc.logs().slice(-2000)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { host: '127.0.0.1', port, process: proc };
}

export interface PostgresService {
	host: string;
	port: number;
	database: string;
	user: string;
	process: ManagedProcess;
}

function postgresAccount(): { uid: number; gid: number } | undefined {
	if (!isRoot()) return undefined; // initdb and postgres refuse root; a normal user runs them as itself
	const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (uid.status !== 0 || gid.status !== 0)
		throw new Error(
			'running as root needs the "postgres" system user (created by the postgresql package) to run initdb and postgres',
		);
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A throwaway cluster: initdb into its own folder (trust auth, loopback only, fsync off: test data),
 * postgres on a free port with its socket in that folder, and a database "n8n" owned by user "n8n".
 */
export async function startPostgres(dir: string): Promise<PostgresService> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('postgresql is not installed; call ensureQueuePackages() first');
	const account = postgresAccount();
	const data = path.join(dir, 'postgres');
	fs.mkdirSync(data, { recursive: true, mode: 0o700 });
	if (account) fs.chownSync(data, account.uid, account.gid);
	const asPg = {
		...(account ?? {}),
		encoding: 'utf8' as const,
		cwd: data,
		env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
	};
	const init = spawnSync(
		path.join(bin, 'initdb'),
		['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
		asPg,
	);
	if (init.status !== 0)
		throw new Error(
			`initdb failed (exit ${init.status}): ${(init.stderr || init.stdout || '').slice(-2000)}`,
		);
	const port = await freePort();
	const proc = spawnManaged(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			data,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		{ ...(account ?? {}), cwd: data, env: asPg.env, logFile: path.join(dir, 'postgres.log') },
	);
	try {
		await proc.waitForLog(/database system is ready to accept connections/, 60_000);
		const created = spawnSync(
			path.join(bin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'],
			asPg,
		);
		if (created.status !== 0)
			throw new Error(
				`createdb failed (exit ${created.status}): ${(created.stderr || '').slice(-1000)}`,
			);
	} catch (error) {
		await proc.stop();
		throw error;
	}
	return { host: '127.0.0.1', port, database: 'n8n', user: 'n8n', process: proc };
}

/** The settings every n8n process of one queue-mode installation shares. */
export function queueModeEnvironment(opts: {
	redis: { host: string; port: number };
	postgres: PostgresService;
	encryptionKey: string;
}): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: opts.redis.host,
		QUEUE_BULL_REDIS_PORT: String(opts.redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: opts.postgres.host,
		DB_POSTGRESDB_PORT: String(opts.postgres.port),
		DB_POSTGRESDB_DATABASE: opts.postgres.database,
		DB_POSTGRESDB_USER: opts.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// n8n's default pool (2 connections, a 5 s health ping) drops its database connection under a
		// burst of webhooks (200 at once here): every request then fails with 500/503. These hold.
		DB_POSTGRESDB_POOL_SIZE: '20',
		DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000',
		DB_PING_TIMEOUT_MS: '30000',
		DB_PING_MAX_FAILURES_BEFORE_RECOVERY: '10',
		N8N_ENCRYPTION_KEY: opts.encryptionKey,
		// manual runs from the editor go to the workers too: the workers are where our nodes run
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface QueueWorker extends ManagedProcess {
	userFolder: string;
	/** Execution ids this worker logged as started ("Worker started execution N"). */
	executionIds(): string[];
}

export interface QueueModeOptions {
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`, default 10). */
	concurrency?: number;
	packageDir?: string;
	runtime?: N8nRuntime;
	credentials?: StartN8nOptions['credentials'];
	workflows?: StartN8nOptions['workflows'];
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Keep logs and user folders after stop() (default: kept only when BDR_QUEUE_KEEP=1). */
	keep?: boolean;
	log?: (line: string) => void;
}

export interface QueueMode {
	main: N8nServer;
	workers: QueueWorker[];
	redis: RedisService;
	postgres: PostgresService;
	/** Folder holding every log (main.log, worker-N.log, redis.log, postgres.log). */
	dir: string;
	/** Starts one more worker (a fresh process: nothing cached) and waits until it takes jobs. */
	addWorker(): Promise<QueueWorker>;
	/**
	 * Ids of every execution the main put on the queue ("Enqueued execution N"), oldest first. Exact,
	 * unlike n8n 2.41's paged execution list, whose cursor (the last row's id) skips or repeats rows
	 * when executions finish out of id order.
	 */
	enqueuedIds(): string[];
	stop(): Promise<void>;
}

export async function startQueueMode(options: QueueModeOptions = {}): Promise<QueueMode> {
	const log = options.log ?? (() => undefined);
	ensureQueuePackages(log);
	const runtime = options.runtime ?? (await ensureRuntime());
	const packageDir = options.packageDir ?? defaultPackageDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-queue-'));
	fs.chmodSync(dir, 0o755); // the postgres user must reach its data folder inside
	const keep = options.keep ?? process.env.BDR_QUEUE_KEEP === '1';
	const encryptionKey = randomBytes(24).toString('hex');
	const started: Array<{ stop(): Promise<void> }> = [];
	const workers: QueueWorker[] = [];

	const stopAll = async () => {
		for (const s of [...started].reverse()) await s.stop().catch(() => undefined);
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		else log(`queue mode: logs kept in ${dir}`);
	};

	try {
		const redis = await startRedis(dir);
		started.push(redis.process);
		const postgres = await startPostgres(dir);
		started.push(postgres.process);
		log(
			`queue mode: redis 127.0.0.1:${redis.port}, postgres 127.0.0.1:${postgres.port}, logs in ${dir}`,
		);
		const shared = {
			...queueModeEnvironment({ redis, postgres, encryptionKey }),
			...(options.env ?? {}),
		};

		const mainLog = fs.createWriteStream(path.join(dir, 'main.log'), { flags: 'a' });
		const main = await startN8n({
			runtime,
			packageDir,
			env: shared,
			credentials: options.credentials,
			workflows: options.workflows,
			keepUserFolder: keep,
			onLog: (line) => mainLog.write(line + '\n'),
		});
		started.push({
			stop: async () => (await main.stop(), await new Promise<void>((r) => mainLog.end(r))),
		});
		log(`queue mode: main ${main.url} ready in ${main.startMs} ms`);

		const addWorker = async (): Promise<QueueWorker> => {
			const name = `worker-${workers.length + 1}`;
			const userFolder = fs.mkdtempSync(path.join(dir, `${name}-home-`));
			installPackageInto(userFolder, packageDir, runtime.dir);
			const healthPort = await freePort();
			const brokerPort = await freePort();
			const env = {
				...n8nEnvironment({ userFolder, port: healthPort, brokerPort, runtime }),
				...shared,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			};
			const proc = spawnManaged(
				name,
				runtime.nodeBin,
				[runtime.n8nBin, 'worker', `--concurrency=${options.concurrency ?? 10}`],
				{
					env,
					cwd: userFolder,
					logFile: path.join(dir, `${name}.log`),
				},
			);
			const worker: QueueWorker = {
				...proc,
				userFolder,
				executionIds: () =>
					[...proc.logs().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
			};
			started.push(worker);
			workers.push(worker);
			await proc.waitForLog(/n8n worker is now ready/, 180_000);
			log(`queue mode: ${name} ready (pid ${proc.pid})`);
			return worker;
		};
		for (let i = 0; i < (options.workers ?? 2); i++) await addWorker();

		const enqueuedIds = () => [
			...new Set([...main.logs().matchAll(/Enqueued execution (\d+)/g)].map((m) => m[1])),
		];
		return { main, workers, redis, postgres, dir, addWorker, enqueuedIds, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}
