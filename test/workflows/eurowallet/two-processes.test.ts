import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sandbox } from '../../sandbox';
import type { RunnerItem, RunnerResult } from './create-runner';
import { euroWalletSandbox, paymentRequests } from './support';

// Two OS processes, each running the rig with its own nonce counter and send queue, share one
// EuroWallet API key against one sandbox: what queue-mode workers and `n8n execute` beside a
// running n8n do. Nonces from the two race; error 50 must be absorbed by re-signing.

const ROOT = join(__dirname, '..', '..', '..');
const PER_PROCESS = 200;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function runProcess(prefix: string, requestOptions: object): Promise<RunnerResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'create-runner.ts')], {
			cwd: ROOT,
			env: {
				...process.env,
				// `Nexpay.node` must resolve to Nexpay.node.ts, not the codex file Nexpay.node.json beside it.
				TS_NODE_PREFER_TS_EXTS: 'true',
				// Each process is its own n8n instance folder, as separate workers are separate processes.
				N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), `nexpay-proc-${prefix}-`)),
				RUNNER_CONFIG: JSON.stringify({ sandbox: { url: sandbox.url, keys: sandbox.keys }, count: PER_PROCESS, prefix, requestOptions }),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const line = stdout.trim().split('\n').pop() ?? '';
			if (code !== 0 || !line.startsWith('{')) return reject(new Error(`runner ${prefix} exited ${code}: ${stderr.slice(-2000)}`));
			resolve(JSON.parse(line) as RunnerResult);
		});
	});
}

/** Error-50 refusals the sandbox gave: the races the re-signing absorbed. */
function nonceRefusals(): number {
	return sandbox.requests().filter((request) => request.status === 403).length;
}

async function runBoth(requestOptions: object): Promise<RunnerItem[]> {
	const results = await Promise.all([runProcess('A', requestOptions), runProcess('B', requestOptions)]);
	for (const result of results) expect(result.error).toBeUndefined();
	console.log(
		`two processes × ${PER_PROCESS} creates: ${results.map((r) => `${r.ms} ms`).join(', ')}; ` +
			`${paymentRequests(sandbox).length} create requests, ${nonceRefusals()} error-50 refusals re-signed, ` +
			`${paymentRequests(sandbox).filter((r) => r.status !== 200 && r.status !== 403).length} other faults`,
	);
	return results.flatMap((result) => result.items);
}

describe('EuroWallet creates from two OS processes on one API key', () => {
	it('books 200 + 200 payments with no failures', async () => {
		const items = await runBoth({ baseDelayMs: 5, maxAttempts: 5, timeoutMs: 5000 });
		expect(items.filter((item) => item.error)).toEqual([]);
		const ledger = sandbox.ledger();
		expect(ledger).toHaveLength(2 * PER_PROCESS);
		expect(new Set(ledger.map((payment) => payment.externalPaymentId)).size).toBe(2 * PER_PROCESS);
		expect(items.map((item) => item.paymentId).sort()).toEqual(ledger.map((payment) => payment.paymentId).sort());
	}, 180000);

	it('books every item exactly once or fails it clearly, unbooked, through 20 % faults', async () => {
		const route = 'POST /api/2/eurowallet/payments';
		// Faults after commit, resets, timeouts (a reply held past the 500 ms timeout), 429 and 503: about 20 % of creates.
		sandbox.injectFault({
			route,
			kind: 'status-after-commit',
			kinds: ['status-after-commit', 'status-before-commit', 'reset-after-commit', 'reset-before-commit', 'delay-after-commit', 'retry-after'],
			status: 502,
			delayMs: 1500,
			retryAfterSeconds: 0,
			probability: 0.12,
		});
		sandbox.injectFault({ route, kind: 'retry-after', status: 503, retryAfterSeconds: 0, probability: 0.09 });
		const items = await runBoth({ baseDelayMs: 5, maxAttempts: 10, timeoutMs: 500 });

		const ledger = sandbox.ledger();
		const booked = new Map<string, number>();
		for (const payment of ledger) booked.set(String(payment.externalPaymentId), (booked.get(String(payment.externalPaymentId)) ?? 0) + 1);
		// No duplicates: Nexpay never has two payments for one external payment ID.
		expect([...booked.values()].filter((count) => count > 1)).toEqual([]);
		// Nothing lost: each item is booked and reported with its payment, or failed with a clear error and not booked.
		const byId = new Map(ledger.map((payment) => [String(payment.externalPaymentId), String(payment.paymentId)]));
		const wrong = items.filter((item) =>
			item.error ? byId.has(item.externalPaymentId) || !item.description : byId.get(item.externalPaymentId) !== String(item.paymentId),
		);
		expect(wrong).toEqual([]);
		expect(ledger.length + items.filter((item) => item.error).length).toBe(2 * PER_PROCESS);
		const faulted = paymentRequests(sandbox).filter((request) => request.status !== 200 && request.status !== 403).length;
		console.log(`booked ${ledger.length}, failed ${items.filter((item) => item.error).length}, faulted requests ${faulted}`);
		expect(faulted).toBeGreaterThan(40);
	}, 300000);
});
