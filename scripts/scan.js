#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run scan` (after `npm run build`): n8n's own community-package scanner
 * (@n8n/scan-community-package) over this package, both of its legs, without publishing:
 *
 *   source   the node and credential sources + package.json (the scanner's SOURCE_FILE_PATTERNS),
 *            what it lints in the repository its npm provenance points at;
 *   tarball  the compiled .js and package.json of the tarball `npm pack` makes, what it lints in
 *            the published package.
 *
 * The scanner's CLI only takes a published package name (it downloads the tarball and the
 * provenance-attested source), so this runs its exported `analyzePackage` on the local tree and
 * on a local `npm pack` instead; the provenance leg needs a real publish (publish.yml does it).
 *
 * The scanner is installed once into the cache folder (next to n8n, keyed by version). Two
 * changes to its install, both because the published package does not run as it is: its pinned
 * typescript 7 ships no JavaScript API (typescript-estree fails on `ts.Extension`), so
 * TypeScript 5.9 replaces it; and its lint plugin needs its peer n8n-workflow, installed at
 * the version this package builds against.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pathToFileURL } = require('url');

const { cacheRoot, cleanNpmEnv } = require('./lib/n8n-install');
const { log, runLogged, isComplete, writeMarker, withLock } = require('./lib/cache-folder');

const REPO_ROOT = path.resolve(__dirname, '..');
const SCANNER = '@n8n/scan-community-package';
const SCANNER_VERSION = '0.32.0';
const TYPESCRIPT_VERSION = '5.9';

/** @returns {string} n8n-workflow's version in this repository */
function n8nWorkflowVersion() {
	return require(path.join(REPO_ROOT, 'node_modules', 'n8n-workflow', 'package.json')).version;
}

/** Installs the scanner into the cache folder once; returns the path of scanner.mjs. */
async function ensureScanner() {
	const workflowVersion = n8nWorkflowVersion();
	const dir = path.join(cacheRoot(), `scanner-${SCANNER_VERSION}`);
	const expected = { scanner: SCANNER_VERSION, typescript: TYPESCRIPT_VERSION, n8nWorkflow: workflowVersion };
	const entry = path.join(dir, 'node_modules', ...SCANNER.split('/'), 'scanner', 'scanner.mjs');
	if (isComplete(dir, expected)) return entry;
	fs.mkdirSync(cacheRoot(), { recursive: true });
	await withLock(cacheRoot(), `scanner-${SCANNER_VERSION}`, async () => {
		if (isComplete(dir, expected)) return;
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scanner-install', private: true }));
		log(`installing ${SCANNER}@${SCANNER_VERSION} into ${dir}`);
		const env = cleanNpmEnv();
		await runLogged(
			'npm',
			[
				'install',
				'--no-audit',
				'--no-fund',
				'--ignore-scripts',
				'--legacy-peer-deps',
				`${SCANNER}@${SCANNER_VERSION}`,
				`typescript@${TYPESCRIPT_VERSION}`,
				`n8n-workflow@${workflowVersion}`,
			],
			{ cwd: dir, env, logFile: path.join(dir, 'install.log'), label: 'scanner install' },
		);
		// npm nests the scanner's own typescript 7 under it; the lint plugins must see 5.9.
		fs.rmSync(path.join(dir, 'node_modules', ...SCANNER.split('/'), 'node_modules', 'typescript'), {
			recursive: true,
			force: true,
		});
		if (!fs.existsSync(entry)) throw new Error(`scanner install has no ${entry}`);
		writeMarker(dir, expected);
	});
	return entry;
}

/** `npm pack` of this repository, unpacked into a temp folder; returns the package folder. */
function packTarball() {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'extole-braze-scan-'));
	const packed = spawnSync('npm', ['pack', '--pack-destination', out, '--silent'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: cleanNpmEnv(),
	});
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	const tarball = fs.readdirSync(out).find((f) => f.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack wrote no tarball');
	const untar = spawnSync('tar', ['-xzf', tarball], { cwd: out, encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	return path.join(out, 'package');
}

async function main() {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const entry = await ensureScanner();
	/** @type {{ analyzePackage: (dir: string, patterns?: string[]) => Promise<{ passed: boolean, message?: string, details?: string }>, SOURCE_FILE_PATTERNS: string[] }} */
	const scanner = await import(pathToFileURL(entry).href);
	const packageDir = packTarball();
	const legs = [
		{ name: 'source', dir: REPO_ROOT, patterns: scanner.SOURCE_FILE_PATTERNS },
		{ name: 'tarball', dir: packageDir, patterns: ['**/*.js', 'package.json'] },
	];
	let failed = 0;
	for (const leg of legs) {
		const result = await scanner.analyzePackage(leg.dir, leg.patterns);
		if (result.passed) {
			process.stdout.write(`scan ${leg.name}: passed (${SCANNER}@${SCANNER_VERSION})\n`);
		} else {
			failed++;
			process.stdout.write(`scan ${leg.name}: FAILED: ${result.message ?? ''}\n${result.details ?? ''}\n`);
		}
	}
	fs.rmSync(path.dirname(packageDir), { recursive: true, force: true });
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
