/**
 * Real-n8n end-to-end suite (`npm run test:e2e`, through scripts/e2e.js, which first makes sure
 * Node 24 + n8n are in the cache folder). One n8n serves the whole suite: run in band.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 60,
	verbose: true,
};
