// Shared parts of the benchmarks: the sandbox in a child process (its CPU is not the client's), timing of
// wall and client CPU, medians of per-repetition ratios, and the printed table.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { SandboxKeys } from '../sandbox';

export const ROOT = join(__dirname, '..', '..');

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
