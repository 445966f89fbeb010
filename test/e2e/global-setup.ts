// Once per e2e run: make sure the pinned n8n is installed, then build and pack this package so every
// test installs the very tarball a user would get from npm.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, RUNTIME_DIR, buildPackage, declaredTypes, ensureN8n, packPackage } from '../../scripts/n8n/lib';

// One folder per checkout: git worktrees share .n8n-runtime (a symlink), and a run in one must not
// replace the tarball and types another run is testing.
export const E2E_DIR = join(RUNTIME_DIR, 'e2e', createHash('sha256').update(ROOT).digest('hex').slice(0, 12));
export const PACK_INFO = join(E2E_DIR, 'pack.json');

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	await ensureN8n();
	mkdirSync(E2E_DIR, { recursive: true });
	const logFile = join(E2E_DIR, 'build.log');
	await buildPackage({ logFile });
	const tgz = await packPackage(join(E2E_DIR, 'pack'), { logFile });
	// The types are read right after the build that went into the tarball (others may rebuild dist later).
	writeFileSync(PACK_INFO, JSON.stringify({ tgz, types: declaredTypes(), packedAt: new Date().toISOString() }));
	process.stdout.write(`\n[e2e] built and packed ${tgz} in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
}
