// Once per e2e run: make sure the pinned n8n is installed, then build and pack this package so every
// test installs the very tarball a user would get from npm.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RUNTIME_DIR, buildPackage, declaredTypes, ensureN8n, packPackage } from '../../scripts/n8n/lib';

export const E2E_DIR = join(RUNTIME_DIR, 'e2e');
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
