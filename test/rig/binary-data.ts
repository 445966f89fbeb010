import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { prepareEnvironment } from './env';

let ready: Promise<void> | undefined;

/**
 * Puts n8n-core's BinaryDataService into its default 'filesystem' mode (files under
 * the temp N8N_USER_FOLDER), once per module registry (jest: once per test file).
 *
 * Without init() the service silently keeps binaries inline as base64 in `data`;
 * with it, `data` only holds the mode name and the bytes live behind `id` — as in a
 * real n8n. That catches nodes that read `binary.data` instead of calling
 * `getBinaryDataBuffer`.
 */
export async function ensureBinaryData(): Promise<void> {
	ready ??= (async () => {
		prepareEnvironment();
		await Container.get(BinaryDataService).init();
	})();
	await ready;
}
