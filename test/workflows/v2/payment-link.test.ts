import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { jsonBody, jsonOf, lastRequest, recipients, seen, useSandbox } from './support';
import { docsFixedLinkIntent } from '../fixtures';

const ctx = useSandbox();

const provider = { role: 'education_provider', connectorPayeeId: 123 };

describe('Payment Link → Create', () => {
	it('publishes a fixed tuition link end to end and outputs its URL', async () => {
		const { items, error } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'education_provider_tuition',
				linkRecipients: recipients({ ...provider, payeeAmount: '10000', currency: 'aud' }),
				linkReference: 'INV-2026-001',
			},
		});

		expect(error).toBeUndefined();
		const [link] = jsonOf(items);
		const intent = ctx.sandbox.intents()[0];
		expect(link).toMatchObject({
			paymentIntentId: intent.id,
			publicLinkId: intent.publicLinkId,
			paymentLinkUrl: `${ctx.sandbox.url}/pay/${intent.publicLinkId}`,
			status: 'active',
			useCase: 'education_provider_tuition',
			amountMode: 'fixed_payee_amounts',
			reference: 'INV-2026-001',
		});
		expect(seen(ctx.sandbox)).toEqual([
			'POST /v2/payment-intents',
			`POST /v2/payment-intents/${intent.id}/dry-run`,
			`POST /v2/payment-intents/${intent.id}/submit`,
		]);
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'))).toEqual(docsFixedLinkIntent('INV-2026-001'));
		const submit = lastRequest(ctx.sandbox, 'POST', /\/submit$/);
		expect(submit.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(link.idempotencyKey).toBe(submit.headers['idempotency-key']);
	});
});

const tenant = { role: 'tenant', connectorPayeeId: 14001 };
const splitLink = {
	resource: 'paymentLink',
	operation: 'create',
	linkScenario: 'education_provider_tuition_with_tenant_split',
	linkDisplayCurrency: 'AUD',
};

describe('Payment Link → Create (split)', () => {
	it('publishes a provider + tenant split entered in percent as 7000/3000 basis points', async () => {
		const { items, error } = await ctx.run({
			parameters: {
				...splitLink,
				linkShareUnit: 'percent',
				linkRecipients: recipients({ ...provider, share: '70' }, { ...tenant, share: '30' }),
			},
		});

		expect(error).toBeUndefined();
		const intent = ctx.sandbox.intents()[0];
		expect(jsonOf(items)).toEqual([
			expect.objectContaining({
				paymentIntentId: intent.id,
				publicLinkId: intent.publicLinkId,
				paymentLinkUrl: `${ctx.sandbox.url}/pay/${intent.publicLinkId}`,
				status: 'active',
				amountMode: 'free_entry_with_portions',
				currency: 'AUD',
			}),
		]);
		const sent = jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'));
		expect(sent.recipients).toEqual([
			{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { portionBps: 7000, currency: 'AUD' } },
			{ role: 'tenant', order: 2, connectorPayeeId: 14001, splitRole: 'tenant_commission', amount: { portionBps: 3000, currency: 'AUD' } },
		]);
		expect(sent.instructions).toEqual({ paymentLink: { displayCurrency: 'AUD', includeCreatedByText: true } });
	});

	it('converts percentages with decimals exactly (33.33 + 66.67 = 3333 + 6667 bps)', async () => {
		const { error } = await ctx.run({
			parameters: { ...splitLink, linkRecipients: recipients({ ...provider, share: '66.67' }, { ...tenant, share: '33.33' }) },
		});

		expect(error).toBeUndefined();
		const portions = (jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents')).recipients as Array<{ amount: { portionBps: number } }>).map(
			(recipient) => recipient.amount.portionBps,
		);
		expect(portions).toEqual([6667, 3333]);
	});

	it('rejects basis points that total 9,999 before sending anything', async () => {
		const { items, error } = await ctx.run({
			parameters: {
				...splitLink,
				linkShareUnit: 'basisPoints',
				linkRecipients: recipients({ ...provider, share: '7000' }, { ...tenant, share: '2999' }),
			},
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Recipient Shares total 9999 basis points; they must total exactly 10000 basis points [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('rejects shares of 70 and 30 entered as basis points, pointing at percent, before sending anything', async () => {
		const { error } = await ctx.run({
			parameters: {
				...splitLink,
				linkShareUnit: 'basisPoints',
				linkRecipients: recipients({ ...provider, share: '70' }, { ...tenant, share: '30' }),
			},
		});

		expect(error?.message).toContain('Recipient Shares total 100 basis points (1 %)');
		expect(error?.message).toContain('set "Shares Entered In" to Percent');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('rejects a single share of 30 % before sending anything', async () => {
		const { error } = await ctx.run({
			parameters: { ...splitLink, linkShareUnit: 'percent', linkRecipients: recipients({ ...provider, share: '30' }) },
		});

		expect(error?.message).toBe('Recipient Shares total 30 %; they must total exactly 100 % [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('requires a display currency for a split link before sending anything', async () => {
		const { error } = await ctx.run({
			parameters: { ...splitLink, linkDisplayCurrency: '', linkRecipients: recipients({ ...provider, share: '70', currency: 'AUD' }, { ...tenant, share: '30', currency: 'AUD' }) },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/^Display Currency is required for split links/);
		expect(ctx.sandbox.requests()).toEqual([]);
	});
});

describe('Payment Link → Create (checks and publishing)', () => {
	const fourRecipients = recipients(
		{ ...provider, share: '40' },
		{ role: 'education_provider', connectorPayeeId: 456, share: '30' },
		{ role: 'education_provider', connectorPayeeId: 789, share: '20' },
		{ ...tenant, share: '10' },
	);

	it('rejects more recipients than the requirements preview allows, creating nothing', async () => {
		const { error } = await ctx.run({
			parameters: { ...splitLink, linkRecipients: fourRecipients, linkOptions: { checkRecipientLimit: true } },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Recipients: 4 recipients, but Nexpay allows at most 3 for this kind of link (connector paynow v1) [item 0]');
		expect(seen(ctx.sandbox)).toEqual(['POST /v2/payment-intents/requirements']);
		expect(jsonBody(ctx.sandbox.requests()[0])).toEqual({
			useCase: 'education_provider_tuition_with_tenant_split',
			deliveryMode: 'reusable_payment_link',
			amountMode: 'free_entry_with_portions',
			payer: { role: 'unknown_link_payer' },
		});
		expect(ctx.sandbox.intents()).toEqual([]);
	});

	it('stops with the dry-run’s missing requirements and never submits', async () => {
		const { error } = await ctx.run({ parameters: { ...splitLink, linkRecipients: fourRecipients } });

		const draft = ctx.sandbox.intents()[0];
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Nexpay would not publish this payment link: recipients: 4 recipients; this connector allows at most 3 [item 0]',
		);
		expect((error as NodeOperationError).description).toContain(`The payment intent ${draft.id} was created as a draft and not published`);
		expect(seen(ctx.sandbox)).toEqual(['POST /v2/payment-intents', `POST /v2/payment-intents/${draft.id}/dry-run`]);
		expect(draft.status).toBe('draft');
	});

	it('creates a draft without publishing when Publish is off', async () => {
		const { items } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkRecipients: recipients({ ...provider, payeeAmount: '45.00', currency: 'AUD' }),
				linkPublish: false,
			},
		});

		expect(jsonOf(items)).toEqual([expect.objectContaining({ status: 'draft', paymentLinkUrl: null, publicLinkId: ctx.sandbox.intents()[0].publicLinkId })]);
		expect(seen(ctx.sandbox)).toEqual(['POST /v2/payment-intents']);
	});

	it('publishes a service invoice to the tenant without a split role and without "created by" text', async () => {
		const { items } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'generic_service_invoice',
				linkRecipients: recipients({ ...tenant, payeeAmount: '1200.5' }),
				linkDisplayCurrency: 'EUR',
				linkOptions: { includeCreatedByText: false, displayCurrencySource: 'explicit' },
			},
		});

		expect(jsonOf(items)[0]).toMatchObject({ status: 'active', useCase: 'generic_service_invoice', paymentLinkUrl: expect.stringContaining('/pay/pl_') });
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'))).toMatchObject({
			useCase: 'generic_service_invoice',
			amountMode: 'fixed_payee_amounts',
			recipients: [{ role: 'tenant', order: 1, connectorPayeeId: 14001, amount: { payeeAmount: '1200.50', currency: 'EUR' } }],
			instructions: { paymentLink: { displayCurrencySource: 'explicit', displayCurrency: 'EUR', includeCreatedByText: false } },
		});
	});

	it('retries a submit that failed with 502 after Nexpay committed it, with the same Idempotency-Key, and publishes one link', async () => {
		ctx.sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 502 });

		const { items, error } = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'create', linkRecipients: recipients({ ...provider, payeeAmount: '10000.00', currency: 'AUD' }) },
		});

		expect(error).toBeUndefined();
		const submits = ctx.sandbox.requests().filter((request) => request.path.endsWith('/submit'));
		expect(submits.map((request) => request.status)).toEqual([502, 200]);
		expect(submits[0].headers['idempotency-key']).toBe(submits[1].headers['idempotency-key']);
		const intents = ctx.sandbox.intents();
		expect(intents).toHaveLength(1);
		expect(intents[0].executions).toHaveLength(1);
		expect(jsonOf(items)[0]).toMatchObject({ status: 'active', paymentLinkUrl: intents[0].executions[0].paymentLinkUrl });
	});

	it('says how to finish publishing when the submit keeps failing, and Payment Intent → Submit with that key finishes it', async () => {
		ctx.sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-before-commit', status: 500, times: 4 });

		const { error } = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'create', linkRecipients: recipients({ ...provider, payeeAmount: '45.00', currency: 'AUD' }) },
		});

		const draft = ctx.sandbox.intents()[0];
		const key = lastRequest(ctx.sandbox, 'POST', /\/submit$/).headers['idempotency-key'];
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('[GEN9001] Internal server error');
		expect((error as NodeApiError).description).toContain(
			`The payment intent ${draft.id} was created but publishing did not finish: run Payment Intent → Submit for it with Idempotency Key ${key}`,
		);
		expect(draft.status).toBe('draft');

		const { items } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: draft.id, submitOptions: { idempotencyKey: key } },
		});

		expect(items[0].json).toMatchObject({ id: draft.id, status: 'active', lastPaymentLinkUrl: expect.stringContaining(String(draft.publicLinkId)) });
	});

	it('uses the Idempotency Key given in the options', async () => {
		await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkRecipients: recipients({ ...provider, payeeAmount: '10.00', currency: 'AUD' }),
				linkOptions: { idempotencyKey: 'link-2026-001' },
			},
		});

		expect(lastRequest(ctx.sandbox, 'POST', /\/submit$/).headers['idempotency-key']).toBe('link-2026-001');
	});

	it('refuses an Idempotency Key with spaces before creating anything', async () => {
		const { error } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkRecipients: recipients({ ...provider, payeeAmount: '10.00', currency: 'AUD' }),
				linkOptions: { idempotencyKey: 'my key' },
			},
		});

		expect(error?.message).toBe('Idempotency Key must be 1–255 printable characters without spaces (a UUID is a good choice) [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('names the recipient and field of a bad amount and sends nothing', async () => {
		const { error } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkRecipients: recipients({ ...provider, payeeAmount: '10.00', currency: 'AUD' }, { ...tenant, payeeAmount: '1,50', currency: 'AUD' }),
			},
		});

		expect(error?.message).toBe('Recipient 2 Amount "1,50" is not a decimal amount like 45.00 (digits, optional "." and two decimals; no sign, comma or currency) [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});
});

describe('Payment Link → other operations', () => {
	async function publishedLink(scenario = 'education_provider_tuition'): Promise<{ id: string; token: string }> {
		const split = scenario === 'education_provider_tuition_with_tenant_split';
		const { items } = await ctx.run({
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: scenario,
				linkDisplayCurrency: 'AUD',
				linkRecipients: split
					? recipients({ ...provider, share: '70' }, { ...tenant, share: '30' })
					: recipients({ ...provider, payeeAmount: '10000.00' }),
				linkReference: 'TUITION-2026',
			},
		});
		return { id: String(items[0].json.paymentIntentId), token: String(items[0].json.publicLinkId) };
	}

	it('Get Requirements outputs the connector, the recipient limit and the accepted limitations', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'getRequirements', linkScenario: 'education_provider_tuition_with_tenant_split' },
		});

		expect(items[0].json).toMatchObject({
			connector: { provider: 'paynow', action: 'payment_link', version: 'v1' },
			limits: { maxRecipients: 3 },
			controls: { acceptedLimitations: expect.arrayContaining([expect.objectContaining({ code: 'no_cancellation' })]) },
		});
	});

	it('Get Submissions lists the children of one link, filtered by status', async () => {
		const link = await publishedLink('education_provider_tuition_with_tenant_split');
		const other = await publishedLink();
		ctx.sandbox.completeLinkSubmission(link.id, { amount: '1500.00', payerName: 'Ana Lima' });
		ctx.sandbox.completeLinkSubmission(link.id, { amount: '200.00', status: 'pending' });
		ctx.sandbox.completeLinkSubmission(other.id);

		const all = await ctx.run({ parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: link.id, returnAll: true } });
		const completed = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: link.id, submissionStatus: 'completed', returnAll: true },
		});

		expect(jsonOf(all.items).map((child) => [child.amount, child.status])).toEqual([
			['1500.00', 'completed'],
			['200.00', 'pending'],
		]);
		expect(jsonOf(all.items).every((child) => (child.createdFrom as { paymentIntentId: string }).paymentIntentId === link.id)).toBe(true);
		expect(jsonOf(completed.items).map((child) => child.amount)).toEqual(['1500.00']);
		const query = new URLSearchParams(lastRequest(ctx.sandbox, 'GET', '/v2/payment-intents').query);
		expect(Object.fromEntries(query)).toEqual({
			'filter[deliveryMode]': 'payment_link_submission',
			'filter[createdFrom.paymentIntentId]': link.id,
			'filter[status]': 'completed',
			page: '1',
			limit: '100',
		});
	});

	it('Get Submissions filters by a status typed under Other Status, or saved by an earlier version', async () => {
		const link = await publishedLink();
		ctx.sandbox.completeLinkSubmission(link.id);
		const failed = ctx.sandbox.completeLinkSubmission(link.id, { status: 'failed' });
		const base = { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: link.id, returnAll: true };

		const typed = await ctx.run({ parameters: { ...base, submissionStatus: 'other', otherSubmissionStatus: ' failed ' } });
		const saved = await ctx.run({ parameters: { ...base, submissionStatus: 'failed' } });
		const missing = await ctx.run({ parameters: { ...base, submissionStatus: 'other', otherSubmissionStatus: '  ' } });

		expect(jsonOf(typed.items).map((child) => child.id)).toEqual([failed.id]);
		expect(jsonOf(saved.items).map((child) => child.id)).toEqual([failed.id]);
		expect(missing.error?.message).toBe('Other Status is required [item 0]');
		expect(ctx.sandbox.requests().filter((request) => request.method === 'GET')).toHaveLength(2);
	});

	it('Get Submissions pages through with Return All and stops at the Limit otherwise', async () => {
		const link = await publishedLink();
		for (let i = 0; i < 105; i++) ctx.sandbox.completeLinkSubmission(link.id);

		const all = await ctx.run({ parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: link.id, returnAll: true } });
		const firstFive = await ctx.run({ parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: link.id, limit: 5 } });

		expect(all.items).toHaveLength(105);
		expect(firstFive.items).toHaveLength(5);
		expect(new URLSearchParams(lastRequest(ctx.sandbox, 'GET', '/v2/payment-intents').query).get('limit')).toBe('5');
	});

	it('Get Public Details, Get Quote and Get Status read the public payer endpoints', async () => {
		const link = await publishedLink('education_provider_tuition_with_tenant_split');
		const child = ctx.sandbox.completeLinkSubmission(link.id, { amount: '800.00', status: 'pending' });

		const details = await ctx.run({ parameters: { resource: 'paymentLink', operation: 'getPublicDetails', publicLinkId: link.token } });
		const quote = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'getQuote', publicLinkId: link.token, quoteAmount: '1500', payerCountryCode: 'gb' },
		});
		const status = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'getStatus', publicLinkId: link.token, submissionPaymentIntentId: child.id },
		});

		expect(details.items[0].json).toMatchObject({ publicLinkId: link.token, amountMode: 'open', currency: 'AUD', reference: 'TUITION-2026' });
		expect(quote.items[0].json).toMatchObject({ amount: '1500.00', currency: 'AUD', payerCountryCode: 'GB', variants: expect.any(Array) });
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', `/v2/public/payment-links/${link.token}/quote`))).toEqual({ payerCountryCode: 'GB', amount: '1500.00' });
		expect(status.items[0].json).toEqual({
			publicLinkId: link.token,
			status: 'active',
			paymentIntent: { id: child.id, status: 'pending', amount: '800.00', currency: 'AUD' },
		});
	});

	it('Get Public Details of an unknown link fails with the Nexpay code', async () => {
		const { error } = await ctx.run({ parameters: { resource: 'paymentLink', operation: 'getPublicDetails', publicLinkId: 'pl_unknown' } });

		expect(error?.message).toBe('[PAY0001] Payment not found');
	});
});
