#!/usr/bin/env node
// Holds the package to n8n's community-package scanner before anyone publishes it:
// packs the built package (npm pack, offline, nothing published), unpacks it, and runs
// @n8n/scan-community-package's analyzePackage on the tarball's .js and package.json
// and on our sources, as n8n's scanner does. Also checks that only dist/ nodes and
// credentials ship, that `dependencies` is empty and that there is no `overrides`.
// Prints every finding; exits 1 on any. Run `npm run build` first.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = join(__dirname, '..');
// What may ship: compiled nodes and credentials (with their maps, typings, icons and
// codex files), and npm's always-included files.
const ALLOWED = [
	/^dist\/(nodes|credentials)\//,
	/^package\.json$/,
	/^README(\.md)?$/i,
	/^LICEN[SC]E(\.md)?$/i,
	/^CHANGELOG(\.md)?$/i,
];
const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];

function manifestFindings(pkg) {
	const findings = [];
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		findings.push(
			`package.json "dependencies" must be empty (n8n provides n8n-workflow, luxon, zod at run time); found: ${Object.keys(pkg.dependencies).join(', ')}. Move them to devDependencies or peerDependencies.`,
		);
	}
	if (pkg.overrides !== undefined)
		findings.push('package.json must not have an "overrides" field (n8n refuses it); remove it.');
	for (const kind of ['nodes', 'credentials']) {
		for (const path of pkg.n8n?.[kind] ?? []) {
			if (!path.startsWith('dist/'))
				findings.push(`package.json n8n.${kind} entry "${path}" must point into dist/.`);
		}
	}
	return findings;
}

function tarballFindings(files, pkg) {
	const findings = [];
	for (const path of files) {
		if (!ALLOWED.some((re) => re.test(path))) {
			findings.push(
				`"${path}" would ship in the tarball; only dist/nodes and dist/credentials may (check "files" in package.json and tsconfig's outDir/tsBuildInfoFile).`,
			);
		}
	}
	for (const kind of ['nodes', 'credentials']) {
		for (const path of pkg.n8n?.[kind] ?? []) {
			if (!files.includes(path))
				findings.push(
					`package.json n8n.${kind} lists "${path}" but the tarball has no such file; run npm run build, or fix the path.`,
				);
		}
	}
	return findings;
}

async function loadScanner() {
	const dir = dirname(require.resolve('@n8n/scan-community-package/package.json'));
	return await import(pathToFileURL(join(dir, 'scanner', 'scanner.mjs')).href);
}

async function main() {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const findings = manifestFindings(pkg);
	if (!existsSync(join(ROOT, 'dist'))) {
		console.error('scan-package: no dist/ folder; run `npm run build` first.');
		return 1;
	}

	const work = mkdtempSync(join(tmpdir(), 'bdr-autotask-scan-'));
	try {
		const packed = JSON.parse(
			execFileSync(
				'npm',
				['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', work],
				{
					cwd: ROOT,
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			),
		)[0];
		const files = packed.files.map((file) => file.path);
		findings.push(...tarballFindings(files, pkg));

		execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
		const unpacked = join(work, 'package');
		const { analyzePackage } = await loadScanner();
		const legs = [
			[
				'packed tarball (.js, package.json)',
				await analyzePackage(unpacked, ['**/*.js', 'package.json']),
			],
			[
				'sources (nodes/, credentials/, package.json)',
				await analyzePackage(ROOT, SOURCE_FILE_PATTERNS),
			],
		];
		for (const [what, result] of legs) {
			if (result.passed) continue;
			findings.push(
				`n8n scanner on the ${what}: ${result.message}${result.details ? `\n${result.details}` : ''}`,
			);
		}
		console.log(
			`scan-package: ${packed.filename}, ${files.length} files, ${packed.size} bytes packed`,
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}

	for (const finding of findings) console.error(`✖ ${finding}`);
	console.log(
		findings.length === 0
			? 'scan-package: no findings'
			: `scan-package: ${findings.length} finding(s)`,
	);
	return findings.length === 0 ? 0 : 1;
}

module.exports = { manifestFindings, tarballFindings };

if (require.main === module) {
	main().then(
		(code) => {
			process.exitCode = code;
		},
		(error) => {
			console.error(`scan-package failed: ${error.stack ?? error}`);
			process.exitCode = 1;
		},
	);
}
