/** Unit and engine tiers: everything under test/ except the tiers that run a real n8n server (e2e, faults, queue). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/faults/', '/test/queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	testTimeout: 30000,
	// n8n-core must never write into the home folder: each test process gets its own N8N_USER_FOLDER.
	setupFiles: ['<rootDir>/test/harness/userFolder.ts'],
};
