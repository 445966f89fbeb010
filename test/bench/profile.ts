/**
 * `npm run bench:profile -- <column>`: a CPU profile of one benchmark column (sandbox in a child process),
 * summarised as self time by where the code lives, and the top functions. Columns: v2-node, v2-floor,
 * v2-http, v2-header, ew-node, ew-floor, ew-http. BENCH_N items (default 2000). Writes the raw profile to
 * .bench/<column>.cpuprofile for Chrome DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { runNode, type RunNodeOptions } from '../rig';
import { HelperFloor, httpRequestNodeType, HttpHeaderAuth, ROOT, startSandboxProcess, type SandboxProcess } from './lib';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

const N = Number(process.env.BENCH_N ?? 2000);
const SAMPLE_INTERVAL_US = 200;

function columnOptions(column: string, sandbox: SandboxProcess): RunNodeOptions {
	const credentials = {
		nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey },
		nexpayEuroWalletApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey },
		httpHeaderAuth: { name: 'Authorization', value: `ApiKey ${sandbox.keys.v2ApiKey}` },
	};
	const input = Array.from({ length: N }, () => ({}));
	const credentialTypes = [new NexpayApi(), new NexpayEuroWalletApi(), ...(HttpHeaderAuth ? [new HttpHeaderAuth() as never] : [])];
	const http = (parameters: object, nodeCredentials: object): RunNodeOptions => ({
		nodeTypes: httpRequestNodeType(),
		credentialTypes,
		credentials,
		input,
		node: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'GET', options: {}, ...parameters } as never, credentials: nodeCredentials as never },
	});
	const node = (parameters: object): RunNodeOptions => ({ nodeTypes: [new Nexpay()], credentialTypes, credentials, input, node: { type: 'nexpay', parameters: parameters as never } });
	switch (column) {
		case 'v2-node':
			return node({ resource: 'payment', operation: 'get', v2PaymentId: '123', requestOptions: { batching: { batch: { batchSize: 1 } } } });
		case 'v2-http':
			return http({ url: `${sandbox.url}/v2/payments/123`, authentication: 'predefinedCredentialType', nodeCredentialType: 'nexpayApi' }, { nexpayApi: { id: '1', name: 'Nexpay' } });
		case 'v2-header':
			return http({ url: `${sandbox.url}/v2/payments/123`, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, { httpHeaderAuth: { id: '2', name: 'Header' } });
		case 'v2-floor':
			return { nodeTypes: [new HelperFloor()], credentialTypes, credentials, input, node: { type: 'bench.helperFloor', parameters: { credentialType: 'nexpayApi', url: `${sandbox.url}/v2/payments/123` } as never } };
		case 'ew-floor':
			return { nodeTypes: [new HelperFloor()], credentialTypes, credentials, input, node: { type: 'bench.helperFloor', parameters: { credentialType: 'nexpayEuroWalletApi', url: `${sandbox.url}/api/1/eurowallet/status` } as never } };
		case 'ew-node':
			return node({ resource: 'euroWalletAccount', operation: 'getMany', allAccounts: false });
		case 'ew-http':
			return http({ url: `${sandbox.url}/api/1/eurowallet/status`, authentication: 'predefinedCredentialType', nodeCredentialType: 'nexpayEuroWalletApi' }, { nexpayEuroWalletApi: { id: '1', name: 'Nexpay' } });
		default:
			throw new Error(`unknown column ${column}`);
	}
}

function area(url: string): string {
	if (!url) return '(native / GC / idle)';
	if (url.includes('/nodes/Nexpay/') || url.includes('/credentials/Nexpay')) return 'this package';
	if (url.includes('/test/')) return 'rig and sandbox client';
	const packageName = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (packageName) return packageName[1];
	if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
	return url;
}

async function main(): Promise<void> {
	const column = process.argv[2] ?? 'v2-node';
	const sandbox = await startSandboxProcess();
	try {
		const options = columnOptions(column, sandbox);
		// Warm up: JIT, module loading, first connection.
		await runNode({ ...options, input: options.input!.slice(0, 200) });
		const session = new Session();
		session.connect();
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_INTERVAL_US });
		await session.post('Profiler.start');
		const started = process.hrtime.bigint();
		const { items, error } = await runNode(options);
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		const { profile } = await session.post('Profiler.stop');
		session.disconnect();
		if (error || items.length === 0) throw new Error(`${column}: ${error?.message ?? 'no output'}`);

		mkdirSync(join(ROOT, '.bench'), { recursive: true });
		writeFileSync(join(ROOT, '.bench', `${column}.cpuprofile`), JSON.stringify(profile));
		const nodes = profile.nodes as ProfileNode[];
		const total = nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
		const idle = nodes.filter((node) => node.callFrame.functionName === '(idle)').reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
		const byArea = new Map<string, number>();
		const byFunction = new Map<string, number>();
		for (const node of nodes) {
			const hits = node.hitCount ?? 0;
			const { functionName, url, lineNumber } = node.callFrame;
			if (functionName === '(idle)') continue;
			const where = ['(garbage collector)', '(program)'].includes(functionName) ? functionName : area(url);
			byArea.set(where, (byArea.get(where) ?? 0) + hits);
			const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
			byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
		}
		const busy = total - idle;
		// Samples are taken every `interval` µs; shown as µs per item and as a share of the busy samples.
		const perItem = (hits: number) => `${((hits * SAMPLE_INTERVAL_US) / N).toFixed(1).padStart(6)} µs/item`;
		const percent = (hits: number) => `${perItem(hits)} ${((hits / busy) * 100).toFixed(1).padStart(5)} %`;
		console.log(`${column}: ${N} items in ${wallMs.toFixed(0)} ms; busy ${((busy / total) * 100).toFixed(0)} % of samples`);
		console.log('\nself time by area (of busy samples):');
		for (const [where, hits] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`  ${percent(hits)}  ${where}`);
		console.log('\ntop functions:');
		for (const [name, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${percent(hits)}  ${name}`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
