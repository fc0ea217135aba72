#!/usr/bin/env node
// Runs n8n's own `n8n-node lint` (strict mode, n8n's default ESLint config) and
// `n8n-node cloud-support` on the package's sources: nodes/, credentials/, package.json
// and tsconfig.json, copied into a temporary folder with the default eslint.config.mjs
// taken from @n8n/node-cli itself, so the check cannot drift from what n8n ships.
//
// Why a copy: `n8n-node lint` runs `eslint .` at the repository root, and its default
// config applies the community-package rules (no process, no setTimeout, no axios, ...)
// to every .ts file. This repository also holds the Autotask sandbox, the device
// simulators, the test harness and the benchmarks (sandbox/, tools/, test/, bench/),
// which never ship (files: ["dist"]) and legitimately use those. The package's own
// sources are exactly what the starter layout n8n's tool expects contains.
//
// Exit code: non-zero when the lint fails or cloud-support does not call the package
// eligible. Usage: npm run lint:n8n
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package exports only ./eslint, so the template is read by path.
const cliDir = join(root, 'node_modules', '@n8n', 'node-cli');
const defaultConfig = readFileSync(
	join(cliDir, 'dist/template/templates/shared/default/eslint.config.mjs'),
	'utf8',
);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.n8n?.strict !== true) {
	console.error(
		'package.json: "strict": true is missing from the "n8n" section; n8n-node lint would not check strict mode.',
	);
	process.exit(1);
}

const stage = mkdtempSync(join(tmpdir(), 'n8n-node-lint-'));
let status = 1;
try {
	for (const entry of ['nodes', 'credentials', 'package.json', 'tsconfig.json']) {
		cpSync(join(root, entry), join(stage, entry), { recursive: true });
	}
	writeFileSync(join(stage, 'eslint.config.mjs'), defaultConfig);
	symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
	const bin = join(root, 'node_modules', '.bin', 'n8n-node');
	const run = (args, stdio = 'inherit') =>
		spawnSync(bin, args, {
			cwd: stage,
			stdio,
			encoding: 'utf8',
			env: { ...process.env, CI: 'true' },
		});
	status = run(['lint']).status ?? 1;
	// cloud-support exits 0 whatever it finds, so its verdict is read from what it prints.
	const support = run(['cloud-support'], ['ignore', 'pipe', 'inherit']);
	process.stdout.write(support.stdout ?? '');
	const verdict = (support.stdout ?? '').replace(/\x1b\[[0-9;]*m/g, ''); // without colour codes
	if (!/Status: eligible\b/.test(verdict)) {
		console.error(
			'n8n-node cloud-support did not report the package eligible for n8n Cloud verification.',
		);
		status = status || 1;
	}
} finally {
	rmSync(stage, { recursive: true, force: true });
}
process.exit(status);
