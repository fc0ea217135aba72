/**
 * End-to-end tier: a real n8n 2.x server (tools/n8n) with the built package. The first run installs
 * the pinned runtime into the user cache (minutes), so the timeout is generous; later runs reuse it.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	testTimeout: 15 * 60_000,
	maxWorkers: 1,
	globalSetup: '<rootDir>/test/runtimeSession.js',
};
