// Shared parts of the benchmarks: the sandbox in a child process (its CPU is not the client's), timing of
// wall and client CPU, medians of per-repetition ratios, and the printed table.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import { RigNodeTypes } from '../rig';
import type { SandboxKeys } from '../sandbox';

export const ROOT = join(__dirname, '..', '..');

const N8N_NODES_BASE = join(ROOT, '.n8n-runtime', 'n8n', 'node_modules', 'n8n-nodes-base', 'dist');

function loadBase<T>(file: string, exportName: string): T | undefined {
	const path = join(N8N_NODES_BASE, file);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return existsSync(path) ? ((require(path) as Record<string, T>)[exportName] as T) : undefined;
}

/** n8n's own HTTP Request node and Header Auth credential, from the n8n that `npm start` installs (undefined before). */
export const HttpRequest = loadBase<new () => INodeType | IVersionedNodeType>('nodes/HttpRequest/HttpRequest.node.js', 'HttpRequest');
export const HttpHeaderAuth = loadBase<new () => { name: string }>('credentials/HttpHeaderAuth.credentials.js', 'HttpHeaderAuth');

/** Node types with the HTTP Request node under its real name: n8n lets only that node use any credential. */
export function httpRequestNodeType(extra: INodeType[] = []): RigNodeTypes {
	const types = new RigNodeTypes(extra);
	if (HttpRequest) types.add(new HttpRequest(), 'n8n-nodes-base.httpRequest');
	return types;
}

export interface SandboxProcess {
	url: string;
	keys: SandboxKeys;
	control(method: string, path: string, body?: unknown): Promise<unknown>;
	close(): Promise<void>;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** `npm run sandbox` in a child process on a free port; resolves once it listens. */
export async function startSandboxProcess(env: Record<string, string> = {}): Promise<SandboxProcess> {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test', 'sandbox', 'cli.ts')], {
		cwd: ROOT,
		env: { ...process.env, SANDBOX_PORT: String(port), ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('listening on')) resolve();
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${output}`)));
	});
	child.stdout?.removeAllListeners('data');
	child.stdout?.resume();
	const url = `http://127.0.0.1:${port}`;
	const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
		const response = await fetch(`${url}/__sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status >= 300) throw new Error(`sandbox control ${method} ${path}: ${response.status} ${text}`);
		return text ? (JSON.parse(text) as unknown) : undefined;
	};
	const info = (await control('GET', '/info')) as { keys: SandboxKeys };
	return {
		url,
		keys: info.keys,
		control,
		close: async () => {
			child.removeAllListeners('exit');
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/**
 * The least any node can do through n8n's helper: read the credential once, then call
 * httpRequestWithAuthentication for each item in turn and output the body. What the Nexpay node
 * costs above this is its own; what this costs is n8n's HTTP client, which every node must use.
 */
export class HelperFloor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Helper Floor',
		name: 'bench.helperFloor',
		group: ['transform'],
		version: 1,
		description: 'Sends one request per item through httpRequestWithAuthentication',
		defaults: { name: 'Helper Floor' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'nexpayApi', required: false },
			{ name: 'nexpayEuroWalletApi', required: false },
		],
		properties: [
			{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: '' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = this.getNodeParameter('credentialType', 0) as string;
		const url = this.getNodeParameter('url', 0) as string;
		const data = await this.getCredentials(credentialType);
		const credentialsDecrypted = { id: '1', name: 'bench', type: credentialType, data };
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, { method: 'GET', url, json: true }, { credentialsDecrypted })) as IDataObject;
			output.push({ json: body, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}

export interface Measurement {
	wallMs: number;
	cpuMs: number;
}

/** Wall time and this process's CPU (user + system) of one run. */
export async function measure(run: () => Promise<void>): Promise<Measurement> {
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	await run();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface Column {
	name: string;
	run: () => Promise<void>;
	/** Requests Nexpay refused with error 50 in the last run. */
	refused?: () => Promise<number>;
}

export interface ColumnResult {
	name: string;
	wallMs: number[];
	cpuMs: number[];
	refused: number[];
}

/**
 * Runs every column `repetitions` times, interleaved in a rotating order so drift and warm-up hit
 * every column alike; one warm-up round first.
 */
export async function interleave(columns: Column[], repetitions: number, between?: () => Promise<void>): Promise<ColumnResult[]> {
	const results = columns.map((column) => ({ name: column.name, wallMs: [] as number[], cpuMs: [] as number[], refused: [] as number[] }));
	for (const column of columns) {
		await between?.();
		await column.run();
	}
	for (let repetition = 0; repetition < repetitions; repetition++) {
		for (let offset = 0; offset < columns.length; offset++) {
			const index = (repetition + offset) % columns.length;
			await between?.();
			const { wallMs, cpuMs } = await measure(columns[index].run);
			results[index].wallMs.push(wallMs);
			results[index].cpuMs.push(cpuMs);
			results[index].refused.push((await columns[index].refused?.()) ?? 0);
		}
	}
	return results;
}

/** Median over repetitions of `a / b`, where both were measured in the same repetition. */
export function medianRatio(a: number[], b: number[]): number {
	return median(a.map((value, i) => value / b[i]));
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
	const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
