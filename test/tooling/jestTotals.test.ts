import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'tools', 'jest-totals.js');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'jest-totals-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(result: object | string): string {
	const file = join(dir, `r${Math.random()}.json`);
	writeFileSync(file, typeof result === 'string' ? result : JSON.stringify(result));
	return file;
}

function runTotals(files: string[]) {
	const run = spawnSync(process.execPath, [script, ...files], { encoding: 'utf8' });
	return { line: run.stdout.trim(), code: run.status, stderr: run.stderr };
}

const totals = (...results: Array<object | string>) => runTotals(results.map(write));

describe('tools/jest-totals.js', () => {
	it('prints passed and failed counts and exits 0 when all passed', () => {
		expect(
			totals({ numPassedTests: 7, numFailedTests: 0, numTotalTests: 7, success: true }),
		).toMatchObject({ line: '7 passed, 0 failed', code: 0 });
	});

	it('exits 1 when a test failed', () => {
		expect(
			totals({ numPassedTests: 5, numFailedTests: 2, numTotalTests: 7, success: false }),
		).toMatchObject({ line: '5 passed, 2 failed', code: 1 });
	});

	it('prints 0 passed, 0 failed and exits 1 when no test ran', () => {
		expect(
			totals({ numPassedTests: 0, numFailedTests: 0, numTotalTests: 0, success: true }),
		).toMatchObject({ line: '0 passed, 0 failed', code: 1 });
	});

	it('exits 1 and says so when a suite failed to run (its tests are not counted)', () => {
		const out = totals({
			numPassedTests: 3,
			numFailedTests: 0,
			numTotalTests: 3,
			numRuntimeErrorTestSuites: 1,
			success: false,
		});
		expect(out).toMatchObject({ line: '3 passed, 0 failed', code: 1 });
		expect(out.stderr).toContain('1 test suite(s) failed to run');
	});

	it('treats an unreadable result as no tests', () => {
		expect(totals('not json')).toMatchObject({ line: '0 passed, 0 failed', code: 1 });
	});

	describe('several result files (CI tiers)', () => {
		const ok = (n: number) => ({
			numPassedTests: n,
			numFailedTests: 0,
			numTotalTests: n,
			success: true,
		});

		it('sums the tiers into one line and exits 0 when every tier passed', () => {
			expect(totals(ok(120), ok(14))).toMatchObject({ line: '134 passed, 0 failed', code: 0 });
		});

		it('exits 1 when one tier failed, counting every tier', () => {
			const e2e = { numPassedTests: 10, numFailedTests: 1, numTotalTests: 11, success: false };
			expect(totals(ok(120), e2e)).toMatchObject({ line: '130 passed, 1 failed', code: 1 });
		});

		it('exits 1 when one tier wrote no result (it crashed before jest wrote its JSON), still printing the others', () => {
			const out = runTotals([write(ok(120)), join(dir, 'missing-e2e.json')]);
			expect(out).toMatchObject({ line: '120 passed, 0 failed', code: 1 });
			expect(out.stderr).toContain('missing-e2e.json');
		});

		it('exits 1 when one tier ran no test', () => {
			const out = totals(ok(120), ok(0));
			expect(out).toMatchObject({ line: '120 passed, 0 failed', code: 1 });
			expect(out.stderr).toContain('no test ran');
		});
	});
});
