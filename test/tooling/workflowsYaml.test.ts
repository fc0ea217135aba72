// The GitHub Actions workflows cannot run here. Their syntax was checked with
// @action-validator/cli 0.6.0 (GitHub's workflow schema; not a dependency of the
// project); this test holds what publishing to n8n's verified community nodes needs:
// provenance from a tag, least permissions, every gate before `npm publish`, and the
// prepublishOnly guard not skipped by the repository's ignore-scripts=true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// js-yaml is in node_modules through jest; it has no typings installed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load: (text: string) => unknown };

const ROOT = join(__dirname, '..', '..');
type Step = {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
};
type Job = { 'runs-on': string; steps: Step[]; permissions?: Record<string, string> };
type Workflow = {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
};

function load(file: string): Workflow {
	return yaml.load(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
}
const runs = (job: Job) => job.steps.map((s) => s.run?.trim()).filter((r): r is string => !!r);
const GATES = ['npm ci', 'npm run build', 'npm run lint', 'npm run lint:n8n', 'npm test'];

function expectGatesInOrder(job: Job) {
	const commands = runs(job);
	const at = GATES.map((gate) => commands.indexOf(gate));
	expect(at).not.toContain(-1);
	expect([...at].sort((a, b) => a - b)).toEqual(at);
	return at;
}

function expectWellFormed(wf: Workflow) {
	expect(typeof wf.name).toBe('string');
	expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
	for (const job of Object.values(wf.jobs)) {
		expect(typeof job['runs-on']).toBe('string');
		for (const step of job.steps) {
			expect(
				Object.keys(step).every((k) =>
					['name', 'uses', 'run', 'with', 'env', 'if', 'id'].includes(k),
				),
			).toBe(true);
			expect(!!step.uses !== !!step.run).toBe(true);
			if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
		}
	}
}

describe('.github/workflows', () => {
	it('CI runs build, lint, n8n strict lint and tests on pull requests', () => {
		const wf = load('ci.yml');
		expectWellFormed(wf);
		expect(wf.on).toHaveProperty('pull_request');
		expect(wf.permissions).toEqual({ contents: 'read' });
		for (const job of Object.values(wf.jobs)) expectGatesInOrder(job);
	});

	it('publish runs on a version tag with id-token: write and contents: read only', () => {
		const wf = load('publish.yml');
		expectWellFormed(wf);
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect((wf.on.push as { tags: string[] }).tags).toEqual(['v*.*.*']);
		expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	it('publish passes every gate, then publishes with provenance and prepublishOnly', () => {
		const job = load('publish.yml').jobs.publish;
		const at = expectGatesInOrder(job);
		const commands = runs(job);
		const publish = commands.findIndex((c) => c.startsWith('npm publish'));
		expect(publish).toBeGreaterThan(Math.max(...at));
		expect(commands[publish]).toBe(
			'npm publish --provenance --access public --ignore-scripts=false',
		);
		const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		expect(commands.some((c) => c.includes('GITHUB_REF_NAME') && c.includes('package.json'))).toBe(
			true,
		);
	});

	it('prepublishOnly guards with build and lint (eslint + scanner), and is not skipped', () => {
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.scripts.prepublishOnly).toBe('npm run build && npm run lint');
		expect(pkg.scripts.lint).toContain('tools/scan-package.js');
		// With ignore-scripts=true npm publish skips prepublishOnly unless told otherwise.
		const npmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8');
		if (/^ignore-scripts\s*=\s*true/m.test(npmrc)) {
			const job = load('publish.yml').jobs.publish;
			expect(runs(job).find((c) => c.startsWith('npm publish'))).toContain(
				'--ignore-scripts=false',
			);
		}
	});
});
