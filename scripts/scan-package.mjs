#!/usr/bin/env node
// n8n's verification scan (@n8n/scan-community-package), run locally: the scanner itself fetches the
// published tarball and its GitHub source, which CI cannot do before publishing. Same rule set (its own
// community-nodes recommended config + eslint-plugin-n8n-nodes-base's rule sets + no-console, inline
// disables ignored), same two legs: the source (package.json, nodes/, credentials/) and the packed
// tarball's .js files and package.json.
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'nodes'))) {
	console.error('scan-package: dist/ is missing; run `npm run build` first.');
	process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'nexpay-scan-'));
try {
	const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	const unpacked = join(work, 'package');
	const untar = spawnSync('tar', ['-xzf', join(work, tarball), '-C', work], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);

	let failed = false;
	for (const [label, dir, patterns] of [
		['source', root, SOURCE_FILE_PATTERNS],
		[`tarball ${tarball}`, unpacked, ['**/*.js', 'package.json']],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			console.log(`scan (${label}): passed`);
		} else {
			failed = true;
			console.error(`scan (${label}): ${result.message}\n${result.details ?? ''}`);
		}
	}
	if (failed) process.exitCode = 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
