import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// The whole repository's lint (`npm run lint`). eslint.config.mjs stays n8n's default config verbatim,
// because `"strict": true` makes `n8n-node lint` refuse any other; that default lints only what n8n lints
// (run over the shipped sources by scripts/lint-strict.mjs). This file keeps the design card's
// eslint-plugin-n8n-nodes-base 2.x rule sets on the shipped sources and lints tests and scripts too.
const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];

// Where the two plugins disagree, n8n's community-package verifier (@n8n/community-nodes) wins.
const supersededByCommunityRules = {
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/node-class-description-inputs-wrong-trigger-node': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-not-http-url': 'off',
	'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'error',
};

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-runtime/**', '.tmp/**', 'eslint.config.mjs', 'eslint.repo.config.mjs'] },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{
		files: shipped,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules, 'no-console': 'error' },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.credentials.rules, ...supersededByCommunityRules },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.nodes.rules, ...supersededByCommunityRules },
	},
	{
		...communityNodes.configs.recommended,
		files: [...shipped, 'package.json'],
		ignores: [],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
	},
];
