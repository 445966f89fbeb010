import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment n8n-core reads when its services are first built (so call this before
 * the first Container.get):
 * - N8N_USER_FOLDER: instance folder (encryption key, binary data store). jest's
 *   test/setup-env.ts sets it; this covers scripts, so nothing lands in ~/.n8n.
 * - N8N_LOG_LEVEL: n8n logs every node error it reports; a test expecting an error
 *   gets it in the result, so the rig is silent unless you set a level yourself.
 */
export function prepareEnvironment(): void {
	if (!process.env.N8N_USER_FOLDER) {
		process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'nexpay-rig-'));
	}
	process.env.N8N_LOG_LEVEL ??= 'silent';
}
