// Once per queue-mode run: the pinned n8n installed, this package built and packed (the tarball users get).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildPackage, ensureN8n, packPackage } from '../../scripts/n8n/lib';
import { PACK_INFO, QUEUE_E2E_DIR } from './stack';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	await ensureN8n();
	mkdirSync(QUEUE_E2E_DIR, { recursive: true });
	const logFile = join(QUEUE_E2E_DIR, 'build.log');
	await buildPackage({ logFile });
	const tgz = await packPackage(join(QUEUE_E2E_DIR, 'pack'), { logFile });
	writeFileSync(PACK_INFO, JSON.stringify({ tgz, packedAt: new Date().toISOString() }));
	process.stdout.write(`\n[e2e-queue] built and packed ${tgz} in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
}
