// `npm run sandbox`: the sandbox on SANDBOX_PORT (default 4010, 0 = random) until Ctrl-C;
// SANDBOX_LIST_PAGING picks the list shape (default none, the documented one).
// The banner prints the keys on purpose: they are fixed, fake test values.
import { controlHints } from './control';
import { startSandbox } from './sandbox';
import type { ListPaging, Sandbox } from './types';

async function main(): Promise<void> {
	const port = Number(process.env.SANDBOX_PORT ?? 4010);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`SANDBOX_PORT must be a port number, got "${process.env.SANDBOX_PORT}"`);
		process.exit(1);
	}
	const seed = process.env.SANDBOX_SEED === undefined ? undefined : Number(process.env.SANDBOX_SEED);
	const listPaging = (process.env.SANDBOX_LIST_PAGING || undefined) as ListPaging | undefined;

	let sandbox: Sandbox;
	try {
		sandbox = await startSandbox({ port, seed, listPaging });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			console.error(`port ${port} is in use; set SANDBOX_PORT`);
			process.exit(1);
		}
		throw error;
	}

	const { keys } = sandbox;
	console.log(
		[
			`Nexpay sandbox listening on ${sandbox.url} (lists: ${listPaging ?? 'none'})`,
			'',
			'Nexpay API credential (v2):',
			`  base URL     ${sandbox.url}`,
			`  API key      ${keys.v2ApiKey}`,
			'Nexpay EuroWallet API credential:',
			`  base URL             ${sandbox.url}`,
			`  API key              ${keys.euroWalletApiKey}`,
			`  secret key           ${keys.euroWalletSecretKey}`,
			`  transaction secret   ${keys.euroWalletTransactionSecret}`,
			'',
			'Webhook public key (verify X-Signature with this):',
			sandbox.webhookPublicKeyPem.trim(),
			'',
			'Control API (no auth, loopback only):',
			...controlHints().map((hint) => `  ${hint}`),
			'',
			'Ctrl-C to stop.',
		].join('\n'),
	);

	const stop = (): void => {
		sandbox.close().then(() => process.exit(0), () => process.exit(1));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
