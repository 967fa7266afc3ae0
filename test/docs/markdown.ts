/**
 * Reading Markdown the way GitHub renders it, as far as links are concerned: which links a file
 * holds (outside code), which `#anchors` its headings make, and whether a relative link resolves.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface LinkProblem {
	/** File holding the link, relative to the checked root, with `/` separators. */
	file: string;
	line: number;
	target: string;
	problem: string;
}

interface FoundLink {
	line: number;
	target: string;
}

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/;
const HTML_HREF = /<a\s[^>]*href="([^"]*)"/gi;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
	const out: Array<{ line: number; text: string }> = [];
	let fenced = false;
	markdown.split('\n').forEach((text, index) => {
		if (FENCE.test(text)) {
			fenced = !fenced;
			return;
		}
		if (!fenced) out.push({ line: index + 1, text });
	});
	return out;
}

/** Blanks inline code spans, whose brackets and parentheses are text, not links. */
function withoutCodeSpans(text: string): string {
	return text.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

/** The text GitHub shows for a heading's Markdown source (code, links and emphasis unwrapped). */
export function headingText(source: string): string {
	return source
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/(`+)([\s\S]*?)\1/g, '$2')
		.replace(/(\*\*|__|\*)(\S[\s\S]*?)\1/g, '$2');
}

/**
 * GitHub's anchor for a heading text (the rule of github-slugger, which GitHub uses): lower case,
 * every character that is not a letter, mark, number, connector (`_`), hyphen or space removed,
 * each space turned into a hyphen.
 */
export function githubSlug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor the headings of a Markdown text make; repeated slugs get `-1`, `-2`, ... */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const { text } of proseLines(markdown)) {
		const match = HEADING.exec(text);
		if (!match) continue;
		const slug = githubSlug(headingText(match[2]));
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Link targets of a Markdown text: inline links and images, reference definitions, `<a href>`. */
export function markdownLinks(markdown: string): FoundLink[] {
	const links: FoundLink[] = [];
	for (const { line, text } of proseLines(markdown)) {
		const prose = withoutCodeSpans(text);
		for (const match of prose.matchAll(INLINE_LINK)) links.push({ line, target: match[1] });
		const definition = REFERENCE_DEFINITION.exec(prose);
		if (definition) links.push({ line, target: definition[1] });
		for (const match of prose.matchAll(HTML_HREF)) links.push({ line, target: match[1] });
	}
	return links;
}

export function isExternal(target: string): boolean {
	return EXTERNAL.test(target);
}

/** The file a relative link of `fromFile` points at, and its anchor (undefined when none). */
export function resolveLink(fromFile: string, target: string): { file: string; anchor?: string } {
	const hash = target.indexOf('#');
	const linkPath = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
	const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
	const file = linkPath === '' ? fromFile : path.resolve(path.dirname(fromFile), linkPath);
	return { file, anchor };
}

/** Why a link to `file#anchor` does not resolve, or undefined when it does. */
export function linkProblem(file: string, anchor: string | undefined): string | undefined {
	if (!fs.existsSync(file)) return 'file does not exist';
	if (anchor === undefined || anchor === '') return undefined;
	if (!file.endsWith('.md')) return 'anchor into a file that is not Markdown';
	const anchors = headingAnchors(fs.readFileSync(file, 'utf8'));
	return anchors.has(anchor) ? undefined : `no heading makes the anchor #${anchor}`;
}

/** Checks every relative link (and its anchor) of the given Markdown files under `root`. */
export function checkLinks(root: string, files: string[]): LinkProblem[] {
	const problems: LinkProblem[] = [];
	for (const relative of files) {
		const from = path.join(root, relative);
		for (const { line, target } of markdownLinks(fs.readFileSync(from, 'utf8'))) {
			if (isExternal(target)) continue;
			const { file, anchor } = resolveLink(from, target);
			const problem = target === '' ? 'empty link' : linkProblem(file, anchor);
			if (problem) problems.push({ file: relative.split(path.sep).join('/'), line, target, problem });
		}
	}
	return problems;
}

/** The Markdown files of `root/docs` (relative to `root`) that `root/README.md` links to none of. */
export function unlinkedDocs(root: string): string[] {
	const readme = path.join(root, 'README.md');
	const linked = new Set(
		markdownLinks(fs.readFileSync(readme, 'utf8'))
			.filter((link) => !isExternal(link.target))
			.map((link) => resolveLink(readme, link.target).file),
	);
	return docsFiles(root).filter((relative) => !linked.has(path.join(root, relative)));
}

/** `docs/*.md` under `root`, relative to it, sorted. */
export function docsFiles(root: string): string[] {
	const dir = path.join(root, 'docs');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.md'))
		.sort()
		.map((name) => path.join('docs', name));
}
