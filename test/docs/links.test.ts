/**
 * The documentation holds together: every relative link and anchor of README.md and docs/*.md
 * resolves, the README links every page of docs/, the documentation URLs the published nodes and
 * credentials show point at headings that exist, and the README's test command is the one CI runs.
 */
import * as fs from 'fs';
import * as path from 'path';

import { checkLinks, docsFiles, githubSlug, headingAnchors, headingText, linkProblem, unlinkedDocs } from './markdown';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'broken');

const read = (relative: string) => fs.readFileSync(path.join(ROOT, relative), 'utf8');

describe('GitHub heading anchors', () => {
	// Headings the README had before docs/ and the anchors its Contents list reached them by on GitHub.
	it.each([
		['Running in real n8n: `npm start` and `npm run test:e2e`', 'running-in-real-n8n-npm-start-and-npm-run-teste2e'],
		['The Extole → Braze pipeline', 'the-extole--braze-pipeline'],
		['How n8n loads the package here, and how to install it into your n8n', 'how-n8n-loads-the-package-here-and-how-to-install-it-into-your-n8n'],
		['On a fresh clone: the two commands', 'on-a-fresh-clone-the-two-commands'],
	])('"%s" makes #%s', (heading, anchor) => {
		expect(githubSlug(headingText(heading))).toBe(anchor);
	});

	it('keeps underscores and hyphens, drops other punctuation and unwraps code, links and emphasis', () => {
		expect(githubSlug(headingText('Admin API (no Braze key; only under `/_sandbox/`)'))).toBe('admin-api-no-braze-key-only-under-_sandbox');
		expect(githubSlug(headingText('**Setting** up [Extole](https://extole.com) `x-y`'))).toBe('setting-up-extole-x-y');
	});

	it('numbers repeated headings -1, -2, ... and ignores headings in code blocks', () => {
		const anchors = headingAnchors('# Options\n\n## Options\n\n```\n# Options\n```\n\n### Options\n');
		expect([...anchors]).toEqual(['options', 'options-1', 'options-2']);
	});
});

describe('the link check', () => {
	it('reports each broken link of a fixture, with its line, and nothing else', () => {
		const problems = checkLinks(FIXTURE, ['README.md', 'docs/guide.md']);
		expect(problems).toEqual([
			{ file: 'README.md', line: 8, target: 'docs/missing.md', problem: 'file does not exist' },
			{ file: 'README.md', line: 9, target: 'docs/guide.md#no-such-heading', problem: 'no heading makes the anchor #no-such-heading' },
			{ file: 'README.md', line: 10, target: '#nowhere', problem: 'no heading makes the anchor #nowhere' },
			{ file: 'README.md', line: 12, target: 'docs/guide.md#options-2', problem: 'no heading makes the anchor #options-2' },
			{ file: 'README.md', line: 13, target: 'notes.txt#top', problem: 'anchor into a file that is not Markdown' },
		]);
	});

	it("reports a docs page the fixture's README does not link", () => {
		expect(unlinkedDocs(FIXTURE)).toEqual([path.join('docs', 'orphan.md')]);
	});
});

describe('README.md and docs/', () => {
	const files = ['README.md', ...docsFiles(ROOT)];

	it('has pages in docs/', () => {
		expect(docsFiles(ROOT).length).toBeGreaterThan(0);
	});

	it('has no broken relative link or anchor', () => {
		expect(checkLinks(ROOT, files)).toEqual([]);
	});

	it('links every page of docs/ from the README', () => {
		expect(unlinkedDocs(ROOT)).toEqual([]);
	});

	it('gives every page a title and a contents list near the top', () => {
		for (const file of docsFiles(ROOT)) {
			const text = read(file);
			expect({ file, title: /^# \S/.test(text) }).toEqual({ file, title: true });
			const top = text.split('\n## ')[0];
			expect({ file, contents: /Contents:/.test(top) }).toEqual({ file, contents: true });
		}
	});
});

describe('documentation URLs of the published nodes and credentials', () => {
	const repository = String(JSON.parse(read('package.json')).repository.url)
		.replace(/^git\+/, '')
		.replace(/\.git$/, '');
	const sources = [
		...fs.readdirSync(path.join(ROOT, 'credentials')).map((name) => path.join('credentials', name)),
		...['Braze', 'ExtoleTrigger'].flatMap((node) =>
			fs.readdirSync(path.join(ROOT, 'nodes', node)).map((name) => path.join('nodes', node, name)),
		),
	].filter((file) => /\.(ts|json)$/.test(file));
	const urls = sources.flatMap((file) =>
		[...read(file).matchAll(new RegExp(`${repository.replace(/[.]/g, '\\.')}[^\\s'"\`)]*`, 'g'))].map((m) => ({ file, url: m[0] })),
	);

	/** The file and anchor of this repository a GitHub URL shows: the README, or a blob/tree path. */
	const target = (url: string): { file: string; anchor?: string } => {
		const [location, anchor] = url.slice(repository.length).split('#');
		const blob = /^\/(?:blob|tree)\/[^/]+\/(.+)$/.exec(location);
		const file = blob ? blob[1] : location === '' || location === '/' ? 'README.md' : location;
		return { file: path.join(ROOT, file), anchor };
	};

	it('point into this repository somewhere', () => {
		expect(urls.length).toBeGreaterThan(0);
	});

	it('resolve to a file and a heading that exist', () => {
		const broken = urls
			.map(({ file, url }) => ({ file, url, problem: linkProblem(target(url).file, target(url).anchor) }))
			.filter((entry) => entry.problem !== undefined);
		expect(broken).toEqual([]);
	});
});

describe("the README's test command", () => {
	it('is, byte for byte, the command .ci/run runs', () => {
		const ci = read('.ci/run');
		const command = /^\((npm ci [^)]*)\)/m.exec(ci)?.[1];
		expect(command).toContain('npm test');
		const readmeCodeLines = [...read('README.md').matchAll(/^```[a-z]*\n([^\n]*)\n```$/gm)].map((m) => m[1]);
		expect(readmeCodeLines).toContain(command);
	});
});
