// The queue-mode harness: one real n8n queue-mode stack for the whole suite (PostgreSQL, Redis, one main,
// workers), the package installed as a community package, the sandbox and an outbox in this process.
// Built on scripts/n8n/lib (QueueStack) like `npm run start:queue`.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { QueueStack, RUNTIME_DIR, sandboxCredentials, sleep, startOutbox, type Outbox, type N8nRest } from '../../scripts/n8n/lib';
import { startSandbox, type Sandbox } from '../sandbox';

export const WORKFLOWS_DIR = join(__dirname, 'workflows');
export const QUEUE_E2E_DIR = join(RUNTIME_DIR, 'e2e-queue');
export const PACK_INFO = join(QUEUE_E2E_DIR, 'pack.json');

type Json = Record<string, unknown>;
export type WorkflowJson = Json & { id: string; name: string; nodes: (Json & { name: string; type: string; webhookId?: string })[] };

const envPort = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

/** Ports of the suite's own (never 5678/4010/4011, which `npm start` uses). */
export const QUEUE_E2E_PORTS = {
	n8n: envPort('QUEUE_E2E_N8N_PORT', 5690),
	workerHealth: [envPort('QUEUE_E2E_N8N_PORT', 5690) + 1, envPort('QUEUE_E2E_N8N_PORT', 5690) + 2],
	postgres: envPort('QUEUE_E2E_POSTGRES_PORT', 5499),
	redis: envPort('QUEUE_E2E_REDIS_PORT', 6399),
};

export interface ExecutionRow {
	id: string;
	status: string;
	mode: string;
}

export class QueueE2e {
	private apiKey = '';
	rest: N8nRest | undefined;

	private constructor(
		readonly sandbox: Sandbox,
		readonly outbox: Outbox,
		readonly stack: QueueStack,
		private readonly folder: string,
	) {}

	/** Sandbox, outbox, PostgreSQL and Redis, the package installed and the sandbox credentials imported (n8n not started yet). */
	static async create({ workers = 2, concurrency = 10 } = {}): Promise<QueueE2e> {
		const info = JSON.parse(readFileSync(PACK_INFO, 'utf8')) as { tgz: string };
		const sandbox = await startSandbox({ port: 0 });
		const outbox = await startOutbox({ port: 0 });
		const folder = mkdtempSync(join(tmpdir(), 'nexpay-e2e-queue-'));
		// PostgreSQL runs as the postgres user when we are root: it must be able to enter the folder.
		chmodSync(folder, 0o755);
		const stack = new QueueStack({
			dir: folder,
			port: QUEUE_E2E_PORTS.n8n,
			workers,
			concurrency,
			postgresPort: QUEUE_E2E_PORTS.postgres,
			redisPort: QUEUE_E2E_PORTS.redis,
			workerHealthPorts: QUEUE_E2E_PORTS.workerHealth.slice(0, workers),
		});
		const e2e = new QueueE2e(sandbox, outbox, stack, folder);
		try {
			await stack.assertPortsFree();
			await stack.startServices();
			await stack.main.installPackage(info.tgz);
			await stack.main.importCredentials(sandboxCredentials(sandbox));
			return e2e;
		} catch (error) {
			await e2e.close();
			throw error;
		}
	}

	/** A workflow of test/e2e-queue/workflows with the outbox's and sandbox's URLs filled in. */
	loadWorkflow(file: string): WorkflowJson {
		const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8').replaceAll('__OUTBOX_URL__', this.outbox.url).replaceAll('__SANDBOX_URL__', this.sandbox.url);
		return JSON.parse(text) as WorkflowJson;
	}

	/** Imports and publishes the workflows, then starts the main and the workers; sets up the owner and an API key. */
	async publishAndStart(workflows: WorkflowJson[]): Promise<void> {
		await this.stack.main.importWorkflows(workflows);
		for (const wf of workflows) await this.stack.main.publishWorkflow(wf.id);
		await this.stack.start();
		this.rest = await this.stack.main.ownerRest();
		this.apiKey = await this.rest.createApiKey('e2e-queue');
	}

	get baseUrl(): string {
		return this.stack.baseUrl;
	}

	async publicApi(method: string, path: string): Promise<unknown> {
		const res = await fetch(`${this.baseUrl}${path}`, { method, headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' }, signal: AbortSignal.timeout(60000) });
		const text = await res.text();
		if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
		return text ? (JSON.parse(text) as unknown) : undefined;
	}

	/** Unpublishes and publishes a workflow (public API): n8n runs a polling trigger once on activation. */
	async reactivate(workflowId: string): Promise<void> {
		await this.publicApi('POST', `/api/v1/workflows/${workflowId}/deactivate`);
		await this.publicApi('POST', `/api/v1/workflows/${workflowId}/activate`);
	}

	/** One execution with its data, through the public API. */
	async execution(id: string): Promise<Json> {
		return (await this.publicApi('GET', `/api/v1/executions/${id}?includeData=true`)) as Json;
	}

	/** A workflow's executions as n8n's database holds them (execution_entity), oldest first. */
	async executions(workflowId: string): Promise<ExecutionRow[]> {
		const rows = await this.stack.sql(`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY id`);
		return rows.map(([id, status, mode]) => ({ id, status, mode }));
	}

	/** Waits until a workflow has `count` executions and none is still new/running/waiting; returns them. */
	async waitForFinished(workflowId: string, count: number, timeoutMs = 300000): Promise<ExecutionRow[]> {
		const deadline = Date.now() + timeoutMs;
		let rows: ExecutionRow[] = [];
		while (Date.now() < deadline) {
			rows = await this.executions(workflowId);
			if (rows.length >= count && rows.every((r) => !['new', 'running', 'waiting'].includes(r.status))) return rows;
			await sleep(500);
		}
		throw new Error(`workflow ${workflowId}: ${rows.length} execution(s) (${statusCounts(rows)}) after ${timeoutMs / 1000}s, expected ${count} finished`);
	}

	/** Waits until the workflow's executions stop changing for `quietMs` (nothing queued or running, no new one). */
	async waitForQuiet(workflowId: string, quietMs = 4000, timeoutMs = 120000): Promise<ExecutionRow[]> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		let since = Date.now();
		for (;;) {
			const rows = await this.executions(workflowId);
			const now = JSON.stringify(rows);
			const busy = rows.some((r) => ['new', 'running', 'waiting'].includes(r.status));
			if (now !== last || busy) {
				last = now;
				since = Date.now();
			} else if (Date.now() - since >= quietMs) {
				return rows;
			}
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId} still busy after ${timeoutMs / 1000}s (${statusCounts(rows)})`);
			await sleep(500);
		}
	}

	/** Which worker started which execution (from the workers' logs). */
	workerOf(executionIds: string[]): Map<string, string[]> {
		const byWorker = new Map<string, string[]>();
		const wanted = new Set(executionIds);
		for (const { name, executionIds: ids } of this.stack.executionsByWorker()) byWorker.set(name, ids.filter((id) => wanted.has(id)));
		return byWorker;
	}

	async close(): Promise<void> {
		await this.stack.stop();
		await this.sandbox.close();
		await this.outbox.close();
		if (process.env.NEXPAY_E2E_KEEP === '1') process.stdout.write(`[e2e-queue] kept ${this.folder}\n`);
		else if (existsSync(this.folder)) rmSync(this.folder, { recursive: true, force: true });
	}
}

export function statusCounts(rows: { status: string }[]): string {
	const counts = new Map<string, number>();
	for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
	return [...counts].map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
}

/** Runs `task` over `items` with at most `inFlight` at a time; results in input order. */
export async function inPool<T, R>(items: T[], inFlight: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const lanes = Array.from({ length: Math.min(inFlight, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await task(items[i], i);
		}
	});
	await Promise.all(lanes);
	return results;
}

/** POSTs JSON to a production webhook and returns status and body (the workflow's answer for "last node" webhooks). */
export async function postJson(url: string, body: unknown, timeoutMs = 180000): Promise<{ status: number; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
	return { status: res.status, text: await res.text() };
}

/** The error n8n recorded for a failed execution (public API data): message and description. */
export function executionError(execution: Json): { message: string; description: string; node?: string } {
	const data = execution.data as { resultData?: { error?: { message?: string; description?: string; node?: { name?: string } } } } | undefined;
	const error = data?.resultData?.error ?? {};
	return { message: String(error.message ?? ''), description: String(error.description ?? ''), node: error.node?.name };
}

/** The JSON body the webhook received in an execution (public API data). */
export function webhookBody(execution: Json, webhookNode: string): Json {
	const data = execution.data as { resultData?: { runData?: Record<string, { data?: { main?: { json: Json }[][] } }[]> } } | undefined;
	const item = data?.resultData?.runData?.[webhookNode]?.[0]?.data?.main?.[0]?.[0]?.json;
	return (item?.body ?? {}) as Json;
}

/** Measured numbers of the suite, printed at the end and written to .n8n-runtime/e2e-queue/results.json. */
export interface ScenarioResult {
	scenario: string;
	seconds: number;
	numbers: Record<string, number | string>;
}
