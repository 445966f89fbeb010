// The queue-mode end-to-end suite (`npm run test:e2e:queue`): one real n8n queue-mode stack (PostgreSQL,
// Redis, one main, two workers) for all scenarios, so it is its own jest project, run in band.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.n8n-runtime/'],
	globalSetup: '<rootDir>/test/e2e-queue/global-setup.ts',
	testTimeout: 600000,
	maxWorkers: 1,
};
