/**
 * Benchmark: the same N requests against the sandbox on 127.0.0.1, each sent three ways in one
 * run, printed as ratios to the raw loop:
 *   raw loop     — signing (or the ApiKey header) + fetch, one after another: the floor
 *   Nexpay node  — one operation over N items, in-process n8n-core
 *   HTTP Request — n8n's own HTTP Request node with our predefined credential, N items
 * Two request kinds: a signed EuroWallet read (GET /api/1/eurowallet/status, HMAC + nonce) and a
 * v2 read (GET /v2/payments/123, ApiKey header).
 * Run: `npm run bench` (BENCH_N=500 to change the count). The HTTP Request rows need n8n installed
 * once by `npm start` or `npm run test:e2e`; without it they are skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { signEuroWalletRequest } from '../../nodes/Nexpay/helpers/signing';
import { RigNodeTypes, runNode } from '../rig';
import { startSandbox, type Sandbox } from '../sandbox';

const N = Number(process.env.BENCH_N ?? 300);
const HTTP_REQUEST_NODE = join(__dirname, '..', '..', '.n8n-runtime', 'n8n', 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');

type HttpRequestClass = new () => INodeType | IVersionedNodeType;

interface Scenario {
	title: string;
	credentialType: 'nexpayApi' | 'nexpayEuroWalletApi';
	url: (sandbox: Sandbox) => string;
	query: IDataObject;
	rawHeaders: (sandbox: Sandbox, url: string) => { url: string; headers: Record<string, string> };
	nodeParameters: IDataObject;
	/** Output items the node gives for one input item. */
	itemsPerInput: number;
}

const scenarios: Scenario[] = [
	{
		title: 'signed EuroWallet GET /api/1/eurowallet/status',
		credentialType: 'nexpayEuroWalletApi',
		url: (sandbox) => `${sandbox.url}/api/1/eurowallet/status`,
		query: { allAccounts: 'true' },
		rawHeaders: (sandbox, url) => {
			const signed = signEuroWalletRequest(
				{ apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey },
				{ method: 'GET', url, qs: { allAccounts: true } },
			);
			return { url: String(signed.url), headers: signed.headers as Record<string, string> };
		},
		nodeParameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: true },
		itemsPerInput: 3,
	},
	{
		title: 'v2 GET /v2/payments/123 (ApiKey)',
		credentialType: 'nexpayApi',
		url: (sandbox) => `${sandbox.url}/v2/payments/123`,
		query: {},
		rawHeaders: (sandbox, url) => ({ url, headers: { Authorization: `ApiKey ${sandbox.keys.v2ApiKey}`, Accept: 'application/json' } }),
		nodeParameters: { resource: 'payment', operation: 'get', v2PaymentId: '123' },
		itemsPerInput: 1,
	},
];

function credentials(sandbox: Sandbox) {
	return {
		nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey },
		nexpayEuroWalletApi: {
			environment: 'custom',
			baseUrl: sandbox.url,
			apiKey: sandbox.keys.euroWalletApiKey,
			secretKey: sandbox.keys.euroWalletSecretKey,
		},
	};
}

async function rawLoop(sandbox: Sandbox, scenario: Scenario): Promise<void> {
	for (let i = 0; i < N; i++) {
		const { url, headers } = scenario.rawHeaders(sandbox, scenario.url(sandbox));
		const response = await fetch(url, { headers });
		if (response.status !== 200) throw new Error(`raw loop got HTTP ${response.status}`);
		await response.json();
	}
}

async function nexpayNode(sandbox: Sandbox, scenario: Scenario): Promise<void> {
	const { items, error } = await runNode({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: credentials(sandbox),
		node: { type: 'nexpay', parameters: scenario.nodeParameters as never },
		input: Array.from({ length: N }, () => ({})),
	});
	if (error || items.length !== N * scenario.itemsPerInput) throw new Error(`Nexpay node run failed: ${error?.message ?? items.length}`);
}

async function httpRequestNode(sandbox: Sandbox, scenario: Scenario, HttpRequest: HttpRequestClass): Promise<void> {
	const query = Object.entries(scenario.query).map(([name, value]) => ({ name, value: String(value) }));
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
				url: scenario.url(sandbox),
				authentication: 'predefinedCredentialType',
				nodeCredentialType: scenario.credentialType,
				sendQuery: query.length > 0,
				queryParameters: { parameters: query } as never,
				options: {},
			},
			credentials: { [scenario.credentialType]: { id: '1', name: 'Nexpay' } },
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
	const HttpRequest = existsSync(HTTP_REQUEST_NODE)
		? // eslint-disable-next-line @typescript-eslint/no-require-imports
			(require(HTTP_REQUEST_NODE) as { HttpRequest: HttpRequestClass }).HttpRequest
		: undefined;
	try {
		for (const scenario of scenarios) {
			console.log(`\n${N} × ${scenario.title}`);
			const raw = await time('raw loop', () => rawLoop(sandbox, scenario));
			const node = await time('Nexpay node', () => nexpayNode(sandbox, scenario));
			const http = HttpRequest ? await time('HTTP Request', () => httpRequestNode(sandbox, scenario, HttpRequest)) : undefined;
			if (!HttpRequest) console.log('HTTP Request   skipped: n8n is not installed in .n8n-runtime (run `npm start` once)');
			console.log(`ratio Nexpay node / raw loop:     ${(node / raw).toFixed(2)}`);
			if (http !== undefined) {
				console.log(`ratio HTTP Request / raw loop:    ${(http / raw).toFixed(2)}`);
				console.log(`ratio Nexpay node / HTTP Request: ${(node / http).toFixed(2)}`);
			}
		}
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
