/**
 * The GitHub Actions workflows, parsed: the publish workflow is the setup n8n asks of community
 * nodes (publish from GitHub Actions with npm provenance on a version tag, n8n docs: "Community
 * node verification guidelines"; layout of n8n-nodes-starter's .github/workflows/publish.yml):
 * only a version tag starts it, it may mint an OIDC token and nothing more, and lint, tests and
 * a build pass before `npm publish --provenance --access public`. The pull-request workflow runs
 * lint and the tests.
 */
import * as fs from 'fs';
import * as path from 'path';

// js-yaml: eslint's own YAML reader (a dependency of @eslint/eslintrc), already installed.
const yaml = require('js-yaml');

const ROOT = path.resolve(__dirname, '..', '..');
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { 'runs-on': string; permissions?: Record<string, string>; steps: Step[] };
type Workflow = { name: string; on: Record<string, any>; permissions?: Record<string, string>; jobs: Record<string, Job> };

function load(file: string): { text: string; workflow: Workflow } {
	const text = fs.readFileSync(path.join(ROOT, '.github', 'workflows', file), 'utf8');
	return { text, workflow: yaml.load(text) as Workflow };
}

/** Index of the first step whose `run` has a line that is exactly `command` (or starts with it plus a space). */
function stepRunning(steps: Step[], command: string): number {
	return steps.findIndex((s) =>
		String(s.run || '')
			.split('\n')
			.map((line) => line.trim())
			.some((line) => line === command || line.startsWith(`${command} `)),
	);
}

/** What a tag filter of GitHub Actions matches (`*` is any run of characters but `/`). */
function tagMatches(pattern: string, tag: string): boolean {
	const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
	return re.test(tag);
}

describe('.github/workflows/publish.yml', () => {
	const { text, workflow } = load('publish.yml');
	const jobs = Object.values(workflow.jobs);
	const job = jobs[0];

	test('runs only when a version tag is pushed', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		const push = workflow.on.push;
		expect(push.branches).toBeUndefined();
		expect(push.tags.length).toBeGreaterThan(0);
		for (const tag of ['0.2.0', 'v0.2.0', '1.0.0-rc.1']) expect(push.tags.some((p: string) => tagMatches(p, tag))).toBe(true);
		for (const tag of ['main', 'latest', 'v1']) expect(push.tags.some((p: string) => tagMatches(p, tag))).toBe(false);
	});

	test('has one job on GitHub-hosted Ubuntu that may mint an OIDC token (id-token: write) and only read the repository', () => {
		expect(jobs).toHaveLength(1);
		expect(job['runs-on']).toBe('ubuntu-latest');
		const permissions = { ...(workflow.permissions || {}), ...(job.permissions || {}) };
		expect(permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('installs from the lockfile with a Node whose npm signs provenance', () => {
		const setup = job.steps.find((s) => String(s.uses).startsWith('actions/setup-node@'));
		expect(setup).toBeDefined();
		const version = String(setup!.with!['node-version']);
		expect(version === 'lts/*' || Number(version.split('.')[0]) >= 22).toBe(true);
		expect(stepRunning(job.steps, 'npm ci')).toBeGreaterThan(job.steps.indexOf(setup!));
	});

	test('lint, tests and a build pass before it publishes with provenance, publicly', () => {
		const publish = stepRunning(job.steps, 'npm publish');
		expect(publish).toBeGreaterThan(-1);
		const command = String(job.steps[publish].run)
			.split('\n')
			.map((l) => l.trim())
			.find((l) => l.startsWith('npm publish'))!
			.split(/\s+/);
		expect(command).toEqual(expect.arrayContaining(['--provenance', '--access', 'public']));
		expect(command[command.indexOf('--access') + 1]).toBe('public');
		for (const before of ['npm ci', 'npm run lint', 'npm test', 'npm run build']) {
			const at = stepRunning(job.steps, before);
			expect({ step: before, before: at > -1 && at < publish }).toEqual({ step: before, before: true });
		}
	});

	test('refuses a tag that is not package.json\'s version before publishing', () => {
		const check = job.steps.findIndex((s) => /require\('\.\/package\.json'\)\.version/.test(String(s.run)) && /GITHUB_REF_NAME/.test(String(s.run)));
		expect(check).toBeGreaterThan(-1);
		expect(check).toBeLessThan(stepRunning(job.steps, 'npm publish'));
	});

	test('uses npm\'s default registry: no registry-url and no registry address written in the workflow', () => {
		for (const step of job.steps) expect(Object.keys(step.with || {})).not.toContain('registry-url');
		expect(text).not.toMatch(/https?:\/\/(?!github\.com)[\w.-]+\.[a-z]{2,}/i);
		expect(text).not.toMatch(/\/\/[\w.-]+\/:_authToken/);
	});

	test('the npm token, when used at all, comes from the repository\'s secrets', () => {
		const publish = job.steps[stepRunning(job.steps, 'npm publish')];
		for (const value of Object.values(publish.env || {})) expect(value).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
	});
});

describe('.github/workflows/ci.yml', () => {
	const { workflow } = load('ci.yml');

	test('runs on pull requests and pushes to main', () => {
		expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
		expect(workflow.on.push.branches).toEqual(['main']);
	});

	test('installs from the lockfile, then lints and tests, with read-only access', () => {
		const [job] = Object.values(workflow.jobs);
		const at = ['npm ci', 'npm run lint', 'npm test'].map((c) => stepRunning(job.steps, c));
		expect(at.every((i) => i > -1)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		expect({ ...(workflow.permissions || {}), ...(job.permissions || {}) }).toEqual({ contents: 'read' });
	});
});
