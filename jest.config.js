/** Unit and engine tiers: everything under test/ except the end-to-end suite (real n8n server). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.tools.json' }] },
  testTimeout: 30000,
  // n8n-core must never write into the home folder: each test process gets its own N8N_USER_FOLDER.
  setupFiles: ['<rootDir>/test/harness/userFolder.ts'],
};
