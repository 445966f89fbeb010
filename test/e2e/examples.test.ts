// The example workflows in examples/, run end to end in real n8n: `n8n execute` for the manual ones,
// `n8n start` with the trigger workflows published for the others. The examples send their messages to
// the local outbox (http://127.0.0.1:4011 under `npm start`); here they go to an outbox of the test's own.
// The only change made to an example is the Slack node of payment-alerts.json, swapped for an HTTP
// Request to the outbox (no Slack account here); everything else runs as shipped.
import { EXAMPLE_OUTBOX_URL, sleep, startOutbox, type Outbox, type OutboxMessage, type PublicExecution } from '../../scripts/n8n/lib';
import type { WebhookVariant } from '../sandbox';
import { describeE2e, E2e, expectSuccessfulRun, nodeOutput, type WorkflowJson, type WorkflowNode } from './harness';

type Json = Record<string, unknown>;

const INVOICES = 'examples/invoice-to-payment.json';
const TUITION_LINK = 'examples/tuition-payment-link.json';
const TUITION_RECEIVED = 'examples/tuition-payments-received.json';
const ALERTS = 'examples/payment-alerts.json';

const BAD_VARIANTS: WebhookVariant[] = ['tampered-body', 'wrong-key', 'missing-signature', 'malformed-signature', 'empty-body', 're-serialised'];

/** Polls `check` every 200 ms for up to `timeoutMs`; fails naming `what`. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		await sleep(200);
	}
}

/** Lets n8n finish anything a request might (wrongly) have started before counting executions. */
const settle = () => sleep(1500);

/** The Slack node of payment-alerts.json as an HTTP Request posting the same text to the outbox. */
function slackToOutbox(workflow: WorkflowJson, outboxUrl: string): WorkflowJson {
	const nodes = (workflow.nodes ?? []).map((node): WorkflowNode => {
		if (node.type !== 'n8n-nodes-base.slack') return node;
		const channel = (node.parameters.channelId as { value: string }).value;
		return {
			...node,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${outboxUrl}/slack`,
				sendBody: true,
				bodyParameters: {
					parameters: [
						{ name: 'channel', value: channel },
						{ name: 'text', value: node.parameters.text },
					],
				},
				options: {},
			},
			credentials: undefined,
		};
	});
	expect(nodes.filter((n) => n.type === 'n8n-nodes-base.slack')).toEqual([]);
	return { ...workflow, nodes };
}

describeE2e('the example workflows, end to end in real n8n', () => {
	let e2e: E2e;
	let outbox: Outbox;
	const sentTo = (path: string): Json[] => outbox.messages().filter((m: OutboxMessage) => m.path === path).map((m) => m.body as Json);
	const load = (file: string) => e2e.loadWorkflow(file, { replace: { [EXAMPLE_OUTBOX_URL]: outbox.url } });

	/** A payer finishing the link, through the sandbox's control API (what `curl` does under `npm start`). */
	const payerCompletes = async (linkId: string, body: Json): Promise<Json> => {
		const res = await fetch(`${e2e.sandbox.url}/__sandbox/payment-links/${linkId}/complete`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(res.status).toBe(201);
		return (await res.json()) as Json;
	};

	/** `n8n start` with tuition-payments-received.json and payment-alerts.json published (once for the file). */
	let starting: Promise<void> | undefined;
	const ensureStarted = () =>
		(starting ??= (async () => {
			const received = load(TUITION_RECEIVED);
			const alerts = slackToOutbox(load(ALERTS), outbox.url);
			const webhookId = (alerts.nodes!.find((n) => n.type === 'n8n-nodes-nexpay.nexpayWebhookTrigger') as Json).webhookId as string;
			await e2e.publishAndStart([received, alerts], { webhookPaths: [`${webhookId}/webhook`] });
		})());

	beforeAll(async () => {
		outbox = await startOutbox({ port: 0 });
		e2e = await E2e.create();
	});

	afterAll(async () => {
		await e2e?.close();
		await outbox?.close();
	});

	describe('invoice-to-payment.json', () => {
		it('pays the three invoices, one EuroWallet payment each with the invoice number as External Payment ID, and sums them up by status', async () => {
			const run = await e2e.runExampleWorkflow(INVOICES);
			expectSuccessfulRun(run);

			const ledger = e2e.sandbox.ledger();
			expect(ledger.map((p) => [p.externalPaymentId, p.amount, p.otherName, p.status])).toEqual([
				['INV-2026-0101', '120.50', 'Baltic Office Supplies UAB', 'COMPLETED'],
				['INV-2026-0102', '980.00', 'Müller & Söhne GmbH', 'PENDING'],
				['INV-2026-0103', '45.00', 'Vilnius Cleaning Co.', 'COMPLETED'],
			]);
			expect(ledger.map((p) => p.details)).toEqual(['INV-2026-0101 Paper & toner', 'INV-2026-0102 Consulting, March 2026', 'INV-2026-0103 Office cleaning #3']);

			expect(nodeOutput(run.json, 'Pay invoice').map((p) => [p.externalPaymentId, p.status, p.waitTimedOut])).toEqual([
				['INV-2026-0101', 'COMPLETED', undefined],
				['INV-2026-0102', 'PENDING', true],
				['INV-2026-0103', 'COMPLETED', undefined],
			]);
			expect(nodeOutput(run.json, 'Summary by status')).toEqual([
				{ status: 'COMPLETED', payments: 2, invoices: ['INV-2026-0101', 'INV-2026-0103'], total: '165.50', currency: 'EUR' },
				{ status: 'PENDING', payments: 1, invoices: ['INV-2026-0102'], total: '980.00', currency: 'EUR' },
			]);
			// "Wait for Final Status" polled the pending one by its external payment ID.
			const statusChecks = e2e.sandbox.requests().filter((r) => r.path === '/api/1/eurowallet/payments/status');
			expect(statusChecks.length).toBeGreaterThanOrEqual(2);
			expect(new Set(statusChecks.map((r) => r.query))).toEqual(new Set(['externalPaymentId=INV-2026-0102']));
		});

		it('pays nothing twice when run again: Nexpay answers with the payments it already has for those invoice numbers', async () => {
			const before = e2e.sandbox.ledger().map((p) => p.paymentId);

			const run = await e2e.runExampleWorkflow(INVOICES);
			expectSuccessfulRun(run);

			expect(e2e.sandbox.ledger().map((p) => p.paymentId)).toEqual(before);
			expect(nodeOutput(run.json, 'Pay invoice').map((p) => p.paymentId)).toEqual(before);
		});
	});

	describe('tuition-payment-link.json + tuition-payments-received.json', () => {
		const RECEIVED = 'NexpayExTuitPaid';
		let linkId: string;

		it('creates and publishes the 70/30 split link in AUD and sends its URL to the student', async () => {
			const run = await e2e.runExampleWorkflow(load(TUITION_LINK));
			expectSuccessfulRun(run);

			const link = e2e.sandbox.intents().find((i) => i.deliveryMode === 'reusable_payment_link')!;
			linkId = link.id;
			expect(link).toMatchObject({ status: 'active', amountMode: 'free_entry_with_portions', instructions: { paymentLink: { displayCurrency: 'AUD', reference: 'TUITION-AUT-2026 Ana Lima' } } });
			expect(link.recipients.map((r) => [r.role, r.amount.portionBps])).toEqual([
				['education_provider', 7000],
				['tenant', 3000],
			]);
			const url = `${e2e.sandbox.url}/pay/${link.publicLinkId}`;
			expect(nodeOutput(run.json, 'Create tuition link')).toEqual([expect.objectContaining({ paymentIntentId: link.id, paymentLinkUrl: url })]);

			const emails = sentTo('/email');
			expect(emails).toHaveLength(1);
			expect(emails[0]).toMatchObject({ to: 'ana.lima@student.example', subject: 'Your Autumn 2026 tuition payment link' });
			expect(emails[0].text).toContain(`please pay your Autumn 2026 tuition here:\n${url}\n`);
			outbox.clear();
		});

		it('reports each payer who completes the link once, published in `n8n start`, and never one who had paid before it was activated', async () => {
			expect(linkId).toBeDefined();
			// Paid before the trigger workflow was ever activated: noted on activation, not reported.
			await payerCompletes(linkId, { amount: '900.00', payerName: 'Early Payer' });
			await ensureStarted();

			// Activating the workflow runs its first poll, which lists the submissions and notes them; n8n then
			// stores that cursor with the workflow. n8n may still be activating workflows while it already
			// answers webhooks, so wait until the cursor is stored (the public API shows a workflow's static data).
			const polls = () => e2e.sandbox.requests().filter((r) => r.method === 'GET' && r.path === '/v2/payment-intents').length;
			await waitFor(async () => {
				const workflow = (await e2e.publicApi('GET', `/api/v1/workflows/${RECEIVED}`)) as { staticData?: unknown };
				return JSON.stringify(workflow.staticData ?? null).includes('submissions');
			}, 'the payment link trigger to store its first cursor');
			expect(polls()).toBeGreaterThanOrEqual(1);

			await payerCompletes(linkId, { amount: '1500.00', payerName: 'Ana Lima' });
			await payerCompletes(linkId, { amount: '200.00', payerName: 'Not Paid Yet', status: 'pending' });
			// n8n 2.41 polls at most once a minute (it refuses shorter intervals); re-publishing the workflow
			// polls at once, with the cursor n8n stored for the trigger.
			await e2e.reactivate(RECEIVED);
			const [first] = await e2e.waitForExecutions(RECEIVED, 1);
			expect(first).toMatchObject({ mode: 'trigger', status: 'success' });

			const pollsBefore = polls();
			await e2e.reactivate(RECEIVED);
			await settle();
			expect(polls()).toBeGreaterThan(pollsBefore);
			expect(await e2e.executions(RECEIVED)).toHaveLength(1);

			await payerCompletes(linkId, { amount: '800.00', payerName: 'Ben Okafor' });
			await e2e.reactivate(RECEIVED);
			await e2e.waitForExecutions(RECEIVED, 2);
			await e2e.reactivate(RECEIVED);
			await settle();
			expect(await e2e.executions(RECEIVED)).toHaveLength(2);

			const receipts = sentTo('/email');
			expect(receipts.map((r) => r.subject)).toEqual(['Tuition received: Ana Lima paid 1500.00 AUD', 'Tuition received: Ben Okafor paid 800.00 AUD']);
			expect(receipts[0]).toMatchObject({ to: 'bursar@university.example' });
			expect(receipts[0].text).toContain('Split: education_provider 1050.00 AUD, tenant 450.00 AUD.');
			expect(receipts[0].text).toContain('(reference TUITION-AUT-2026 Ana Lima)');
		});
	});

	describe('payment-alerts.json', () => {
		const WORKFLOW = 'NexpayExAlerts01';
		let url: string;
		const payload = (paymentId: string, fields: Json) => ({
			paymentId,
			account: 'LT633080010000000208',
			networkType: 'SEPA',
			otherAccount: 'DE89370400440532013000',
			date: '2026-03-15',
			runningBalance: '2000.00',
			externalPaymentId: null,
			...fields,
		});

		beforeAll(async () => {
			await ensureStarted();
			const trigger = e2e.loadWorkflow(ALERTS).nodes!.find((n) => n.type === 'n8n-nodes-nexpay.nexpayWebhookTrigger') as Json;
			url = `${e2e.running().baseUrl}/webhook/${trigger.webhookId}/webhook`;
		});

		it.each(BAD_VARIANTS)('answers a %s delivery with 401 and starts nothing', async (variant) => {
			const delivery = await e2e.sandbox.sendWebhook(url, {
				variant,
				payload: payload('900', { status: 'REJECTED', direction: 'outgoing', amount: '45.00', otherName: 'Jane Doe', details: 'Rent' }),
			});
			expect(delivery.status).toBe(401);
			expect(JSON.parse(delivery.body)).toMatchObject({ error: 'invalid signature' });
			await settle();
			expect(await e2e.executions(WORKFLOW)).toEqual([]);
		});

		it('alerts on a rejected payment and on a large incoming one, and stays quiet for a small completed one', async () => {
			const deliveries = [
				payload('901', { status: 'REJECTED', direction: 'outgoing', amount: '45.00', otherName: 'Jane Doe', details: 'Rent March' }),
				payload('902', { status: 'COMPLETED', direction: 'incoming', amount: '1500.00', otherName: 'Acme Corp', details: 'Invoice 77' }),
				payload('903', { status: 'COMPLETED', direction: 'incoming', amount: '23.33', otherName: 'Test company', details: 'Test payment' }),
			];
			for (const body of deliveries) {
				const delivery = await e2e.sandbox.sendWebhook(url, { payload: body });
				expect(delivery).toEqual({ status: 200, body: '{"received":true}' });
			}

			const executions: PublicExecution[] = await e2e.waitForExecutions(WORKFLOW, 3);
			await settle();
			expect(await e2e.executions(WORKFLOW)).toHaveLength(3);
			expect(executions.map((e) => [e.mode, e.status])).toEqual([
				['webhook', 'success'],
				['webhook', 'success'],
				['webhook', 'success'],
			]);

			const alerts = sentTo('/slack');
			expect(alerts.map((a) => a.channel)).toEqual(['#payments', '#payments']);
			expect(alerts.map((a) => a.text)).toEqual([
				':x: Payment rejected: 45.00 EUR to Jane Doe (DE89370400440532013000) on LT633080010000000208. Rent March [payment 901, SEPA]',
				':moneybag: Large payment received: 1500.00 EUR from Acme Corp (DE89370400440532013000) on LT633080010000000208. Invoice 77 [payment 902, SEPA]',
			]);
		});

		it('ignores a redelivery of the same payment status (no execution, no second alert)', async () => {
			const before = (await e2e.executions(WORKFLOW)).length;
			const delivery = await e2e.sandbox.sendWebhook(url, {
				payload: payload('901', { status: 'REJECTED', direction: 'outgoing', amount: '45.00', otherName: 'Jane Doe', details: 'Rent March' }),
			});
			expect(delivery).toEqual({ status: 200, body: '{"received":true}' });
			await settle();
			expect(await e2e.executions(WORKFLOW)).toHaveLength(before);
			expect(sentTo('/slack')).toHaveLength(2);
		});
	});
});
