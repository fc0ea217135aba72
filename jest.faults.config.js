/**
 * Reliability tier (npm run test:faults): fault injection, restart, replay, fuzzing, secrets and
 * budget suites. Most run a real n8n 2.x (tools/n8n) against the sandbox, one at a time. Scale:
 * CI-sized by default; FAULTS_SCALE=<factor> (e.g. 5) multiplies event counts and fuzz runs.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	testTimeout: 10 * 60_000,
	maxWorkers: 1,
	globalSetup: '<rootDir>/test/runtimeSession.js',
	setupFiles: ['<rootDir>/test/harness/userFolder.ts'],
};
