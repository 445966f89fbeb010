/**
 * Benchmark: the same N signed EuroWallet reads (GET /api/1/eurowallet/status) sent three ways
 * against the sandbox on 127.0.0.1, in one run, printed as ratios to the raw loop:
 *   raw loop     — signEuroWalletRequest + fetch, one after another (the floor)
 *   Nexpay node  — EuroWallet Account → Get Many, N items, in-process n8n-core
 *   HTTP Request — n8n's own HTTP Request node with our predefined credential, N items
 * Run: `npm run bench` (BENCH_N=500 to change the count). Needs `npm start` or `npm run test:e2e`
 * to have installed n8n once, for the HTTP Request node; without it that row is skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { signEuroWalletRequest } from '../../nodes/Nexpay/helpers/signing';
import { RigNodeTypes, runNode } from '../rig';
import { startSandbox, type Sandbox } from '../sandbox';

const N = Number(process.env.BENCH_N ?? 300);
const HTTP_REQUEST_NODE = join(__dirname, '..', '..', '.n8n-runtime', 'n8n', 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');

async function rawLoop(sandbox: Sandbox): Promise<void> {
	for (let i = 0; i < N; i++) {
		const signed = signEuroWalletRequest(
			{ apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey },
			{ method: 'GET', url: `${sandbox.url}/api/1/eurowallet/status`, qs: { allAccounts: true } },
		);
		const response = await fetch(String(signed.url), { headers: signed.headers as Record<string, string> });
		if (response.status !== 200) throw new Error(`raw loop got HTTP ${response.status}`);
		await response.json();
	}
}

function credentials(sandbox: Sandbox) {
	return {
		nexpayEuroWalletApi: {
			environment: 'custom',
			baseUrl: sandbox.url,
			apiKey: sandbox.keys.euroWalletApiKey,
			secretKey: sandbox.keys.euroWalletSecretKey,
		},
	};
}

async function nexpayNode(sandbox: Sandbox): Promise<void> {
	const { items, error } = await runNode({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: credentials(sandbox),
		node: { type: 'nexpay', parameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: true } },
		input: Array.from({ length: N }, () => ({})),
	});
	if (error || items.length !== N * 3) throw new Error(`Nexpay node run failed: ${error?.message ?? items.length}`);
}

async function httpRequestNode(sandbox: Sandbox, HttpRequest: new () => INodeType | IVersionedNodeType): Promise<void> {
	const { items, error } = await runNode({
		// n8n lets only the real HTTP Request node type use any credential, so register it under its real name.
		nodeTypes: new RigNodeTypes().add(new HttpRequest(), 'n8n-nodes-base.httpRequest'),
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: credentials(sandbox),
		node: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'GET',
				url: `${sandbox.url}/api/1/eurowallet/status`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'nexpayEuroWalletApi',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'allAccounts', value: 'true' }] },
				options: {},
			},
			credentials: { nexpayEuroWalletApi: { id: '1', name: 'EuroWallet' } },
		},
		input: Array.from({ length: N }, () => ({})),
	});
	if (error || items.length !== N) throw new Error(`HTTP Request node run failed: ${error?.message ?? items.length}`);
}

async function time(label: string, run: () => Promise<void>): Promise<number> {
	await run(); // warm-up: module loading and JIT are not what we measure
	const started = process.hrtime.bigint();
	await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	console.log(`${label.padEnd(14)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / N).toFixed(2)} ms/request`);
	return ms;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ port: 0 });
	try {
		console.log(`${N} signed GET /api/1/eurowallet/status requests against the sandbox on 127.0.0.1`);
		const raw = await time('raw loop', () => rawLoop(sandbox));
		const node = await time('Nexpay node', () => nexpayNode(sandbox));
		let http: number | undefined;
		if (existsSync(HTTP_REQUEST_NODE)) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { HttpRequest } = require(HTTP_REQUEST_NODE) as { HttpRequest: new () => IVersionedNodeType };
			http = await time('HTTP Request', () => httpRequestNode(sandbox, HttpRequest));
		} else {
			console.log('HTTP Request   skipped: n8n is not installed in .n8n-runtime (run `npm start` once)');
		}
		console.log(`ratio Nexpay node / raw loop:   ${(node / raw).toFixed(2)}`);
		if (http !== undefined) {
			console.log(`ratio HTTP Request / raw loop:  ${(http / raw).toFixed(2)}`);
			console.log(`ratio Nexpay node / HTTP Request: ${(node / http).toFixed(2)}`);
		}
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
