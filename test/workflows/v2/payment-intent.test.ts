import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { jsonBody, jsonOf, lastRequest, recipients, seen, useSandbox } from './support';

const ctx = useSandbox();

const provider = { role: 'education_provider', connectorPayeeId: 123 };
const tenant = { role: 'tenant', connectorPayeeId: 14001 };

/** A draft manual intent, created straight through the node. */
async function draftIntent(): Promise<string> {
	const { items, error } = await ctx.run({
		parameters: {
			resource: 'paymentIntent',
			operation: 'create',
			intentPayerRole: 'student',
			intentRecipients: recipients({ ...provider, payeeAmount: '2500', currency: 'GBP' }),
		},
	});
	if (error) throw error;
	return String(items[0].json.id);
}

describe('Payment Intent → Create', () => {
	it('creates a draft manual intent from the form', async () => {
		const { items } = await ctx.run({
			parameters: {
				resource: 'paymentIntent',
				operation: 'create',
				intentUseCase: 'education_provider_tuition',
				intentDeliveryMode: 'manual',
				intentPayerRole: 'student',
				intentRecipients: recipients({ ...provider, payeeAmount: '2500', currency: 'GBP' }),
				intentAdditionalFields: { payerDetails: '{"name": "Ana Lima", "email": "ana@example.com"}' },
			},
		});

		expect(items[0].json).toMatchObject({ id: ctx.sandbox.intents()[0].id, status: 'draft', deliveryMode: 'manual', publicLinkId: null });
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'))).toEqual({
			useCase: 'education_provider_tuition',
			deliveryMode: 'manual',
			amountMode: 'fixed_payee_amounts',
			payer: { name: 'Ana Lima', email: 'ana@example.com', role: 'student' },
			recipients: [
				{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { payeeAmount: '2500.00', currency: 'GBP' } },
			],
			termsAccepted: true,
		});
	});

	it('creates a split link intent from the form with shares in basis points and unknown_link_payer filled in', async () => {
		await ctx.run({
			parameters: {
				resource: 'paymentIntent',
				operation: 'create',
				intentUseCase: 'education_provider_tuition_with_tenant_split',
				intentDeliveryMode: 'reusable_payment_link',
				intentAmountMode: 'free_entry_with_portions',
				intentShareUnit: 'basisPoints',
				intentRecipients: recipients({ ...provider, share: '7000' }, { ...tenant, share: '3000' }),
				intentAdditionalFields: { displayCurrency: 'AUD', reference: 'TUITION-2026' },
			},
		});

		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'))).toMatchObject({
			payer: { role: 'unknown_link_payer' },
			recipients: [{ amount: { portionBps: 7000, currency: 'AUD' } }, { amount: { portionBps: 3000, currency: 'AUD' } }],
			instructions: { paymentLink: { displayCurrency: 'AUD', reference: 'TUITION-2026', includeCreatedByText: true } },
		});
	});

	it('sends a JSON body as given', async () => {
		const body = {
			useCase: 'owed_commission_invoice',
			deliveryMode: 'reusable_payment_link',
			amountMode: 'fixed_payee_amounts',
			payer: { role: 'unknown_link_payer' },
			recipients: [{ role: 'tenant', order: 1, connectorPayeeId: 14001, amount: { payeeAmount: '300.00', currency: 'EUR' } }],
			instructions: { paymentLink: { displayCurrencySource: 'primary_recipient_currency' } },
			termsAccepted: true,
		};

		const { items } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'create', intentBodySource: 'json', intentJsonBody: JSON.stringify(body) },
		});

		expect(items[0].json).toMatchObject({ status: 'draft', useCase: 'owed_commission_invoice' });
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payment-intents'))).toEqual(body);
	});

	it('rejects a JSON body whose portions are percentages, before sending anything', async () => {
		const body = {
			useCase: 'education_provider_tuition_with_tenant_split',
			deliveryMode: 'reusable_payment_link',
			amountMode: 'free_entry_with_portions',
			recipients: [
				{ role: 'education_provider', order: 1, connectorPayeeId: 123, amount: { portionBps: 70, currency: 'AUD' } },
				{ role: 'tenant', order: 2, connectorPayeeId: 14001, amount: { portionBps: 30, currency: 'AUD' } },
			],
		};

		const { error } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'create', intentBodySource: 'json', intentJsonBody: JSON.stringify(body) },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toContain('Recipient Shares total 100 basis points (1 %)');
		expect(error?.message).toContain('multiply each percentage by 100');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('rejects a JSON body that is not JSON, naming the field and item', async () => {
		const { error } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'create', intentBodySource: 'json', intentJsonBody: '{ "useCase": ' },
		});

		expect(error?.message).toBe('Body (JSON) is not valid JSON [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});
});

describe('Payment Intent → Get, Get Many, Get Requirements, Dry Run', () => {
	it('gets one intent by ID', async () => {
		const id = await draftIntent();

		const { items } = await ctx.run({ parameters: { resource: 'paymentIntent', operation: 'get', paymentIntentId: id } });

		expect(items[0].json).toMatchObject({ id, status: 'draft', recipients: [expect.objectContaining({ connectorPayeeId: 123 })] });
	});

	it('refuses an ID that is not one path segment, before sending anything', async () => {
		const { error } = await ctx.run({ parameters: { resource: 'paymentIntent', operation: 'get', paymentIntentId: '../payments/123' } });

		expect(error?.message).toBe('Payment Intent ID "../payments/123" is not a payment intent ID (letters, digits, "_" and "-", like pi_3f9c2a…) [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('gets many intents filtered by delivery mode, parent link and status', async () => {
		await draftIntent();
		const { items: created } = await ctx.run({
			parameters: { resource: 'paymentLink', operation: 'create', linkRecipients: recipients({ ...provider, payeeAmount: '45.00', currency: 'AUD' }) },
		});
		const linkId = String(created[0].json.paymentIntentId);
		ctx.sandbox.completeLinkSubmission(linkId);
		ctx.sandbox.completeLinkSubmission(linkId, { status: 'failed' });

		const all = await ctx.run({ parameters: { resource: 'paymentIntent', operation: 'getMany', returnAll: true } });
		const links = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'getMany', returnAll: true, intentFilters: { deliveryMode: 'reusable_payment_link' } },
		});
		const failedChildren = await ctx.run({
			parameters: {
				resource: 'paymentIntent',
				operation: 'getMany',
				limit: 10,
				intentFilters: { deliveryMode: 'payment_link_submission', createdFromPaymentIntentId: linkId, status: 'failed' },
			},
		});

		expect(all.items).toHaveLength(4);
		expect(jsonOf(links.items).map((intent) => intent.id)).toEqual([linkId]);
		expect(jsonOf(failedChildren.items)).toEqual([expect.objectContaining({ status: 'failed', createdFrom: { paymentIntentId: linkId } })]);
	});

	it('gets the requirements of a kind of intent without creating one', async () => {
		const { items } = await ctx.run({
			parameters: {
				resource: 'paymentIntent',
				operation: 'getRequirements',
				intentUseCase: 'education_provider_tuition',
				intentDeliveryMode: 'manual',
				intentPayerRole: 'student',
			},
		});

		expect(items[0].json).toMatchObject({ deliveryMode: 'manual', limits: { maxRecipients: 10 }, rule: { status: 'enabled' } });
		expect(jsonBody(ctx.sandbox.requests()[0])).toEqual({
			useCase: 'education_provider_tuition',
			deliveryMode: 'manual',
			amountMode: 'fixed_payee_amounts',
			payer: { role: 'student' },
		});
		expect(ctx.sandbox.intents()).toEqual([]);
	});

	it('dry-runs an intent and says whether it is ready to submit', async () => {
		const id = await draftIntent();

		const { items } = await ctx.run({ parameters: { resource: 'paymentIntent', operation: 'dryRun', paymentIntentId: id } });

		expect(items[0].json).toMatchObject({ readyToSubmit: true, paymentIntentId: id, rule: { status: 'enabled', missingRequirements: [] } });
	});
});

describe('Payment Intent → Submit', () => {
	it('submits with an Idempotency-Key and, after a 502 past the commit, retries with the same key and submits once', async () => {
		const id = await draftIntent();
		ctx.sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 502 });

		const { items, error } = await ctx.run({ parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: id } });

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id, status: 'submitted' });
		const submits = ctx.sandbox.requests().filter((request) => request.path === `/v2/payment-intents/${id}/submit`);
		expect(submits.map((request) => request.status)).toEqual([502, 200]);
		expect(new Set(submits.map((request) => request.headers['idempotency-key'])).size).toBe(1);
		expect(ctx.sandbox.intents().find((intent) => intent.id === id)?.executions).toHaveLength(1);
	});

	it('reuses the derived key when n8n retries the node (Retry On Fail), so the intent is submitted once', async () => {
		const id = await draftIntent();
		// Every attempt of the first node run ends in 502, the first one after Nexpay committed the submit.
		ctx.sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 502, times: 4 });

		const { items, result } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: id },
			node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
		});

		// (The rig's `error` keeps what the first try threw; the run itself succeeded.)
		expect(result.status).toBe('success');
		expect(items[0].json).toMatchObject({ id, status: 'submitted' });
		const submits = ctx.sandbox.requests().filter((request) => request.path.endsWith('/submit'));
		expect(submits.map((request) => request.status)).toEqual([502, 502, 502, 502, 200]);
		expect(new Set(submits.map((request) => request.headers['idempotency-key'])).size).toBe(1);
		expect(ctx.sandbox.intents().find((intent) => intent.id === id)?.executions).toHaveLength(1);
	});

	it('derives a different key per item', async () => {
		const first = await draftIntent();
		const second = await draftIntent();

		const { items } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: '={{ $json.id }}' },
			input: [{ id: first }, { id: second }],
		});

		expect(jsonOf(items).map((intent) => intent.status)).toEqual(['submitted', 'submitted']);
		const keys = ctx.sandbox.requests().filter((request) => request.path.endsWith('/submit')).map((request) => request.headers['idempotency-key']);
		expect(keys).toHaveLength(2);
		expect(keys[0]).not.toBe(keys[1]);
	});

	it('explains a 422 when the user’s Idempotency Key was already used for another intent', async () => {
		const first = await draftIntent();
		const second = await draftIntent();
		const submit = async (id: string) =>
			await ctx.run({
				parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: id, submitOptions: { idempotencyKey: 'batch-2026-03' } },
			});

		expect((await submit(first)).error).toBeUndefined();
		const { error } = await submit(second);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('422');
		expect((error as NodeApiError).description).toContain('Nexpay refused Idempotency-Key batch-2026-03: it was already used with a different request');
		expect(ctx.sandbox.intents().find((intent) => intent.id === second)?.status).toBe('draft');
	});

	it('outputs the error of an intent Nexpay will not submit with its code when continuing on fail', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: 'pi_missing' },
			node: { continueOnFail: true },
		});

		expect(items).toEqual([
			{
				json: expect.objectContaining({ error: '[PAY0001] Payment not found', code: '[PAY0001]', httpCode: '404' }),
				pairedItem: { item: 0 },
			},
		]);
		expect(seen(ctx.sandbox)).toEqual(['POST /v2/payment-intents/pi_missing/submit']);
	});
});
