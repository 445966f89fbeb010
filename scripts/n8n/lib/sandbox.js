'use strict';
// The Nexpay sandbox emulator (test/sandbox) as a child process, and the n8n credentials that point at it.
const fs = require('node:fs');
const path = require('node:path');

const P = require('./paths');
const { startService } = require('./proc');
const { HOST, waitForHttp } = require('./net');

// Fixed credential ids so example workflows can reference them and re-imports overwrite, not duplicate.
const CREDENTIAL_IDS = Object.freeze({
	nexpayApi: 'NexpayV2Sandbox1',
	nexpayEuroWalletApi: 'NexpayEwSandbox1',
	nexpayWebhookApi: 'NexpayWhSandbox1',
});

/** Starts `test/sandbox/cli.ts` under ts-node on 127.0.0.1:port; resolves {url, info, stop()} once it answers. */
async function startSandboxProcess({ port, logFile }) {
	const cli = path.join(P.ROOT, 'test', 'sandbox', 'cli.ts');
	if (!fs.existsSync(cli)) throw new Error(`the sandbox emulator is missing (${path.relative(P.ROOT, cli)})`);
	let tsNode;
	try {
		tsNode = require.resolve('ts-node/dist/bin.js', { paths: [P.ROOT] });
	} catch {
		throw new Error('ts-node is not installed: run `npm ci` first');
	}
	const { pid, exited, exitInfo, stop } = startService(process.execPath, [tsNode, '--transpile-only', cli], {
		cwd: P.ROOT,
		env: { ...process.env, SANDBOX_PORT: String(port) },
		logFile,
	});
	const url = `http://${HOST}:${port}`;
	try {
		await waitForHttp(`${url}/__sandbox/info`, {
			timeoutMs: 60000,
			alive: () => {
				const exit = exitInfo();
				if (!exit) return undefined;
				const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
				return `the sandbox exited (code ${exit.code}): ${lines[lines.length - 1] || ''}`;
			},
		});
	} catch (error) {
		await stop();
		throw error;
	}
	const info = await (await fetch(`${url}/__sandbox/info`)).json();
	return { url, info, pid, stop, exited };
}

/** Credential type names that the built package declares (package.json `n8n.credentials`). */
function declaredCredentialTypes() {
	const pkg = JSON.parse(fs.readFileSync(path.join(P.ROOT, 'package.json'), 'utf8'));
	return ((pkg.n8n && pkg.n8n.credentials) || []).map((f) => {
		const base = path.basename(f).replace(/\.credentials\.js$/, '');
		return base.charAt(0).toLowerCase() + base.slice(1);
	});
}

/** The webhook credential's PEM field, read from the built class (falls back to `publicKey`). */
function webhookKeyField() {
	try {
		const mod = require(path.join(P.ROOT, 'dist', 'credentials', 'NexpayWebhookApi.credentials.js'));
		const props = new mod.NexpayWebhookApi().properties;
		const field = props.find((p) => p.type === 'string' && /pem|public/i.test(p.name));
		if (field) return field.name;
	} catch {
		/* not built yet */
	}
	return 'publicKey';
}

/**
 * n8n credentials for the sandbox: `info` is what the sandbox reports ({url, keys, webhookPublicKeyPem}).
 * Only types the package declares are returned, so the webhook credential appears once it exists.
 */
function sandboxCredentials(info, { types = declaredCredentialTypes() } = {}) {
	const all = [
		{
			id: CREDENTIAL_IDS.nexpayApi,
			name: 'Nexpay API (local sandbox)',
			type: 'nexpayApi',
			data: { environment: 'custom', baseUrl: info.url, apiKey: info.keys.v2ApiKey },
		},
		{
			id: CREDENTIAL_IDS.nexpayEuroWalletApi,
			name: 'Nexpay EuroWallet API (local sandbox)',
			type: 'nexpayEuroWalletApi',
			data: {
				environment: 'custom',
				baseUrl: info.url,
				apiKey: info.keys.euroWalletApiKey,
				secretKey: info.keys.euroWalletSecretKey,
				transactionSecret: info.keys.euroWalletTransactionSecret,
			},
		},
		{
			id: CREDENTIAL_IDS.nexpayWebhookApi,
			name: 'Nexpay Webhook (local sandbox)',
			type: 'nexpayWebhookApi',
			data: { [webhookKeyField()]: info.webhookPublicKeyPem },
		},
	];
	return all.filter((c) => types.includes(c.type));
}

module.exports = { CREDENTIAL_IDS, startSandboxProcess, sandboxCredentials, declaredCredentialTypes };
