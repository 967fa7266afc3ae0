// Lint for a cloud-eligible community node package: n8n's community-nodes `recommended`
// set (the one n8n's package scanner runs) plus eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rules. Dev tools (sandbox, scripts, tests) get TypeScript/JS basics only.
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const base = n8nNodesBase.configs;
const community = n8nCommunityNodesPlugin.configs.recommended;

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts', '.cache/**'],
	},
	{
		files: ['**/*.ts'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { sourceType: 'module' },
		},
		plugins: { '@typescript-eslint': tseslint.plugin },
	},
	{
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: { ...community.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: { ...community.rules, ...base.community.rules },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: { ...community.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...community.rules,
			'no-console': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...base.credentials.rules,
			// Contradicts the community set's credential-documentation-url, which the scanner runs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...base.nodes.rules,
			// Contradicts the community set's node-connection-type-literal (NodeConnectionTypes enum).
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		files: ['sandbox/**/*.{js,ts}', 'scripts/**/*.{js,ts}', 'test/**/*.{js,ts}', '*.js'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		rules: {},
	},
];
