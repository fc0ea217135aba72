#!/usr/bin/env node
// Prints jest's totals as one plain line, "N passed, N failed", from its --json result.
// Exits 1 when a test failed, a suite failed to run, or no test ran at all, so a run
// that executed nothing is as visible as one that failed.
'use strict';
const { readFileSync } = require('node:fs');

function main(file) {
	let result;
	try {
		result = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		process.stderr.write(`jest-totals: cannot read jest's JSON result from "${file}" (${error.message}); did jest run with --json --outputFile?\n`);
		console.log('0 passed, 0 failed');
		return 1;
	}
	const passed = Number(result.numPassedTests) || 0;
	const failed = Number(result.numFailedTests) || 0;
	const total = Number(result.numTotalTests) || 0;
	const brokenSuites = Number(result.numRuntimeErrorTestSuites) || 0;
	if (brokenSuites > 0) process.stderr.write(`jest-totals: ${brokenSuites} test suite(s) failed to run (their tests are not counted)\n`);
	if (total === 0) process.stderr.write('jest-totals: no test ran\n');
	console.log(total === 0 ? '0 passed, 0 failed' : `${passed} passed, ${failed} failed`);
	return total === 0 || failed > 0 || brokenSuites > 0 || result.success === false ? 1 : 0;
}

if (process.argv.length !== 3) {
	process.stderr.write('usage: node tools/jest-totals.js <jest json result file>\n');
	process.exit(2);
}
process.exitCode = main(process.argv[2]);
