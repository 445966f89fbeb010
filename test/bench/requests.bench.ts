/**
 * `npm run bench`: what a request costs through the Nexpay node against the fair alternatives, measured in one
 * run against the sandbox in a child process (its CPU is not counted as the client's). Every column runs
 * BENCH_REPS times (default 5), interleaved in a rotating order after one warm-up round; figures are medians,
 * ratios are medians of per-repetition ratios. Client CPU = user + system time of this process.
 *
 * Columns (sequential, BENCH_N items or requests, default 1000):
 *   raw keep-alive     signing (or the ApiKey header) + fetch, one connection reused: the floor
 *   raw new conn.      the same with a new TCP connection per request, as n8n's HTTP client does
 *   Nexpay node        the operation over N items, node defaults, in-process n8n-core
 *   HTTP Request       n8n's HTTP Request node with our credential, node defaults
 *   HTTP + Code HMAC   (EuroWallet) the HMAC a user writes in a Code node, then HTTP Request with those headers
 *   HTTP + Header Auth (v2) n8n's Header Auth credential with "ApiKey …"
 * Then: v2 concurrency at 20 ms server latency, webhook verification per event, the trigger per delivery,
 * and `require` of every node and credential. `--write-readme` replaces the README's Performance table.
 * The n8n columns need n8n installed once (`npm start` or `npm run test:e2e`).
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createSign, generateKeyPairSync, verify as cryptoVerify, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { NexpayWebhookApi } from '../../credentials/NexpayWebhookApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { NexpayTrigger } from '../../nodes/Nexpay/NexpayTrigger.node';
import { signEuroWalletRequest, verifyWebhookSignature } from '../../nodes/Nexpay/helpers/signing';
import { RigNodeTypes, runNode, runWebhook } from '../rig';
import {
	fixed,
	HttpHeaderAuth,
	HelperFloor,
	HttpRequest,
	httpRequestNodeType,
	interleave,
	median,
	medianRatio,
	percentile,
	ROOT,
	startSandboxProcess,
	table,
	type Column,
	type SandboxProcess,
} from './lib';

const N = Number(process.env.BENCH_N ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
/** What a user without this package writes in a Code node: a microsecond nonce and the HMAC per item. Run in-process, without n8n's task runner, so the baseline is if anything too cheap. */
class CodeNodeHmac implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code HMAC',
		name: 'bench.codeHmac',
		group: ['transform'],
		version: 1,
		description: 'Signs each item as a Code node would',
		defaults: { name: 'Code HMAC' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
			{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const apiKey = this.getNodeParameter('apiKey', 0) as string;
		const secret = this.getNodeParameter('secret', 0) as string;
		const path = this.getNodeParameter('path', 0) as string;
		let last = 0;
		return [
			this.getInputData().map((item) => {
				last = Math.max(last + 1, Date.now() * 1000);
				const signature = createHmac('sha512', secret).update(`${apiKey}&${last}${path}`).digest('hex');
				return { json: { ...item.json, nonce: String(last), signature } };
			}),
		];
	}
}

const helperFloorColumn = (sandbox: SandboxProcess, credentialType: string, url: string, count: number, refused?: () => Promise<number>): Column => ({
	name: 'n8n helper floor (minimal node)',
	refused,
	run: async () =>
		await runOrThrow('helper floor', runNode({
			nodeTypes: [new HelperFloor()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: credentialData(sandbox),
			node: { type: 'bench.helperFloor', parameters: { credentialType, url } as never },
			input: items(count),
		}), count),
});

const items = (count: number): IDataObject[] => Array.from({ length: count }, () => ({}));

function credentialData(sandbox: SandboxProcess) {
	return {
		nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey },
		nexpayEuroWalletApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey },
		httpHeaderAuth: { name: 'Authorization', value: `ApiKey ${sandbox.keys.v2ApiKey}` },
	};
}

/**
 * The floor: node's http module on one kept-alive connection (fetch costs more per request). A new agent
 * per run, so no run starts on a connection the server closed while idle.
 */
async function keepAliveLoop(count: number, next: () => { url: string; headers: Record<string, string> }): Promise<void> {
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	try {
		for (let i = 0; i < count; i++) {
			const { url, headers } = next();
			await rawRequest(url, headers, agent);
		}
	} finally {
		agent.destroy();
	}
}

/** A request on a fresh TCP connection (agent: false), as n8n's HTTP client opens one per request. */
async function newConnection(url: string, headers: Record<string, string>): Promise<void> {
	await rawRequest(url, headers, false);
}

async function rawRequest(url: string, headers: Record<string, string>, agent: Agent | false): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const req = httpRequest(url, { headers, agent }, (res) => {
			res.resume();
			res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`raw request got HTTP ${res.statusCode}`))));
		});
		req.on('error', reject);
		req.end();
	});
}

async function refusedNonces(sandbox: SandboxProcess): Promise<number> {
	const log = (await sandbox.control('GET', '/requests')) as Array<{ status: number; path: string }>;
	return log.filter((entry) => entry.status === 403 && entry.path.startsWith('/api/')).length;
}

async function runOrThrow(label: string, promise: ReturnType<typeof runNode>, expected: number): Promise<void> {
	const { items: out, error } = await promise;
	if (error || out.length !== expected) throw new Error(`${label}: ${error?.message ?? `${out.length} items, expected ${expected}`}`);
}

const httpNodeTypes = (): RigNodeTypes => httpRequestNodeType([new CodeNodeHmac()]);

function euroWalletColumns(sandbox: SandboxProcess): Column[] {
	const path = '/api/1/eurowallet/status';
	const url = `${sandbox.url}${path}`;
	const creds = { apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey };
	const signed = () => {
		const options = signEuroWalletRequest(creds, { method: 'GET', url });
		return { url: String(options.url), headers: options.headers as Record<string, string> };
	};
	const refused = () => refusedNonces(sandbox);
	const columns: Column[] = [
		{ name: 'raw keep-alive', refused, run: async () => await keepAliveLoop(N, signed) },
		{ name: 'raw new connection', refused, run: async () => {
			for (let i = 0; i < N; i++) {
				const request = signed();
				await newConnection(request.url, request.headers);
			}
		} },
		{ name: 'Nexpay node', refused, run: async () =>
			await runOrThrow('Nexpay node', runNode({
				nodeTypes: [new Nexpay()],
				credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
				credentials: credentialData(sandbox),
				node: { type: 'nexpay', parameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: false } as never },
				input: items(N),
			}), N) },
		helperFloorColumn(sandbox, 'nexpayEuroWalletApi', url, N, refused),
	];
	if (!HttpRequest) return columns;
	columns.push(
		{ name: 'HTTP Request + our credential', refused, run: async () =>
			await runOrThrow('HTTP Request', runNode({
				nodeTypes: httpNodeTypes(),
				credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
				credentials: credentialData(sandbox),
				node: {
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: { method: 'GET', url, authentication: 'predefinedCredentialType', nodeCredentialType: 'nexpayEuroWalletApi', options: { response: { response: { neverError: true } } } } as never,
					credentials: { nexpayEuroWalletApi: { id: '1', name: 'Nexpay' } },
				},
				input: items(N),
			}), N) },
		{ name: 'HTTP Request + Code HMAC', refused, run: async () => {
			const result = await (await import('../rig')).runWorkflow({
				nodeTypes: httpNodeTypes(),
				credentialTypes: [],
				nodes: [
					{ name: 'Input', type: 'rig.input', parameters: { items: JSON.stringify(items(N)) } },
					{ name: 'Code HMAC', type: 'bench.codeHmac', parameters: { apiKey: creds.apiKey, secret: creds.secretKey, path } },
					{
						name: 'HTTP Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							method: 'GET',
							url,
							sendHeaders: true,
							headerParameters: { parameters: [
								{ name: 'X-API-KEY', value: creds.apiKey },
								{ name: 'X-NONCE', value: '={{ $json.nonce }}' },
								{ name: 'X-SIGNATURE', value: '={{ $json.signature }}' },
							] },
							options: { response: { response: { neverError: true } } },
						} as never,
					},
				],
			});
			if (result.status !== 'success' || result.output('HTTP Request').length !== N) throw new Error(`HTTP + Code HMAC: ${result.error?.message ?? 'wrong count'}`);
		} },
	);
	return columns;
}

function v2Columns(sandbox: SandboxProcess, count: number, nodeOptions: IDataObject = {}): Column[] {
	const url = `${sandbox.url}/v2/payments/123`;
	const headers = { Authorization: `ApiKey ${sandbox.keys.v2ApiKey}`, Accept: 'application/json' };
	const nexpayNode = (name: string, requestOptions: IDataObject): Column => ({
		name,
		run: async () =>
			await runOrThrow(name, runNode({
				nodeTypes: [new Nexpay()],
				credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
				credentials: credentialData(sandbox),
				node: { type: 'nexpay', parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123', requestOptions } as never },
				input: items(count),
			}), count),
	});
	const columns: Column[] = [
		{ name: 'raw keep-alive', run: async () => await keepAliveLoop(count, () => ({ url, headers })) },
		{ name: 'raw new connection', run: async () => {
			for (let i = 0; i < count; i++) await newConnection(url, headers);
		} },
		nexpayNode('Nexpay node', nodeOptions),
		helperFloorColumn(sandbox, 'nexpayApi', url, count),
	];
	if (!HttpRequest) return columns;
	const httpColumn = (name: string, parameters: IDataObject, credentials: IDataObject): Column => ({
		name,
		run: async () =>
			await runOrThrow(name, runNode({
				nodeTypes: httpNodeTypes(),
				credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi(), ...(HttpHeaderAuth ? [new HttpHeaderAuth() as never] : [])],
				credentials: credentialData(sandbox),
				node: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'GET', url, options: {}, ...parameters } as never, credentials: credentials as never },
				input: items(count),
			}), count),
	});
	columns.push(httpColumn('HTTP Request + our credential', { authentication: 'predefinedCredentialType', nodeCredentialType: 'nexpayApi' }, { nexpayApi: { id: '1', name: 'Nexpay' } }));
	if (HttpHeaderAuth) {
		columns.push(httpColumn('HTTP Request + Header Auth', { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, { httpHeaderAuth: { id: '2', name: 'Header' } }));
	}
	return columns;
}

interface Section {
	title: string;
	text: string;
}

async function requestSection(title: string, columns: Column[], between: () => Promise<void>, count: number): Promise<Section> {
	const results = await interleave(columns, REPS, between);
	const node = results.find((r) => r.name === 'Nexpay node')!;
	const rows = results.map((r) => [
		r.name,
		fixed(median(r.wallMs) / count, 3),
		fixed(median(r.cpuMs) / count, 3),
		fixed(medianRatio(r.wallMs, node.wallMs)),
		fixed(medianRatio(r.cpuMs, node.cpuMs)),
		`${median(r.refused)} / ${count}`,
	]);
	const text = table(['column', 'wall ms/request', 'client CPU ms/request', 'wall ÷ Nexpay node', 'CPU ÷ Nexpay node', 'refused (error 50)'], rows);
	return { title, text };
}

async function concurrencySection(sandbox: SandboxProcess): Promise<Section> {
	const count = Number(process.env.BENCH_LATENCY_N ?? 200);
	await sandbox.control('POST', '/faults', { route: '*', kind: 'delay-after-commit', delayMs: 20, probability: 1 });
	const node = (name: string, requestOptions: IDataObject): Column => ({ ...v2Columns(sandbox, count, requestOptions)[2], name });
	const columns: Column[] = [
		v2Columns(sandbox, count)[0],
		node('Nexpay node, 1 at a time', { batching: { batch: { batchSize: 1 } } }),
		node('Nexpay node, defaults', {}),
		node('Nexpay node, 20 at a time', { batching: { batch: { batchSize: 20 } } }),
	];
	const results = await interleave(columns, Math.max(3, Math.ceil(REPS / 2)));
	await sandbox.control('DELETE', '/faults');
	const sequential = results[1];
	const rows = results.map((r) => [r.name, fixed(median(r.wallMs), 0), fixed(medianRatio(sequential.wallMs, r.wallMs))]);
	return { title: `v2 GET /v2/payments/123 × ${count}, server answers after 20 ms`, text: table(['column', 'wall ms', 'speed-up vs 1 at a time'], rows) };
}

async function webhookSection(): Promise<Section> {
	const count = Number(process.env.BENCH_WEBHOOK_N ?? 20000);
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const body = Buffer.from(JSON.stringify({ event: 'payment.status', payload: { paymentId: 27, status: 'COMPLETED', amount: '5.01' } }));
	const signature = createSign('sha512').update(body).sign(privateKey).toString('hex');
	const signatureBytes = Buffer.from(signature, 'hex');
	const key = createPublicKey(pem);
	const timeLoop = (fn: () => boolean): number => {
		const started = process.hrtime.bigint();
		for (let i = 0; i < count; i++) if (!fn()) throw new Error('verification failed');
		return Number(process.hrtime.bigint() - started) / 1e3 / count;
	};
	const bare: number[] = [];
	const ours: number[] = [];
	for (let repetition = 0; repetition < REPS; repetition++) {
		bare.push(timeLoop(() => cryptoVerify('sha512', body, key, signatureBytes)));
		ours.push(timeLoop(() => verifyWebhookSignature(body, signature, pem).valid));
	}

	// The trigger per delivery: webhook() through n8n-core's WebhookContext, as n8n calls it per request.
	const deliveries = Number(process.env.BENCH_TRIGGER_N ?? 2000);
	const perDelivery: number[] = [];
	const trigger = new NexpayTrigger();
	// Distinct events, signed before the clock starts: Ignore Redeliveries (on) would drop repeats of one.
	const signed = Array.from({ length: deliveries + 200 }, (_, i) => {
		const event = Buffer.from(JSON.stringify({ event: 'payment.status', payload: { paymentId: 100000 + i, status: 'COMPLETED', amount: '5.01' } }));
		return { body: event.toString(), signature: createSign('sha512').update(event).sign(privateKey).toString('hex') };
	});
	for (let i = 0; i < deliveries + 200; i++) {
		const result = await runWebhook({
			nodeType: trigger,
			credentialTypes: [new NexpayWebhookApi()],
			credentials: { nexpayWebhookApi: { pem } },
			request: { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signed[i].signature }, body: signed[i].body },
		});
		if (!result.workflowData) throw new Error('trigger refused a valid delivery');
		if (i >= 200) perDelivery.push(result.webhookMs);
	}
	const rows = [
		['bare crypto.verify (key parsed once)', fixed(median(bare), 1), '1.00'],
		['verifyWebhookSignature (PEM text in, as the trigger calls it)', fixed(median(ours), 1), fixed(medianRatio(ours, bare))],
		['Nexpay Trigger webhook() per delivery, median', fixed(median(perDelivery) * 1000, 1), ''],
		['Nexpay Trigger webhook() per delivery, p95', fixed(percentile(perDelivery, 95) * 1000, 1), ''],
	];
	return { title: `Webhook verification (${count} events) and the trigger (${deliveries} deliveries)`, text: table(['what', 'µs per event', '÷ bare verify'], rows) };
}

/** Return All over a long unpaged list (the documented shape): memory kept per entry, at two sizes to show it is linear. */
async function memorySection(): Promise<Section> {
	const sizes = (process.env.BENCH_LIST_SIZES ?? '25000,100000').split(',').map(Number);
	const gc = (globalThis as { gc?: () => void }).gc;
	const rows: string[][] = [];
	for (const size of sizes) {
		const sandbox = await startSandboxProcess();
		try {
			await sandbox.control('POST', '/payments', { count: size - 3, amount: '12.34', reference: 'INV-2026-BENCH' });
			gc?.();
			const before = process.memoryUsage();
			let peak = before.rss;
			const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
			const started = process.hrtime.bigint();
			const { items: out, error } = await runNode({
				nodeTypes: [new Nexpay()],
				credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
				credentials: credentialData(sandbox),
				node: { type: 'nexpay', parameters: { resource: 'payment', operation: 'getMany', returnAll: true } as never },
			});
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			clearInterval(sampler);
			if (error || out.length !== size) throw new Error(`Return All: ${error?.message ?? `${out.length} entries, expected ${size}`}`);
			gc?.();
			const after = process.memoryUsage();
			peak = Math.max(peak, after.rss);
			rows.push([String(size), fixed(ms, 0), fixed((after.rss - before.rss) / size / 1024, 2), fixed((peak - before.rss) / size / 1024, 2), fixed((after.heapUsed - before.heapUsed) / size / 1024, 2)]);
			out.length = 0;
		} finally {
			await sandbox.close();
		}
	}
	return {
		title: 'Payment → Get Many, Return All over one unpaged list (the documented shape)',
		text: table(['entries', 'wall ms', 'RSS kept KB/entry', 'RSS peak KB/entry', 'heap kept KB/entry'], rows),
	};
}

function requireSection(): Section {
	const script = `
		require('n8n-workflow');
		const started = process.hrtime.bigint();
		const pkg = require('./package.json');
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) require('./' + file);
		process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
	`;
	const samples = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString()));
	return { title: 'Loading the package (built dist, n8n-workflow already loaded)', text: table(['what', 'ms, median of 5 fresh processes'], [['require every node and credential', fixed(median(samples), 1)]]) };
}

function writeReadme(report: string): void {
	const path = join(ROOT, 'README.md');
	const readme = readFileSync(path, 'utf8');
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	if (!readme.includes(start) || !readme.includes(end)) throw new Error('README.md has no bench markers');
	writeFileSync(path, `${readme.slice(0, readme.indexOf(start) + start.length)}\n${report}\n${readme.slice(readme.indexOf(end))}`);
}

async function main(): Promise<void> {
	if (!existsSync(join(ROOT, 'dist', 'package.json')) && !existsSync(join(ROOT, 'dist', 'nodes'))) throw new Error('run `npm run build` first');
	if (!HttpRequest) console.log('n8n is not installed in .n8n-runtime: the HTTP Request columns are left out (run `npm start` once)');
	// BENCH_SECTIONS=eurowallet,v2,latency,webhook,memory,require runs a subset.
	const wanted = new Set((process.env.BENCH_SECTIONS ?? 'eurowallet,v2,latency,webhook,memory,require').split(','));
	const sandbox = await startSandboxProcess();
	const sections: Section[] = [];
	try {
		const reset = async () => void (await sandbox.control('POST', '/reset'));
		if (wanted.has('eurowallet')) sections.push(await requestSection(`EuroWallet: signed GET /api/1/eurowallet/status × ${N}, sequential`, euroWalletColumns(sandbox), reset, N));
		if (wanted.has('v2')) sections.push(await requestSection(`v2: GET /v2/payments/123 × ${N} (ApiKey), node defaults`, v2Columns(sandbox, N), reset, N));
		if (wanted.has('v2')) sections.push(await requestSection(`v2: GET /v2/payments/123 × ${N} (ApiKey), Nexpay node one at a time`, v2Columns(sandbox, N, { batching: { batch: { batchSize: 1 } } }), reset, N));
		if (wanted.has('latency')) sections.push(await concurrencySection(sandbox));
	} finally {
		await sandbox.close();
	}
	if (wanted.has('webhook')) sections.push(await webhookSection());
	if (wanted.has('memory')) sections.push(await memorySection());
	if (wanted.has('require')) sections.push(requireSection());

	const n8nCore = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'n8n-core', 'package.json'), 'utf8')) as { version: string };
	const conditions = `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, n8n-core ${n8nCore.version}; sandbox in a child process on 127.0.0.1; ${REPS} interleaved repetitions after a warm-up, medians (ratios: medians of per-repetition ratios).`;
	const report = [conditions, ...sections.map((s) => `**${s.title}**\n\n${s.text}`)].join('\n\n');
	console.log(`\n${report}\n`);
	if (process.argv.includes('--write-readme')) {
		writeReadme(report);
		console.log('README.md Performance section updated.');
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack ?? error.message : error);
	process.exit(1);
});
