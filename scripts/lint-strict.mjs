#!/usr/bin/env node
// `n8n-node lint` (strict mode) over what n8n lints in a starter project: package.json, eslint.config.mjs
// (n8n's default, verbatim), nodes/ and credentials/. Staged in .tmp because n8n's default config applies
// the node rules (no `process`, no imports but n8n-workflow, no console) to every .ts file, and the tests
// and scripts of this repository need exactly those.
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, '.tmp', 'n8n-node-lint');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'nodes', 'credentials']) {
	cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');

const run = spawnSync(join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
	cwd: stage,
	stdio: 'inherit',
	env: { ...process.env, CI: 'true' },
});
if (run.status !== 0) {
	console.error(`n8n-node lint failed (exit ${run.status ?? run.signal}); staged copy: ${stage}`);
	process.exit(1);
}
console.log('n8n-node lint (strict): passed');
