// Every resource and operation of the Nexpay node, run by the real `n8n execute` (community package,
// credentials stored encrypted by n8n, n8n's own expression engine and binary-data store) against the
// sandbox. Three workflows chain the operations; each is asserted on its node outputs and on what the
// sandbox received and booked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describeE2e, E2e, expectSuccessfulRun, nodeOutput, WORKFLOWS_DIR, type WorkflowJson } from './harness';

type Json = Record<string, unknown>;

/** What the sandbox saw, as `METHOD /path` lines (query left out). */
const seen = (e2e: E2e) => e2e.sandbox.requests().map((r) => `${r.method} ${r.path}`);
const one = (run: { json: unknown }, node: string): Json => {
	const items = nodeOutput(run.json, node);
	expect(items).toHaveLength(1);
	return items[0] as Json;
};

/** A value the workflow file holds, so the assertions and the workflow cannot drift apart. */
function workflowParameter(file: string, node: string, path: string[]): unknown {
	const workflow = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowJson;
	let value: unknown = workflow.nodes?.find((n) => n.name === node)?.parameters;
	for (const key of path) value = (value as Json | undefined)?.[key];
	return value;
}

describeE2e('the Nexpay node in real n8n: every resource against the sandbox', () => {
	let e2e: E2e;

	beforeAll(async () => {
		e2e = await E2e.create();
	});

	afterAll(async () => {
		await e2e?.close();
	});

	beforeEach(() => e2e.sandbox.reset());

	it('payment links (requirements, create + publish a split, submissions, public details, quote, status), payment intents and payments', async () => {
		const run = await e2e.runExampleWorkflow('nexpay-v2-links-intents.json');
		expectSuccessfulRun(run);

		expect(one(run, 'Link requirements')).toMatchObject({ connector: { provider: 'paynow' }, limits: { maxRecipients: 3 } });

		const [link, payer, pending] = e2e.sandbox.intents();
		expect(one(run, 'Create split link')).toEqual({
			paymentIntentId: link.id,
			publicLinkId: link.publicLinkId,
			paymentLinkUrl: `${e2e.sandbox.url}/pay/${link.publicLinkId}`,
			status: 'active',
			useCase: 'education_provider_tuition_with_tenant_split',
			amountMode: 'free_entry_with_portions',
			amount: null,
			currency: 'AUD',
			reference: 'TUITION-2026 Ana & Co',
			idempotencyKey: link.executions[0].idempotencyKey,
		});
		expect(link.recipients.map((r) => [r.role, r.amount.portionBps, r.amount.currency])).toEqual([
			['education_provider', 7000, 'AUD'],
			['tenant', 3000, 'AUD'],
		]);

		// Only the completed payer is listed; the pending one is filtered out by the node's Status option.
		expect(nodeOutput(run.json, 'Link submissions')).toEqual([expect.objectContaining({ id: payer.id, status: 'completed', amount: '1500.00' })]);
		expect(one(run, 'Public details')).toMatchObject({ publicLinkId: link.publicLinkId, amountMode: 'open', currency: 'AUD', reference: 'TUITION-2026 Ana & Co' });
		expect(one(run, 'Quote')).toMatchObject({ amount: '1500.00', currency: 'AUD', payerCountryCode: 'GB', variants: expect.arrayContaining([expect.objectContaining({ method: 'card' })]) });
		expect(one(run, 'Link status')).toEqual({
			publicLinkId: link.publicLinkId,
			status: 'active',
			paymentIntent: { id: pending.id, status: 'pending', amount: '200.00', currency: 'AUD' },
		});

		expect(one(run, 'Intent requirements')).toMatchObject({ deliveryMode: 'manual', limits: { maxRecipients: 10 } });
		const intent = e2e.sandbox.intents().find((i) => i.deliveryMode === 'manual')!;
		expect(one(run, 'Create intent')).toMatchObject({ id: intent.id, status: 'draft', payer: { name: 'Ana Lima', role: 'student' } });
		expect(one(run, 'Get intent')).toMatchObject({ id: intent.id, recipients: [expect.objectContaining({ amount: { payeeAmount: '2500.00', currency: 'GBP' } })] });
		expect(one(run, 'Dry run')).toMatchObject({ readyToSubmit: true, paymentIntentId: intent.id });
		expect(one(run, 'Submit')).toMatchObject({ id: intent.id, status: 'submitted' });
		expect(intent.status).toBe('submitted');
		expect(intent.executions).toHaveLength(1);
		const submit = e2e.sandbox.requests().find((r) => r.path === `/v2/payment-intents/${intent.id}/submit`)!;
		expect(submit.headers['idempotency-key']).toBe(intent.executions[0].idempotencyKey);
		expect(nodeOutput(run.json, 'Get many intents').map((i) => i.id)).toEqual([payer.id, pending.id]);

		expect(one(run, 'Get payment')).toMatchObject({ id: 123, status: 'processing', amount: '10000.00', currency: 'AUD' });
		expect(nodeOutput(run.json, 'Get many payments').map((p) => [p.id, p.status])).toEqual([[124, 'completed']]);

		// Every call went out once (the control-API calls of the workflow are not in this log).
		expect(seen(e2e)).toEqual([
			'POST /v2/payment-intents/requirements',
			'POST /v2/payment-intents',
			`POST /v2/payment-intents/${link.id}/dry-run`,
			`POST /v2/payment-intents/${link.id}/submit`,
			'GET /v2/payment-intents',
			`GET /v2/public/payment-links/${link.publicLinkId}`,
			`POST /v2/public/payment-links/${link.publicLinkId}/quote`,
			`GET /v2/public/payment-links/${link.publicLinkId}/status`,
			'POST /v2/payment-intents/requirements',
			'POST /v2/payment-intents',
			`GET /v2/payment-intents/${intent.id}`,
			`POST /v2/payment-intents/${intent.id}/dry-run`,
			`POST /v2/payment-intents/${intent.id}/submit`,
			'GET /v2/payment-intents',
			'GET /v2/payments/123',
			'GET /v2/payments',
		]);
		expect(e2e.sandbox.requests().every((r) => r.headers.authorization === `ApiKey ${e2e.sandbox.keys.v2ApiKey}` || r.path.startsWith('/v2/public/'))).toBe(true);
	});

	it('conversations (send with an uploaded binary attachment, get, check unread, download, close) and document upload', async () => {
		const run = await e2e.runExampleWorkflow('nexpay-v2-conversations.json');
		expectSuccessfulRun(run);

		const letter = Buffer.from(String(workflowParameter('nexpay-v2-conversations.json', 'Letter (base64)', ['assignments', 'assignments', '0', 'value'])), 'base64');
		const uploads = e2e.sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/v2/documents');
		// Document → Upload, then Send Message uploading the binary field itself: both multipart with the exact bytes.
		expect(uploads).toHaveLength(2);
		for (const upload of uploads) {
			expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
			expect(upload.rawBody.includes(letter)).toBe(true);
			expect(upload.bodyText).toContain('name="documentType"\r\n\r\nenrollment_letter\r\n');
		}

		const document = one(run, 'Upload document');
		expect(document).toMatchObject({ fileName: 'Immatrikulation Müller.pdf', mimeType: 'application/pdf', size: letter.length, documentType: 'enrollment_letter' });

		const sent = one(run, 'Send message');
		expect(sent).toMatchObject({ paymentId: 123, subject: 'Enrollment', text: 'Here is the enrollment letter & the receipt #2.' });
		const attachments = sent.attachments as Json[];
		expect(attachments.map((a) => [a.fileName, a.size])).toEqual([
			['Immatrikulation Müller.pdf', letter.length],
			['Immatrikulation Müller.pdf', letter.length],
		]);
		expect(attachments[0].id).toBe(document.documentId);
		const message = JSON.parse(e2e.sandbox.requests().find((r) => r.path === '/v2/payments/123/conversation/messages')!.bodyText) as Json;
		expect(message).toEqual({ text: 'Here is the enrollment letter & the receipt #2.', subject: 'Enrollment', attachments: attachments.map((a) => a.id) });

		expect(one(run, 'Get conversation')).toMatchObject({ id: 42, paymentId: 123, isClosed: false, messages: expect.arrayContaining([expect.objectContaining({ subject: 'Enrollment' })]) });
		expect(one(run, 'Check unread')).toEqual({ paymentId: 123, hasUnread: true });

		const reply = one(run, 'Support replies (sandbox)');
		const receiptId = (reply.attachments as Json[])[0].id as string;
		expect(one(run, 'Download attachment')).toEqual({ paymentId: 123, documentId: receiptId, fileName: 'Quittung März.pdf', mimeType: 'application/pdf', fileSize: 30 });
		const jsonBody = String(workflowParameter('nexpay-v2-conversations.json', 'Support replies (sandbox)', ['jsonBody']));
		const receiptSent = (JSON.parse(jsonBody) as { attachments: { contentBase64: string }[] }).attachments[0].contentBase64;
		// The bytes n8n stored for the binary output, read back by a Code node: exactly what Nexpay sent.
		expect(one(run, 'Receipt bytes')).toEqual({ base64: receiptSent, size: 30 });

		expect(one(run, 'Close conversation')).toMatchObject({ id: 42, isClosed: true });
		// n8n's HTTP client drops an empty object body: the node must still send the docs' `{}` as JSON.
		const close = e2e.sandbox.requests().find((r) => r.path === '/v2/payments/123/conversation/close')!;
		expect({ status: close.status, body: close.bodyText, contentType: close.headers['content-type'] }).toEqual({
			status: 200,
			body: '{}',
			contentType: expect.stringMatching(/^application\/json/),
		});
		expect(seen(e2e)).toEqual([
			'POST /v2/documents',
			'POST /v2/documents',
			'POST /v2/payments/123/conversation/messages',
			'GET /v2/payments/123/conversation',
			'GET /v2/payments/123/conversation/unread',
			`GET /v2/payments/123/conversation/attachments/${receiptId}`,
			'POST /v2/payments/123/conversation/close',
		]);
	});

	it('EuroWallet accounts (get many, create IBAN, deposit details) and payments (SEPA create with values needing encoding, status, get, commission, history, FX rate, SWIFT currencies)', async () => {
		const run = await e2e.runExampleWorkflow('nexpay-eurowallet.json');
		expectSuccessfulRun(run);

		expect(nodeOutput(run.json, 'Accounts').map((a) => a.iban)).toEqual(['LT633080010000000208', 'LT293080010000000238', 'LT023080010000000239']);
		const opened = one(run, 'Open IBAN');
		expect(opened).toMatchObject({ status: 'ACTIVE', balance: '0.00', tagName: 'Café & Co #1 = 100%' });
		expect(e2e.sandbox.accounts().map((a) => a.iban)).toContain(opened.iban);
		expect(one(run, 'Deposit details')).toMatchObject({ bankName: expect.any(String), accounts: expect.arrayContaining([opened.iban]) });

		const [payment] = e2e.sandbox.ledger();
		expect(e2e.sandbox.ledger()).toHaveLength(1);
		expect(one(run, 'Pay invoice (SEPA)')).toEqual({
			paymentId: payment.paymentId,
			status: 'PENDING',
			externalPaymentId: 'INV-2026-0042',
			externalPaymentIdSource: 'given',
			networkType: 'SEPA',
			account: 'LT023080010000000239',
			amount: '45.50',
			currency: 'EUR',
			beneficiaryName: 'Jürgen Müller & Co',
			beneficiaryAccount: 'DE89370400440532013000',
			beneficiaryReference: 'Invoice #314950-392 50% off + VAT',
		});
		// The sandbox decoded what n8n sent and checked both signatures over the decoded values.
		expect(payment.request).toMatchObject({
			beneficiaryName: 'Jürgen Müller & Co',
			beneficiaryAddress: 'Gedimino pr. 9, Vilnius #2',
			beneficiaryReference: 'Invoice #314950-392 50% off + VAT',
			externalPaymentId: 'INV-2026-0042',
		});
		const create = e2e.sandbox.requests().find((r) => r.path === '/api/2/eurowallet/payments')!;
		expect(create.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(create.bodyText).toContain('beneficiaryName=J%C3%BCrgen');
		expect(create.bodyText).not.toContain('Müller & Co');

		expect(one(run, 'Status by external ID')).toEqual({ paymentId: payment.paymentId, status: 'PENDING', externalPaymentId: 'INV-2026-0042' });
		expect(one(run, 'Payment details')).toMatchObject({ paymentId: payment.paymentId, direction: 'outgoing', amount: '45.50', details: 'Invoice #314950-392 50% off + VAT' });
		expect(one(run, 'Commission')).toMatchObject({ commissionAmount: '3.00', amount: '20.00', networkType: 'SEPA' });
		expect(nodeOutput(run.json, 'History')).toEqual([expect.objectContaining({ paymentId: payment.paymentId, direction: 'outgoing', ownAccount: 'LT023080010000000239' })]);
		expect(one(run, 'FX rate')).toMatchObject({ baseCurrency: 'EUR', currency: 'USD', fxRate: expect.stringMatching(/^\d+\.\d+$/) });
		expect(one(run, 'SWIFT currencies').swiftCurrencies).toEqual(expect.arrayContaining(['USD', 'GBP', 'AUD']));

		const calls = e2e.sandbox.requests();
		expect(calls.map((r) => r.status)).toEqual(calls.map(() => 200));
		expect(calls.every((r) => /^[0-9a-f]{128}$/.test(r.headers['x-signature'] ?? ''))).toBe(true);
		// Nonces only rise across the whole run, each request signed afresh.
		const nonces = calls.map((r) => Number(r.headers['x-nonce']));
		expect([...nonces].sort((a, b) => a - b)).toEqual(nonces);
		expect(new Set(nonces).size).toBe(nonces.length);
	});

	it("the node's items go through n8n's own file nodes: accounts → Convert to File (CSV) → Extract From File", async () => {
		// Extract From File and Convert to File load only with date-fns beside n8n (a peer the install adds).
		const run = await e2e.runExampleWorkflow('nexpay-accounts-csv.json');
		expectSuccessfulRun(run);
		const accounts = nodeOutput(run.json, 'Accounts');
		const rows = nodeOutput(run.json, 'Read CSV');
		expect(accounts.length).toBeGreaterThan(1);
		expect(rows.map((row) => row.iban)).toEqual(accounts.map((account) => account.iban));
		expect(rows.map((row) => String(row.balance))).toEqual(accounts.map((account) => String(account.balance)));
	});
});
