// Part 1: EuroWallet creates from two OS processes sharing one API key, through the fault mix.
// Each process is test/workflows/eurowallet/create-runner.ts (its own nonce counter, send queue and
// n8n instance folder) running several workflows at once; the sandbox's ledger is the ground truth.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type EuroWalletPayment, type Sandbox } from '../sandbox';
import type { IdSource, RunnerItem, RunnerResult } from '../workflows/eurowallet/create-runner';
import { CAMPAIGN_KEYS, oneLine, type Evidence, type PartTable } from './common';
import { CAMPAIGN_TIMEOUT_MS, describeMix, faultMix } from './fault-mix';

const ROOT = join(__dirname, '..', '..');
const RUNNER = join(ROOT, 'test', 'workflows', 'eurowallet', 'create-runner.ts');
export const CREATE_ROUTE = 'POST /api/2/eurowallet/payments';
const RETRY = { maxAttempts: 4, baseDelayMs: 20, timeoutMs: CAMPAIGN_TIMEOUT_MS, maxRetryAfterSeconds: 5 };
/** Several workflows per process: IDs from the item, derived from fields, derived from the execution. */
export const WORKFLOWS: IdSource[] = ['given', 'fields', 'execution', 'given', 'fields'];
const SOURCE_LABELS: Record<IdSource, string> = {
	given: 'External Payment ID from the item',
	fields: 'Derive ID From Fields',
	execution: 'ID derived from the execution',
};

function runProcess(sandbox: Sandbox, prefix: string, count: number, evidence: Evidence, workflows: IdSource[]): Promise<RunnerResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', RUNNER], {
			cwd: ROOT,
			env: {
				...process.env,
				TS_NODE_PREFER_TS_EXTS: 'true',
				N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), `nexpay-campaign-${prefix}-`)),
				RUNNER_CONFIG: JSON.stringify({
					sandbox: { url: sandbox.url, keys: sandbox.keys },
					count,
					prefix,
					requestOptions: RETRY,
					workflows,
					secrets: evidence.secrets,
				}),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			// Whatever the child printed besides its result is a log line too.
			evidence.scan('log lines', `process ${prefix} stderr`, stderr);
			const lines = stdout.trim().split('\n');
			const line = lines.pop() ?? '';
			if (lines.length) evidence.scan('log lines', `process ${prefix} stdout`, lines.join('\n'));
			if (code !== 0 || !line.startsWith('{')) return reject(new Error(`runner ${prefix} exited ${code}: ${stderr.slice(-2000)}`));
			const result = JSON.parse(line) as RunnerResult;
			if (result.evidence) evidence.merge(result.evidence, `process ${prefix}`);
			resolve(result);
		});
	});
}

interface Counts {
	items: number;
	booked: number;
	duplicated: number;
	lost: number;
	unexplained: number;
	clearErrors: number;
	bookedWithOutcomeUnknown: number;
	savedByStatusCheck: number;
}

const emptyCounts = (): Counts => ({ items: 0, booked: 0, duplicated: 0, lost: 0, unexplained: 0, clearErrors: 0, bookedWithOutcomeUnknown: 0, savedByStatusCheck: 0 });

export interface EuroWalletCampaignResult {
	table: PartTable;
	total: Counts;
	nonceRefusals: number;
	failedWithError50: number;
	faulted: number;
}

export async function runEuroWalletCampaign(options: {
	perProcess: number;
	seed: number;
	evidence: Evidence;
	processes?: number;
	workflows?: IdSource[];
}): Promise<EuroWalletCampaignResult> {
	const processes = options.processes ?? 2;
	const workflows = options.workflows ?? WORKFLOWS;
	const sandbox = await startSandbox({ port: 0, seed: options.seed, keys: CAMPAIGN_KEYS });
	try {
		// Enough money for every payment: the campaign is about faults, not refusals.
		sandbox.addIncomingPayment({ account: 'LT023080010000000239', amount: '100000.00' });
		for (const fault of faultMix([CREATE_ROUTE])) sandbox.injectFault(fault);
		const prefixes = Array.from({ length: processes }, (_, i) => String.fromCharCode(65 + i));
		const results = await Promise.all(prefixes.map((prefix) => runProcess(sandbox, `CMP-${prefix}`, options.perProcess, options.evidence, workflows)));
		const failedRun = results.find((result) => result.error);
		if (failedRun) throw new Error(`an execution failed as a whole: ${failedRun.error}`);
		const items = results.flatMap((result) => result.items);

		const ledger = sandbox.ledger().filter((payment) => payment.direction === 'outgoing');
		const byReference = new Map<string, EuroWalletPayment[]>();
		const byExternalId = new Map<string, number>();
		for (const payment of ledger) {
			byReference.set(payment.details, [...(byReference.get(payment.details) ?? []), payment]);
			byExternalId.set(String(payment.externalPaymentId), (byExternalId.get(String(payment.externalPaymentId)) ?? 0) + 1);
		}
		const rows = new Map<IdSource, Counts>();
		const total = emptyCounts();
		const classify = (item: RunnerItem): keyof Counts => {
			const booked = byReference.get(item.externalPaymentId) ?? [];
			if (booked.length > 1 || booked.some((payment) => (byExternalId.get(String(payment.externalPaymentId)) ?? 0) > 1)) return 'duplicated';
			if (item.error) {
				if (!item.description) return 'unexplained';
				if (!booked.length) return 'clearErrors';
				// Booked, and the error must not have said otherwise: only "outcome unknown" allows it.
				return /outcome unknown|may or may not|did not confirm/i.test(`${item.error} ${item.description}`) ? 'bookedWithOutcomeUnknown' : 'unexplained';
			}
			if (booked.length === 1 && String(booked[0].paymentId) === String(item.paymentId)) return 'booked';
			return 'lost';
		};
		for (const item of items) {
			const source = workflows[item.workflow];
			const counts = rows.get(source) ?? emptyCounts();
			rows.set(source, counts);
			const outcome = classify(item);
			for (const target of [counts, total]) {
				target.items++;
				target[outcome]++;
				if (outcome === 'booked' && item.recoveredByStatusCheck) target.savedByStatusCheck++;
			}
		}
		const errorTexts = new Map<string, number>();
		for (const item of items) if (item.error) errorTexts.set(item.error, (errorTexts.get(item.error) ?? 0) + 1);
		// Items that never came back at all are lost too.
		total.lost += processes * options.perProcess - items.length;

		const creates = sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/2/eurowallet/payments');
		// The sandbox refuses a nonce that is not above the key's last one with 403, error 50.
		const nonceRefusals = sandbox.requests().filter((request) => request.status === 403).length;
		const failedWithError50 = items.filter((item) => /error 50\b/.test(item.error ?? '')).length;
		const faulted = creates.filter((request) => request.status !== 200 && request.status !== 403).length;
		const row = (label: string, c: Counts, error50: string): (string | number)[] => [
			label,
			c.items,
			c.booked,
			c.duplicated,
			c.lost,
			c.unexplained,
			c.clearErrors + c.bookedWithOutcomeUnknown,
			c.savedByStatusCheck,
			error50,
		];
		return {
			table: {
				title: `1. EuroWallet Payment → Create: ${(processes * options.perProcess).toLocaleString('en-US')} payments from ${processes} OS processes on one API key`,
				columns: ['External Payment ID', 'items', 'booked', 'duplicated', 'lost', 'unexplained', 'clear errors', 'saved by the status check', 'error 50 seen'],
				rows: [
					...workflows
						.filter((source, i) => workflows.indexOf(source) === i)
						.map((source) => row(SOURCE_LABELS[source], rows.get(source) ?? emptyCounts(), '')),
					row('**all**', total, `${nonceRefusals} refusals re-signed, ${failedWithError50} items failed`),
				],
				notes: [
					`${processes} processes × ${options.perProcess} items, each process running ${workflows.length} workflows at once (${workflows.join(', ')}), every item with On Error → Continue; Request Options: ${RETRY.maxAttempts} attempts, ${RETRY.timeoutMs} ms timeout. ${describeMix()} On the create request only: ${faulted} of ${creates.length} create requests were faulted.`,
					`Booked: the item reports the payment the ledger holds for it, once. Duplicated: one external payment ID booked twice, or two payments with one item's reference. Lost: a success item whose payment is not in the ledger, or no item at all. Unexplained: an error item without a description, or one that says nothing was booked when the ledger has the payment. Clear errors: error items that say what happened (${total.bookedWithOutcomeUnknown} of them report an unknown outcome for a payment that was in fact booked — the error says Retry or Get Status by the external payment ID is safe). Saved by the status check: booked items whose create failed uncertainly and was confirmed through the status endpoint (the docs' recovery check). Error 50: refusals for a nonce the other process had moved past, re-signed by the node.`,
					...(errorTexts.size ? [`Errors: ${[...errorTexts].map(([text, count]) => `${count} × "${oneLine(text)}"`).join('; ')}.`] : []),
				],
			},
			total,
			nonceRefusals,
			failedWithError50,
			faulted,
		};
	} finally {
		await sandbox.close();
	}
}
