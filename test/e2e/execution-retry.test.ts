// Executions → Retry in real n8n: a webhook-started workflow pays 50 invoices, item 10 fails (an unknown
// outcome, or a plain refusal), the cause is fixed, and the failed execution is retried through n8n's REST
// API (POST /rest/executions/:id/retry, the editor's Retry button). n8n runs the failed node again, in a new
// execution, with all 50 items: exactly 50 payments may be booked. The same audit for v2 Payment Intent → Submit.
import { describeE2e, E2e, type WorkflowJson } from './harness';

const OWN_IBAN = 'LT023080010000000239';

interface RestExecution {
	id: string;
	status: string;
	retryOf?: string | null;
	mode: string;
}

describeE2e('Executions → Retry never pays twice (real n8n)', () => {
	let e2e: E2e;
	let baseUrl: string;

	/** The pay workflow with the Nexpay node's Additional Fields replaced, under its own id and webhook path. */
	function payWorkflow(id: string, path: string, additionalFields: Record<string, string>): WorkflowJson {
		const workflow = e2e.loadWorkflow('execution-retry-pay.json');
		workflow.id = id;
		const [webhook, , pay] = workflow.nodes ?? [];
		webhook.parameters.path = path;
		webhook.webhookId = `6a1e0c20-1111-4a2b-9c3d-${id.slice(-12).toLowerCase().padStart(12, '0')}`;
		pay.parameters.additionalFields = additionalFields;
		return workflow;
	}

	const VARIANTS = [
		{ label: 'External Payment ID left empty', id: 'E2eRetryPayEmpty', path: 'nexpay-e2e-pay-empty', additionalFields: {} as Record<string, string> },
		{ label: 'External Payment ID from the item', id: 'E2eRetryPayOwnId', path: 'nexpay-e2e-pay-own', additionalFields: { externalPaymentId: '={{ $json.invoice }}' } },
	];

	beforeAll(async () => {
		e2e = await E2e.create();
		const workflows = [...VARIANTS.map((v) => payWorkflow(v.id, v.path, v.additionalFields)), 'execution-retry-submit.json'];
		({ baseUrl } = await e2e.publishAndStart(workflows, { webhookPaths: [...VARIANTS.map((v) => v.path), 'nexpay-e2e-submit'] }));
	});

	afterAll(async () => {
		await e2e?.close();
	});

	beforeEach(() => e2e.sandbox.reset());

	async function trigger(path: string, body: Record<string, string>): Promise<void> {
		const res = await fetch(`${baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(res.status).toBe(200);
	}

	const FINAL = ['success', 'error', 'crashed', 'canceled'];

	/** The ids of a workflow's executions so far. */
	async function executionIds(workflowId: string): Promise<Set<string>> {
		return new Set((await e2e.executions(workflowId)).map((execution) => String(execution.id)));
	}

	/** Waits until an execution that is not in `known` has ended; returns it. */
	async function waitForNewExecution(workflowId: string, known: Set<string>): Promise<RestExecution> {
		const deadline = Date.now() + 90000;
		while (Date.now() < deadline) {
			const fresh = (await e2e.executions(workflowId)).find((execution) => !known.has(String(execution.id)));
			if (fresh && FINAL.includes(String(fresh.status))) return { ...fresh, id: String(fresh.id) } as unknown as RestExecution;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`no new finished execution of ${workflowId} within 90 s`);
	}

	async function retry(executionId: string): Promise<RestExecution> {
		const { rest } = e2e.running();
		// The editor's Executions → Retry ("with original workflow"); answers when the retry has finished.
		const r = await rest.request('POST', `/rest/executions/${executionId}/retry`, { loadWorkflow: false });
		return r.data as RestExecution;
	}

	function booked(): string[] {
		return e2e.sandbox
			.ledger()
			.filter((payment) => payment.direction === 'outgoing')
			.map((payment) => String(payment.details));
	}

	function expectEachOnce(references: string[], count: number): void {
		expect(references).toHaveLength(count);
		expect(new Set(references).size).toBe(count);
	}

	describe.each(VARIANTS)('EuroWallet Payment → Create, $label', ({ id, path }) => {
		it('after an unknown outcome at item 10, Retry books each of 50 invoices once', async () => {
			const known = await executionIds(id);
			// Item 10 is booked but every answer is lost, and the status check cannot reach Nexpay either.
			e2e.sandbox.injectFault({ route: 'POST /api/2/eurowallet/payments', kind: 'reset-after-commit', match: 'Invoice INV-010', times: 10 });
			e2e.sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/status', kind: 'status-before-commit', status: 502, times: 10 });
			await trigger(path, {});
			const failed = await waitForNewExecution(id, known);
			expect(failed.status).toBe('error');
			expect(booked()).toHaveLength(10);

			e2e.sandbox.clearFaults();
			const retried = await retry(String(failed.id));
			expect(retried).toMatchObject({ status: 'success', retryOf: String(failed.id), mode: 'retry' });
			expectEachOnce(booked(), 50);
		});

		it('after a plain refusal at item 10 (insufficient funds), Retry after a top-up books each of 50 invoices once', async () => {
			const known = await executionIds(id);
			await trigger(path, { big: '100.00', tenth: '200.00' });
			const failed = await waitForNewExecution(id, known);
			expect(failed.status).toBe('error');
			expect(booked()).toHaveLength(9);

			e2e.sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '500.00' });
			const retried = await retry(String(failed.id));
			expect(retried.status).toBe('success');
			expectEachOnce(booked(), 50);
		});
	});

	it('a new run of the workflow pays again with derived IDs, and not with IDs from the item (as the README says)', async () => {
		for (const [workflowId, path, expected] of [
			['E2eRetryPayEmpty', 'nexpay-e2e-pay-empty', 100],
			['E2eRetryPayOwnId', 'nexpay-e2e-pay-own', 50],
		] as const) {
			e2e.sandbox.reset();
			for (let run = 0; run < 2; run++) {
				const known = await executionIds(workflowId);
				// Small amounts: two runs of 50 must fit the account's balance.
				await trigger(path, { big: '1.00' });
				expect((await waitForNewExecution(workflowId, known)).status).toBe('success');
			}
			expect(booked()).toHaveLength(expected);
			expect(new Set(booked()).size).toBe(50);
		}
	});

	it('v2 Payment Intent → Submit: after a lost answer at item 10, Retry submits each of 50 intents once', async () => {
		const known = await executionIds('E2eRetrySubmit01');
		// The tenth submit (and its transport retry) is processed, but the answer is a 500.
		e2e.sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 500, skip: 9, times: 2 });
		await trigger('nexpay-e2e-submit', {});
		const failed = await waitForNewExecution('E2eRetrySubmit01', known);
		expect(failed.status).toBe('error');

		e2e.sandbox.clearFaults();
		const retried = await retry(String(failed.id));
		expect(retried.status).toBe('success');

		const intents = e2e.sandbox.intents();
		expect(intents).toHaveLength(50);
		expect(intents.every((intent) => intent.status === 'submitted')).toBe(true);
		// One Idempotency-Key per intent: every repeat was a replay of the same submit.
		const keysByIntent = new Map<string, Set<string>>();
		for (const request of e2e.sandbox.requests()) {
			const match = /^\/v2\/payment-intents\/([^/]+)\/submit$/.exec(request.path);
			if (!match) continue;
			const keys = keysByIntent.get(match[1]) ?? new Set<string>();
			keys.add(request.headers['idempotency-key']);
			keysByIntent.set(match[1], keys);
		}
		expect(keysByIntent.size).toBe(50);
		expect([...keysByIntent.values()].every((keys) => keys.size === 1)).toBe(true);
		// Items 1–10 were submitted again on the retry and answered from Nexpay's idempotency store.
		const submits = e2e.sandbox.requests().filter((request) => request.path.endsWith('/submit'));
		expect(submits.filter((request) => request.status === 409 || request.status === 422)).toHaveLength(0);
	});
});
