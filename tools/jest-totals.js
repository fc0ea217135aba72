#!/usr/bin/env node
// Prints jest's totals as one plain line, "N passed, N failed", from one or more --json results
// (CI runs several tiers: unit + engine, end-to-end, ...; the line is their sum).
// Exits 1 when a test failed, a suite failed to run, a result file is missing or unreadable, or no
// test ran at all, so a run that executed nothing is as visible as one that failed.
'use strict';
const { readFileSync } = require('node:fs');

/** One file's counts, or null (with the reason on stderr) when it cannot be read. */
function read(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		process.stderr.write(
			`jest-totals: cannot read jest's JSON result from "${file}" (${error.message}); did jest run with --json --outputFile?\n`,
		);
		return null;
	}
}

function main(files) {
	let passed = 0;
	let failed = 0;
	let total = 0;
	let bad = false;
	for (const file of files) {
		const result = read(file);
		if (!result) {
			bad = true;
			continue;
		}
		passed += Number(result.numPassedTests) || 0;
		failed += Number(result.numFailedTests) || 0;
		const fileTotal = Number(result.numTotalTests) || 0;
		total += fileTotal;
		const brokenSuites = Number(result.numRuntimeErrorTestSuites) || 0;
		if (brokenSuites > 0)
			process.stderr.write(
				`jest-totals: ${brokenSuites} test suite(s) failed to run in ${file} (their tests are not counted)\n`,
			);
		if (fileTotal === 0) process.stderr.write(`jest-totals: no test ran in ${file}\n`);
		if (fileTotal === 0 || brokenSuites > 0 || result.success === false) bad = true;
	}
	console.log(total === 0 ? '0 passed, 0 failed' : `${passed} passed, ${failed} failed`);
	return bad || total === 0 || failed > 0 ? 1 : 0;
}

if (process.argv.length < 3) {
	process.stderr.write(
		'usage: node tools/jest-totals.js <jest json result file> [more result files...]\n',
	);
	process.exit(2);
}
process.exitCode = main(process.argv.slice(2));
