/**
 * Queue-mode tier (npm run test:queue): n8n 2.41.1 in queue mode (Redis + Postgres + workers) with the
 * built package. Installs redis-server/postgresql with apt when missing (root), so a first run takes longer.
 * Its files end in `.queue.ts`, not `.test.ts`, so the unit tier (`npm test`) never starts them.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	testTimeout: 15 * 60_000,
	maxWorkers: 1,
	globalSetup: '<rootDir>/test/runtimeSession.js',
};
