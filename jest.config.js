/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// End-to-end tests drive a real n8n and run through jest.e2e.config.js (npm run test:e2e) and
	// test/e2e-queue/jest.config.js (npm run test:e2e:queue).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/e2e-queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.n8n-runtime/'],
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	testTimeout: 60000,
};
