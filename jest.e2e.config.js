// End-to-end tests against the real n8n in .n8n-runtime (Node 24), with this package installed as a
// community package. `npm run test:e2e` installs n8n first (scripts/n8n/ensure-n8n.js); the global
// setup builds and packs the package once.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.n8n-runtime/'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 300000,
	maxWorkers: 1,
};
