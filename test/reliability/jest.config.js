/**
 * `npm run test:reliability`: the Braze node and the Extole Trigger under the Braze sandbox's
 * fault injection and a flood of bad webhook requests, asserted from what the sandbox holds at
 * the end. Files run one after another (each starts its own sandbox and times itself).
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 300000,
};
