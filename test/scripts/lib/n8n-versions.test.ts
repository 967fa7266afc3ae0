/**
 * What differs between the n8n lines the real-n8n scripts run (scripts/lib/n8n-versions.js) and
 * how each version is installed into the cache (scripts/lib/n8n-install.js). The scripts are
 * proven against real n8n 1.123 and 2.41 by `npm run test:e2e`; these pin the rules themselves.
 */
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const { n8nLine } = require(path.join(ROOT, 'scripts', 'lib', 'n8n-versions.js'));
const { recipeFor, paths } = require(path.join(ROOT, 'scripts', 'lib', 'n8n-install.js'));

describe('n8nLine', () => {
	test('2.x publishes offline with publish:workflow and takes its owner from the environment', () => {
		const line = n8nLine('2.41.0');
		expect(line.publishArgs('wf1')).toEqual(['publish:workflow', '--id=wf1']);
		expect(line.unpublishArgs('wf1')).toEqual(['unpublish:workflow', '--id=wf1']);
		expect(line.ownerFromEnv).toBe(true);
	});

	test('1.x sets the active flag with update:workflow and has its owner set up through REST', () => {
		const line = n8nLine('1.123.81');
		expect(line.publishArgs('wf1')).toEqual(['update:workflow', '--id=wf1', '--active=true']);
		expect(line.unpublishArgs('wf1')).toEqual(['update:workflow', '--id=wf1', '--active=false']);
		expect(line.ownerFromEnv).toBe(false);
	});

	test('refuses something that is not a version', () => {
		expect(() => n8nLine('latest')).toThrow(/not an n8n version: latest/);
	});
});

describe('n8n installs in the cache', () => {
	test('1.x replaces its unreachable xlsx tarball with xlsx 0.18.5 from the registry; 2.x needs no override', () => {
		expect(recipeFor('1.123.81').overrides).toEqual({ xlsx: '0.18.5' });
		expect(recipeFor('2.41.0').overrides).toEqual({});
	});

	test('each version has its own folder, next to one shared Node 24', () => {
		const one = paths('1.123.81');
		const two = paths('2.41.0');
		expect(path.basename(one.n8nDir)).toBe('n8n-1.123.81');
		expect(path.basename(two.n8nDir)).toBe('n8n-2.41.0');
		expect(one.nodeBin).toBe(two.nodeBin);
		expect(path.basename(one.nodeDir)).toBe('node-24');
	});
});
