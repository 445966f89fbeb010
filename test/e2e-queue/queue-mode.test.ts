// n8n's queue mode, for real: one main (editor, webhooks, polling triggers), two workers taking executions
// from Redis (concurrency 10 each), PostgreSQL as the database, binary data in the database — the package
// installed as a community package. Every scenario counts in n8n's database (execution_entity) and in the
// sandbox's ledger, and asserts exact numbers. The measured numbers and durations are printed at the end and
// written to .n8n-runtime/e2e-queue/results.json (the README's queue-mode table comes from there).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { sleep } from '../../scripts/n8n/lib';
import type { FaultSpec, WebhookVariant } from '../sandbox';
import {
	executionError,
	inPool,
	postJson,
	QUEUE_E2E_DIR,
	QueueE2e,
	statusCounts,
	webhookBody,
	type ExecutionRow,
	type ScenarioResult,
	type WorkflowJson,
} from './stack';

type Json = Record<string, unknown>;

const WORKERS = 2;
const CONCURRENCY = 10;
const IN_FLIGHT = 20;

const PAYMENTS = 'QueueEwPayments1';
const SUBMITS = 'QueueV2Submit001';
const BINARY = 'QueueBinaryData1';
const TRIGGER = 'QueueNexpayTrig1';
const LINK_TRIGGER = 'QueueLinkTrigger';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const seconds = (since: number): number => Math.round((Date.now() - since) / 100) / 10;

/**
 * 20 % of the matching requests faulted: errors after commit (500), connection resets after commit, answers
 * held past the node's 1.5 s timeout after commit, 429 and 503 with Retry-After. The first spec fires for
 * 16 %, the second for 4.76 % of the rest: 0.16 + 0.84 × 0.0476 = 0.20.
 */
function faultMix(route: string): FaultSpec[] {
	return [
		{
			route,
			kind: 'status-after-commit',
			kinds: ['status-after-commit', 'reset-after-commit', 'delay-after-commit', 'retry-after'],
			probability: 0.16,
			status: 500,
			delayMs: 3000,
			retryAfterSeconds: 1,
		},
		{ route, kind: 'retry-after', status: 503, probability: 0.0476, retryAfterSeconds: 1 },
	];
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		await sleep(250);
	}
}

describe(`n8n queue mode: main + ${WORKERS} workers (concurrency ${CONCURRENCY}), Redis, PostgreSQL`, () => {
	let q: QueueE2e;
	let workflows: Record<string, WorkflowJson>;
	let linkId: string;
	const results: ScenarioResult[] = [];
	const record = (scenario: string, since: number, numbers: ScenarioResult['numbers']) => results.push({ scenario, seconds: seconds(since), numbers });
	const suiteStart = Date.now();

	/** A v2 call to the sandbox with the sandbox's API key (setting up state the way a Nexpay user would). */
	const v2 = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
		const res = await fetch(`${q.sandbox.url}${path}`, {
			method,
			headers: { Authorization: `ApiKey ${q.sandbox.keys.v2ApiKey}`, 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as Json;
		if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
	const linkBody = (reference: string) => ({
		useCase: 'education_provider_tuition',
		deliveryMode: 'reusable_payment_link',
		amountMode: 'fixed_payee_amounts',
		payer: { role: 'unknown_link_payer' },
		recipients: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { payeeAmount: '100.00', currency: 'AUD' } }],
		instructions: { paymentLink: { reference, includeCreatedByText: true } },
		termsAccepted: true,
	});

	beforeAll(async () => {
		const t0 = Date.now();
		q = await QueueE2e.create({ workers: WORKERS, concurrency: CONCURRENCY });
		// The link the polling trigger watches exists (published) before the trigger is ever activated.
		const draft = await v2('POST', '/v2/payment-intents', linkBody('QUEUE-LINK-2026'));
		await v2('POST', `/v2/payment-intents/${String(draft.id)}/submit`, undefined, { 'Idempotency-Key': `queue-link-${String(draft.id)}` });
		linkId = String(draft.id);
		workflows = Object.fromEntries(
			['queue-payments.json', 'queue-v2-submit.json', 'queue-binary.json', 'queue-nexpay-trigger.json', 'queue-link-trigger.json'].map((f) => {
				const wf = q.loadWorkflow(f);
				return [wf.id, wf];
			}),
		);
		await q.publishAndStart(Object.values(workflows));
		record('stack start (PostgreSQL, Redis, import, main, 2 workers)', t0, { workers: WORKERS, concurrency: CONCURRENCY });
	}, 600000);

	afterAll(async () => {
		await q?.close();
		const summary = { machine: `${cpus().length} cores`, workers: WORKERS, concurrency: CONCURRENCY, totalSeconds: seconds(suiteStart), results };
		mkdirSync(QUEUE_E2E_DIR, { recursive: true });
		writeFileSync(join(QUEUE_E2E_DIR, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
		const lines = results.map((r) => `| ${r.scenario} | ${Object.entries(r.numbers).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.seconds} s |`);
		process.stdout.write(`\n[e2e-queue] measured (${summary.machine}, ${WORKERS} workers × ${CONCURRENCY}), total ${summary.totalSeconds} s:\n${lines.join('\n')}\n`);
	});

	/** Failed executions with the error n8n recorded and the external payment ID the webhook carried. */
	const failures = async (rows: ExecutionRow[], webhookNode: string, idField: string) =>
		Promise.all(
			rows
				.filter((r) => r.status !== 'success')
				.map(async (r) => {
					const execution = await q.execution(r.id);
					return { execution: r.id, status: r.status, id: String(webhookBody(execution, webhookNode)[idField] ?? ''), ...executionError(execution) };
				}),
		);

	const bothWorkers = (rows: ExecutionRow[]) => {
		const byWorker = q.workerOf(rows.map((r) => r.id));
		return { perWorker: [...byWorker.values()].map((ids) => ids.length), onAWorker: new Set([...byWorker.values()].flat()).size };
	};

	async function pay(prefix: string, count: number): Promise<{ rows: ExecutionRow[]; ids: string[]; answers: { status: number }[] }> {
		const url = `${q.baseUrl}/webhook/queue-pay`;
		const before = (await q.executions(PAYMENTS)).length;
		const ids = range(count).map((i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
		const answers = await inPool(ids, IN_FLIGHT, (externalPaymentId) => postJson(url, { externalPaymentId, amount: '0.01' }));
		const rows = (await q.waitForFinished(PAYMENTS, before + count)).slice(before);
		return { rows, ids, answers };
	}

	it('1. payments under load: 400 webhook-started EuroWallet creates, 20 in flight → 400 booked, 0 failed, 0 duplicates, both workers ran executions', async () => {
		const t0 = Date.now();
		const { rows, ids, answers } = await pay('Q1', 400);
		const ledger = q.sandbox.ledger().filter((p) => p.externalPaymentId?.startsWith('Q1-'));
		const booked = new Set(ledger.map((p) => p.externalPaymentId));
		const failed = await failures(rows, 'Payment request', 'externalPaymentId');
		const { perWorker, onAWorker } = bothWorkers(rows);
		record('1. payments under load', t0, {
			executions: rows.length,
			booked: booked.size,
			duplicates: ledger.length - booked.size,
			'failed executions': failed.length,
			'per worker': perWorker.join(' + '),
		});
		if (failed.length) process.stdout.write(`[e2e-queue] scenario 1 failures: ${JSON.stringify(failed.map((f) => [f.id, f.message]))}\n`);

		expect({ executions: rows.length, booked: booked.size, duplicates: ledger.length - booked.size, failed: failed.map((f) => `${f.id}: ${f.message}`) }).toEqual({
			executions: 400,
			booked: 400,
			duplicates: 0,
			failed: [],
		});
		expect(ids.filter((id) => !booked.has(id))).toEqual([]);
		expect(answers.filter((a) => a.status !== 200)).toHaveLength(0);
		expect(onAWorker).toBe(400);
		expect(perWorker).toHaveLength(WORKERS);
		for (const n of perWorker) expect(n).toBeGreaterThan(0);
	});

	it('2. payments under faults: 400 creates with 20 % faulted (errors after commit, resets, timeouts, 429/503) → 0 duplicates, 0 lost, every failed item says why', async () => {
		const t0 = Date.now();
		const route = 'POST /api/2/eurowallet/payments';
		const requestsBefore = q.sandbox.requests().length;
		for (const fault of faultMix(route)) q.sandbox.injectFault(fault);
		let run: Awaited<ReturnType<typeof pay>>;
		try {
			run = await pay('Q2', 400);
		} finally {
			q.sandbox.clearFaults();
		}
		const { rows, ids } = run;
		const creates = q.sandbox.requests().slice(requestsBefore).filter((r) => r.method === 'POST' && r.path === '/api/2/eurowallet/payments');
		const ledger = q.sandbox.ledger().filter((p) => p.externalPaymentId?.startsWith('Q2-'));
		const booked = new Set(ledger.map((p) => p.externalPaymentId));
		const failed = await failures(rows, 'Payment request', 'externalPaymentId');
		const failedIds = new Set(failed.map((f) => f.id));
		// Lost: neither booked nor reported as failed.
		const lost = ids.filter((id) => !booked.has(id) && !failedIds.has(id));
		// A failure that says nothing was booked must be true.
		const wrongClaims = failed.filter((f) => /Nothing was booked|was not created/.test(`${f.message} ${f.description}`) && booked.has(f.id));
		const silent = failed.filter((f) => !f.message || !f.id || !`${f.message} ${f.description}`.includes(f.id));
		record('2. payments under faults (20 %)', t0, {
			executions: rows.length,
			'create requests': creates.length,
			'answered non-2xx or reset': creates.filter((r) => r.status < 200 || r.status > 299).length,
			booked: booked.size,
			duplicates: ledger.length - booked.size,
			'failed items (each with reason)': failed.length,
			lost: lost.length,
		});
		if (failed.length) process.stdout.write(`[e2e-queue] scenario 2 failures: ${JSON.stringify(failed.map((f) => [f.id, f.message]))}\n`);

		expect(rows).toHaveLength(400);
		expect(ledger.length - booked.size).toBe(0);
		expect(lost).toEqual([]);
		expect(silent).toEqual([]);
		expect(wrongClaims).toEqual([]);
		expect(booked.size + failed.filter((f) => !booked.has(f.id)).length).toBe(400);
	});

	it('3. webhooks: 50 distinct signed events each redelivered once after the first run ended → 50 effects; 20 forged deliveries → 401, 0 executions', async () => {
		const t0 = Date.now();
		const trigger = workflows[TRIGGER].nodes.find((n) => n.type === 'n8n-nodes-nexpay.nexpayWebhookTrigger')!;
		const url = `${q.baseUrl}/webhook/${trigger.webhookId!}/webhook`;
		const effects = () => q.outbox.messages().filter((m) => m.path === '/effect');
		const events = range(50).map((i) => ({
			paymentId: String(700001 + i),
			account: 'LT633080010000000208',
			amount: '12.00',
			direction: 'incoming',
			status: 'COMPLETED',
			networkType: 'SEPA',
			otherName: `Queue payer ${i + 1}`,
			otherAccount: 'DE89370400440532013000',
			externalPaymentId: null,
			date: '2026-03-15',
			details: `Queue event ${i + 1}`,
			runningBalance: '100.00',
		}));

		const first = await inPool(events, 10, (payload) => q.sandbox.sendWebhook(url, { payload }));
		const firstRows = await q.waitForFinished(TRIGGER, 50);
		await waitFor(() => effects().length >= 50, '50 effects of the first deliveries');
		// What Remove Duplicates has recorded: n8n keeps one processed_data row per node, read, extended and
		// written back by each execution, so concurrent executions can overwrite each other's records.
		const recorded = await q.stack.sql(`SELECT value FROM processed_data WHERE "workflowId" = '${TRIGGER}'`);
		const recordedKeys = recorded.reduce((n, [value]) => n + ((JSON.parse(value) as { data?: unknown[] }).data?.length ?? 0), 0);
		// Every first run has ended; now Nexpay delivers each event again.
		const again = await inPool(events, 10, (payload) => q.sandbox.sendWebhook(url, { payload }));
		await sleep(2000);
		const afterRedelivery = await q.waitForQuiet(TRIGGER);
		const effectIds = effects().map((m) => String((m.body as Json).paymentId));

		const variants: WebhookVariant[] = ['tampered-body', 'wrong-key', 'missing-signature', 'malformed-signature', 'empty-body', 're-serialised'];
		const forged = await inPool(range(20), 5, (i) =>
			q.sandbox.sendWebhook(url, { variant: variants[i % variants.length], payload: { ...events[0], paymentId: String(800001 + i) } }),
		);
		await sleep(3000);
		const afterForged = await q.waitForQuiet(TRIGGER);
		record('3. webhooks (Nexpay Trigger)', t0, {
			'first deliveries': first.length,
			redeliveries: again.length,
			'keys recorded by Remove Duplicates after the first deliveries': recordedKeys,
			'executions after redeliveries': afterRedelivery.length,
			effects: effectIds.length,
			'distinct effects': new Set(effectIds).size,
			'forged → 401': forged.filter((f) => f.status === 401).length,
			'executions from forged': afterForged.length - afterRedelivery.length,
		});

		expect(first.map((d) => d.status)).toEqual(range(50).map(() => 200));
		expect(firstRows.slice(0, 50).map((r) => r.status)).toEqual(range(50).map(() => 'success'));
		expect(again.map((d) => d.status)).toEqual(range(50).map(() => 200));
		expect({ effects: effectIds.length, distinct: new Set(effectIds).size }).toEqual({ effects: 50, distinct: 50 });
		expect(forged.map((f) => f.status)).toEqual(range(20).map(() => 401));
		expect(afterForged.length - afterRedelivery.length).toBe(0);
		expect(effects()).toHaveLength(effectIds.length);
	});

	it('4. binary data: document upload → message with the attachment → download, on a worker with binary data in the database, bytes identical', async () => {
		const t0 = Date.now();
		// Every byte value, then random bytes: nothing survives that is not byte-exact.
		const letter = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(range(256)), randomBytes(48 * 1024)]);
		const requestsBefore = q.sandbox.requests().length;
		const answer = await postJson(`${q.baseUrl}/webhook/queue-binary`, { letterBase64: letter.toString('base64') });
		expect({ status: answer.status, body: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, body: '' });
		const [row] = await q.waitForFinished(BINARY, 1);
		// The workflow uploads the letter, attaches it to a message, downloads the attachment and uploads the
		// download again: the two uploads carry what n8n stored as binary data, read back on the worker.
		const uploads = q.sandbox.requests().slice(requestsBefore).filter((r) => r.method === 'POST' && r.path === '/v2/documents');
		const downloads = q.sandbox.requests().slice(requestsBefore).filter((r) => r.method === 'GET' && r.path.includes('/conversation/attachments/'));
		const reuploaded = JSON.parse(answer.text) as Json;
		const stored = await q.stack.sql(`SELECT count(*), coalesce(sum("fileSize"), 0) FROM binary_data WHERE "sourceType" = 'execution' AND "sourceId" = '${row.id}'`);
		const worker = [...q.workerOf([row.id])].find(([, ids]) => ids.includes(row.id))?.[0];
		const identical = uploads.length === 2 && uploads.every((u) => u.rawBody.includes(letter)) && reuploaded.size === letter.length;
		record('4. binary data (database mode)', t0, {
			'bytes sent': letter.length,
			'bytes of the download, uploaded again': String(reuploaded.size),
			identical: identical ? 'yes' : 'no',
			'binary_data rows of the execution': stored[0][0],
			'ran on': worker ?? 'main',
		});

		expect(row.status).toBe('success');
		expect(uploads).toHaveLength(2);
		expect(downloads).toHaveLength(1);
		expect(uploads.map((u) => u.rawBody.includes(letter))).toEqual([true, true]);
		expect(reuploaded).toMatchObject({ size: letter.length, documentType: 'receipt', fileName: 'Immatrikulation Müller.pdf' });
		expect(worker).toMatch(/^worker-\d$/);
		// The letter and the download, stored by the worker in PostgreSQL.
		expect(Number(stored[0][0])).toBeGreaterThanOrEqual(2);
		expect(Number(stored[0][1])).toBeGreaterThanOrEqual(2 * letter.length);
	});

	it('5. polling triggers: the Payment Link Trigger reports each of 5 payers exactly once with two workers running', async () => {
		const t0 = Date.now();
		const paid = () => q.outbox.messages().filter((m) => m.path === '/paid').map((m) => (m.body as Json).payer as string);
		// The first poll (on activation) notes what exists; n8n stores that cursor with the workflow.
		await waitFor(async () => {
			const wf = (await q.publicApi('GET', `/api/v1/workflows/${LINK_TRIGGER}`)) as { staticData?: unknown };
			return JSON.stringify(wf.staticData ?? null).includes('submissions');
		}, 'the payment link trigger to store its first cursor');
		const payers = ['Ana Lima', 'Ben Okafor', 'Chen Wei', 'Dara Singh', 'Eva Novak'];
		let polls = 0;
		for (const [i, payerName] of payers.entries()) {
			const res = await fetch(`${q.sandbox.url}/__sandbox/payment-links/${linkId}/complete`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ amount: '100.00', payerName }),
			});
			expect(res.status).toBe(201);
			// n8n polls at most once a minute; re-publishing polls now (on the main), with the stored cursor.
			await q.reactivate(LINK_TRIGGER);
			polls++;
			await waitFor(() => paid().length >= i + 1, `payer ${payerName} to be reported`);
			// A poll with nothing new must report nothing.
			await q.reactivate(LINK_TRIGGER);
			polls++;
		}
		await sleep(3000);
		const rows = await q.waitForQuiet(LINK_TRIGGER);
		const health = await Promise.all(q.stack.workers.map((w) => fetch(`http://127.0.0.1:${w.healthPort}/healthz`).then((r) => r.status)));
		const { perWorker, onAWorker } = bothWorkers(rows);
		record('5. polling trigger (Payment Link Trigger)', t0, {
			payers: payers.length,
			'polls forced': polls,
			reported: paid().length,
			'distinct reported': new Set(paid()).size,
			executions: rows.length,
			'per worker': perWorker.join(' + '),
		});

		expect([...paid()].sort()).toEqual([...payers].sort());
		expect(rows.map((r) => [r.mode, r.status])).toEqual(payers.map(() => ['trigger', 'success']));
		expect(onAWorker).toBe(rows.length);
		expect(health).toEqual(range(WORKERS).map(() => 200));
	});

	it('6. v2 at concurrency: 200 webhook-started submits with Idempotency-Key, 20 % faulted → one submission per intent', async () => {
		const t0 = Date.now();
		const drafts = await inPool(range(200), 10, (i) => v2('POST', '/v2/payment-intents', linkBody(`Q6-${i + 1}`)));
		const intentIds = drafts.map((d) => String(d.id));
		const requestsBefore = q.sandbox.requests().length;
		for (const fault of faultMix('POST /v2/payment-intents/:id/submit')) q.sandbox.injectFault(fault);
		let answers: { status: number }[];
		let rows: ExecutionRow[];
		try {
			answers = await inPool(intentIds, IN_FLIGHT, (paymentIntentId) => postJson(`${q.baseUrl}/webhook/queue-submit`, { paymentIntentId }));
			rows = await q.waitForFinished(SUBMITS, 200);
		} finally {
			q.sandbox.clearFaults();
		}
		const intents = new Map(q.sandbox.intents().map((i) => [i.id, i]));
		const submissions = intentIds.map((id) => intents.get(id)?.executions.length ?? 0);
		const submitRequests = q.sandbox.requests().slice(requestsBefore).filter((r) => r.method === 'POST' && /^\/v2\/payment-intents\/[^/]+\/submit$/.test(r.path));
		const keysPerIntent = new Map<string, Set<string>>();
		for (const r of submitRequests) {
			const id = r.path.split('/')[3];
			if (!keysPerIntent.has(id)) keysPerIntent.set(id, new Set());
			keysPerIntent.get(id)!.add(r.headers['idempotency-key'] ?? '');
		}
		const failed = await failures(rows, 'Submit request', 'paymentIntentId');
		const { perWorker } = bothWorkers(rows);
		record('6. v2 submits under faults (20 %)', t0, {
			executions: rows.length,
			'submit requests': submitRequests.length,
			'answered non-2xx or reset': submitRequests.filter((r) => r.status < 200 || r.status > 299).length,
			'intents submitted once': submissions.filter((n) => n === 1).length,
			'submitted twice or more': submissions.filter((n) => n > 1).length,
			'failed executions': failed.length,
			'per worker': perWorker.join(' + '),
		});
		if (failed.length) process.stdout.write(`[e2e-queue] scenario 6 failures: ${JSON.stringify(failed.map((f) => [f.id, f.message]))}\n`);

		expect(statusCounts(rows)).toBe('success 200');
		expect(answers.filter((a) => a.status !== 200)).toHaveLength(0);
		expect(submissions).toEqual(intentIds.map(() => 1));
		// Every attempt carried an Idempotency-Key, and the retries of one intent all carried the same one.
		expect([...keysPerIntent.values()].filter((keys) => keys.size !== 1 || keys.has(''))).toEqual([]);
		expect(keysPerIntent.size).toBe(200);
	});
});
