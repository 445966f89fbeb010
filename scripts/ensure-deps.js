// Installs the package's own (dev) dependencies when node_modules is missing or older than the
// lockfile, so `npm start` and `npm test` work on a fresh clone without a separate `npm ci`.
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lockfile = join(root, 'package-lock.json');

const stale = !existsSync(installed) || statSync(lockfile).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
	console.log('[deps] installing dependencies (npm ci; n8n-core\'s isolated-vm build is skipped, tests never load it)');
	const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('[deps] npm ci failed; see the output above');
		process.exit(result.status ?? 1);
	}
}
