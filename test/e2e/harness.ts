// The e2e harness: the Nexpay sandbox in-process, a throwaway n8n user folder with our packed package
// installed as a community package, and the real n8n (Node 24) from .n8n-runtime driven through its CLI,
// its REST API and its public API.
//
// Workflows are plain n8n JSON files in test/e2e/workflows/. Two tokens are replaced at import time:
//   __SANDBOX_URL__   the sandbox's base URL (http://127.0.0.1:<port>)
//   __N8N_URL__       n8n's base URL (known once start() picked a port; only for started instances)
// Credentials are referenced by the fixed ids in CREDENTIAL_IDS (see sandboxCredentials()).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import {
	CREDENTIAL_IDS,
	executeErrorText,
	N8nInstance,
	ROOT,
	freePort,
	sandboxCredentials,
	sleep,
	stripAnsi,
	type CredentialImport,
	type ExecuteResult,
	type N8nRest,
	type PublicExecution,
} from '../../scripts/n8n/lib';
import { PACK_INFO } from './global-setup';
import { startSandbox, type Sandbox } from '../sandbox';

/** These suites run only under jest.e2e.config.js (the unit config ignores test/e2e); never skipped silently. */
export const describeE2e = describe;

export const WORKFLOWS_DIR = join(__dirname, 'workflows');
export { CREDENTIAL_IDS };

export type WorkflowJson = Record<string, unknown> & { id?: string; nodes?: WorkflowNode[]; connections?: Record<string, unknown> };
export type WorkflowNode = Record<string, unknown> & { name: string; type: string; parameters: Record<string, unknown> };
/** A workflow file name (see loadWorkflow) or a workflow already loaded (and changed) by the test. */
export type WorkflowSource = string | WorkflowJson;

interface PackInfo {
	tgz: string;
	types: { packageName: string; nodes: string[]; credentials: string[] };
}

function packInfo(): PackInfo {
	const info = PACK_INFO;
	if (!existsSync(info)) throw new Error(`${info} is missing: run the e2e tests with "npm run test:e2e"`);
	return JSON.parse(readFileSync(info, 'utf8')) as PackInfo;
}

/** Node and credential type names in the tarball under test (read by the global setup right after packing). */
export function packedTypes(): PackInfo['types'] {
	try {
		return packInfo().types;
	} catch {
		return { packageName: 'n8n-nodes-nexpay', nodes: [], credentials: [] };
	}
}

export interface StartedN8n {
	baseUrl: string;
	rest: N8nRest;
	apiKey: string;
}

export class E2e {
	private started: StartedN8n | undefined;

	private constructor(
		readonly sandbox: Sandbox,
		readonly n8n: N8nInstance,
		readonly credentials: CredentialImport[],
		private readonly folder: string,
	) {}

	/**
	 * A sandbox on a random port (or `sandboxPort`) and a fresh n8n user folder with the package installed and
	 * the sandbox credentials imported (plus `extraCredentials`, e.g. an httpBasicAuth for a plain webhook).
	 */
	static async create({ extraCredentials = [] as CredentialImport[], logLevel = 'info', sandboxPort = 0 } = {}): Promise<E2e> {
		const sandbox = await startSandbox({ port: sandboxPort });
		const folder = mkdtempSync(join(tmpdir(), 'nexpay-e2e-n8n-'));
		try {
			const n8n = new N8nInstance({ userFolder: join(folder, 'user'), logDir: join(folder, 'logs'), logLevel });
			await n8n.installPackage(packInfo().tgz);
			const credentials = [...sandboxCredentials(sandbox), ...extraCredentials];
			await n8n.importCredentials(credentials);
			return new E2e(sandbox, n8n, credentials, folder);
		} catch (error) {
			await sandbox.close();
			rmSync(folder, { recursive: true, force: true });
			throw error;
		}
	}

	/**
	 * A workflow file with the URL tokens replaced: a bare name is looked up in test/e2e/workflows, a
	 * relative path (e.g. 'examples/create-payment.json') is taken from the repository root. `replace`
	 * swaps more text, e.g. the examples' outbox URL for the test's own outbox.
	 */
	loadWorkflow(file: string, { replace = {} as Record<string, string> } = {}): WorkflowJson {
		const path = isAbsolute(file) ? file : file.includes('/') ? join(ROOT, file) : join(WORKFLOWS_DIR, file);
		let text = readFileSync(path, 'utf8').replaceAll('__SANDBOX_URL__', this.sandbox.url);
		if (this.n8n.port) text = text.replaceAll('__N8N_URL__', this.n8n.baseUrl);
		for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
		const json = JSON.parse(text) as WorkflowJson;
		if (!json.id) throw new Error(`${file} needs a fixed "id" so tests can execute and find it`);
		return json;
	}

	/** Imports workflow files or loaded workflows (one CLI run); returns their ids. */
	async importWorkflows(files: WorkflowSource[]): Promise<string[]> {
		const workflows = files.map((f) => (typeof f === 'string' ? this.loadWorkflow(f) : f));
		for (const workflow of workflows) if (!workflow.id) throw new Error(`workflow "${String(workflow.name)}" needs a fixed "id"`);
		await this.n8n.importWorkflows(workflows);
		return workflows.map((w) => w.id as string);
	}

	/** Imports one workflow file and runs it with `n8n execute --rawOutput` (no server needed). */
	async runExampleWorkflow(file: WorkflowSource): Promise<ExecuteResult & { workflowId: string }> {
		const [workflowId] = await this.importWorkflows([file]);
		const result = await this.n8n.execute(workflowId);
		return { ...result, workflowId };
	}

	/**
	 * Imports and publishes trigger workflows, starts `n8n start`, sets up the owner and creates a
	 * public-API key. Waits until each given production webhook path is registered.
	 */
	async publishAndStart(files: WorkflowSource[] = [], { webhookPaths = [] as string[] } = {}): Promise<StartedN8n> {
		if (this.started) throw new Error('n8n is already started');
		if (files.length > 0) {
			// The n8n port is needed by __N8N_URL__ tokens: pick it before loading the files.
			if (!this.n8n.port) this.n8n.port = await freePort();
			const ids = await this.importWorkflows(files);
			for (const id of ids) await this.n8n.publishWorkflow(id);
		}
		const baseUrl = await this.n8n.start();
		const rest = await this.n8n.ownerRest();
		const apiKey = await rest.createApiKey('e2e');
		for (const path of webhookPaths) await this.n8n.waitForWebhook(path);
		this.started = { baseUrl, rest, apiKey };
		return this.started;
	}

	/** The running n8n (after publishAndStart()). */
	running(): StartedN8n {
		if (!this.started) throw new Error('publishAndStart() first');
		return this.started;
	}

	/**
	 * Unpublishes and publishes a workflow again through the public API (POST /api/v1/workflows/:id/deactivate,
	 * then /activate), as a user toggling it in the editor. Activating runs each polling trigger once at once,
	 * with the state n8n stored for it: the way to make a poll happen now rather than at the next full minute.
	 */
	async reactivate(workflowId: string): Promise<void> {
		await this.publicApi('POST', `/api/v1/workflows/${workflowId}/deactivate`);
		await this.publicApi('POST', `/api/v1/workflows/${workflowId}/activate`);
	}

	/** A request to n8n's public API with the test's API key; fails on anything but 2xx. */
	async publicApi(method: string, path: string, body?: unknown): Promise<unknown> {
		const { baseUrl, apiKey } = this.running();
		const res = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const text = await res.text();
		if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
		return text ? (JSON.parse(text) as unknown) : undefined;
	}

	/** Executions of a workflow, newest first, through the public API. */
	async executions(workflowId: string, { includeData = false } = {}): Promise<PublicExecution[]> {
		if (!this.started) throw new Error('publishAndStart() first');
		return this.n8n.executions(this.started.apiKey, { workflowId, includeData });
	}

	/** Waits until a workflow has at least `count` finished executions; returns them (newest first). */
	async waitForExecutions(workflowId: string, count: number, { timeoutMs = 20000, includeData = false } = {}): Promise<PublicExecution[]> {
		const deadline = Date.now() + timeoutMs;
		let list: PublicExecution[] = [];
		while (Date.now() < deadline) {
			list = (await this.executions(workflowId, { includeData })).filter((e) => e.finished || e.stoppedAt);
			if (list.length >= count) return list;
			await sleep(250);
		}
		throw new Error(`workflow ${workflowId} has ${list.length} finished execution(s) after ${timeoutMs / 1000}s, expected ${count}`);
	}

	/** Everything `n8n start` printed, without colours. */
	serverOutput(): string {
		return this.n8n.output();
	}

	async close(): Promise<void> {
		await this.n8n.stop();
		await this.sandbox.close();
		if (process.env.NEXPAY_E2E_KEEP === '1') {
			process.stdout.write(`[e2e] kept ${this.folder}\n`);
		} else {
			rmSync(this.folder, { recursive: true, force: true });
		}
	}
}

/** Log lines that are warnings or errors (n8n's level word, or typical failure words) and mention `word`. */
export function problemLinesMentioning(output: string, word: RegExp): string[] {
	return stripAnsi(output)
		.split('\n')
		.filter((line) => word.test(line))
		.filter((line) => /\b(warn|warning|error|errors|failed|fail|skipping|invalid|deprecated|could not|cannot|unknown|unrecognized)\b/i.test(line));
}

/** The run data that `n8n execute --rawOutput` prints: the json of every item of a node's last run. */
export function nodeOutput(runJson: unknown, nodeName: string): Record<string, unknown>[] {
	const data = runJson as { data?: { resultData?: { runData?: Record<string, { data?: { main?: { json: Record<string, unknown> }[][] } }[]> } } };
	const runs = data?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) throw new Error(`no run data for node "${nodeName}"`);
	return (runs[runs.length - 1].data?.main?.[0] ?? []).map((item) => item.json);
}

/** Fails with n8n's own error report when `n8n execute` did not finish the workflow successfully. */
export function expectSuccessfulRun(run: ExecuteResult): void {
	const status = (run.json as { status?: string } | undefined)?.status;
	if (run.code !== 0 || status !== 'success') {
		throw new Error(`n8n execute: exit ${run.code}, status ${status ?? 'none'}\n${executeErrorText(run.stdout, run.stderr)}`);
	}
}
