// Behaviour every v2 operation shares through the router and the transport: batching, order and
// pairing, continue-on-fail, 429 back-off, and no secret in anything the node emits.
import { NodeApiError } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runWorkflow } from '../../rig';
import { FAST_RETRY, jsonOf, recipients, useSandbox } from './support';

const ctx = useSandbox();

const PAYMENT_IDS = [123, 124, 125];

describe('Batching', () => {
	it('runs 200 items in batches of 20 concurrent requests and keeps input order and pairing', async () => {
		// Each answer is held 400 ms, so concurrency shows in the arrival times.
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-after-commit', delayMs: 400, times: 200 });
		const input = Array.from({ length: 200 }, (_, index) => ({ index, paymentId: PAYMENT_IDS[index % 3] }));

		const { items, error } = await ctx.run({
			parameters: {
				resource: 'payment',
				operation: 'get',
				v2PaymentId: '={{ $json.paymentId }}',
				requestOptions: { ...FAST_RETRY, batching: { batch: { batchSize: 20, batchInterval: 0 } } },
			},
			input,
		});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(200);
		items.forEach((item, index) => {
			expect(item.json.id).toBe(PAYMENT_IDS[index % 3]);
			expect(item.pairedItem).toEqual({ item: index });
		});
		const arrivals = ctx.sandbox.requests().map((request) => request.receivedAt);
		expect(arrivals).toHaveLength(200);
		for (let batch = 0; batch < 10; batch++) {
			const first = arrivals[batch * 20];
			// The 20 requests of a batch arrive together, the next batch only after their answers.
			expect(arrivals[batch * 20 + 19] - first).toBeLessThan(400);
			if (batch < 9) expect(arrivals[(batch + 1) * 20] - first).toBeGreaterThanOrEqual(390);
		}
	});

	it('slows a batch down on a 429 with Retry-After instead of failing it', async () => {
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'retry-after', retryAfterSeconds: 1, times: 1 });
		const input = Array.from({ length: 40 }, (_, index) => ({ paymentId: PAYMENT_IDS[index % 3] }));
		const started = Date.now();

		const { items, error } = await ctx.run({
			parameters: {
				resource: 'payment',
				operation: 'get',
				v2PaymentId: '={{ $json.paymentId }}',
				requestOptions: { ...FAST_RETRY, batching: { batch: { batchSize: 20 } } },
			},
			input,
		});

		expect(error).toBeUndefined();
		expect(jsonOf(items).map((payment) => payment.id)).toEqual(input.map((entry) => entry.paymentId));
		const log = ctx.sandbox.requests();
		expect(log.filter((request) => request.status === 429)).toHaveLength(1);
		expect(log.filter((request) => request.status === 200)).toHaveLength(40);
		const limited = log.find((request) => request.status === 429)!;
		// The first 20 requests are batch 1's first attempts; the retry and all of batch 2 waited out Retry-After.
		const later = log.slice(20);
		expect(later).toHaveLength(21);
		expect(Math.min(...later.map((request) => request.receivedAt)) - limited.receivedAt).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});
});

describe('Continue on fail', () => {
	it('outputs an error item with the Nexpay code for a failing item and goes on with the others', async () => {
		const { items, error } = await ctx.run({
			parameters: { resource: 'payment', operation: 'get', v2PaymentId: '={{ $json.paymentId }}' },
			input: [{ paymentId: 123 }, { paymentId: 99999 }, { paymentId: 'abc' }, { paymentId: 125 }],
			node: { continueOnFail: true },
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.id).toBe(123);
		expect(items[1].json).toEqual({
			error: '[PAY0001] Payment not found',
			description: 'Check the payment or payment intent ID, and that it belongs to this tenant.',
			httpCode: '404',
			code: '[PAY0001]',
			details: { paymentId: '99999' },
		});
		expect(items[2].json).toEqual({
			error: 'Payment ID "abc" is not a whole number above 0 [item 2]',
			description: 'Fix "Payment ID" in item 2. Nothing was sent to Nexpay for this item.',
		});
		expect(items[3].json.id).toBe(125);
		expect(ctx.sandbox.requests().map((request) => request.path)).toEqual(['/v2/payments/123', '/v2/payments/99999', '/v2/payments/125']);
	});

	it('without continue on fail, stops with the failing item’s error', async () => {
		const { error } = await ctx.run({
			parameters: { resource: 'payment', operation: 'get', v2PaymentId: '={{ $json.paymentId }}' },
			input: [{ paymentId: 123 }, { paymentId: 99999 }],
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('[PAY0001] Payment not found');
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});
});

describe('Secrets', () => {
	it('never puts the API key in outputs or error messages', async () => {
		const wrongKey = 'wrong-key-that-is-also-secret-42';
		const runs = [
			await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123' } }),
			await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '99999' } }),
			await ctx.run({ parameters: { resource: 'conversation', operation: 'get', v2PaymentId: '123' } }),
			await ctx.run({
				parameters: { resource: 'paymentLink', operation: 'create', linkRecipients: recipients({ role: 'education_provider', connectorPayeeId: 123, payeeAmount: '45.00', currency: 'AUD' }) },
			}),
			await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123' }, node: { continueOnFail: true }, apiKey: wrongKey }),
			await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123' }, apiKey: wrongKey }),
		];

		expect(runs[4].items[0].json).toMatchObject({ code: '[AUT0003]' });
		expect(runs[5].error?.message).toBe('[AUT0003] Invalid API key');
		const everything = JSON.stringify(
			runs.map((run) => ({
				items: run.items,
				runData: run.runData,
				error: run.error && Object.fromEntries(Object.getOwnPropertyNames(run.error).map((key) => [key, (run.error as unknown as Record<string, unknown>)[key]])),
			})),
		);
		expect(everything).not.toContain(ctx.sandbox.keys.v2ApiKey);
		expect(everything).not.toContain(wrongKey);
		expect(everything).toContain('[AUT0003]');
	});
});

describe('A workflow of two Nexpay nodes', () => {
	it('creates a link and reads its submissions in the next node', async () => {
		const sandbox = ctx.sandbox;
		const credentials = { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } };
		const create = {
			name: 'Create Link',
			type: 'nexpay',
			parameters: {
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'education_provider_tuition_with_tenant_split',
				linkDisplayCurrency: 'AUD',
				linkRecipients: recipients({ role: 'education_provider', connectorPayeeId: 123, share: '70' }, { role: 'tenant', connectorPayeeId: 14001, share: '30' }),
				requestOptions: FAST_RETRY,
			},
		};
		const first = await runWorkflow({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials,
			nodes: [{ name: 'Start', type: 'rig.input', parameters: { items: JSON.stringify([{ cohort: '2026' }]) } }, create as never],
		});
		const linkId = String(first.output('Create Link')[0].json.paymentIntentId);
		sandbox.completeLinkSubmission(linkId, { amount: '1000.00', payerName: 'Ana Lima' });

		const second = await runWorkflow({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials,
			nodes: [
				{ name: 'Start', type: 'rig.input', parameters: { items: JSON.stringify([{ linkId }]) } },
				{
					name: 'Submissions',
					type: 'nexpay',
					parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: '={{ $json.linkId }}', returnAll: true, requestOptions: FAST_RETRY },
				},
			],
		});

		expect(second.status).toBe('success');
		expect(jsonOf(second.output('Submissions'))).toEqual([
			expect.objectContaining({ amount: '1000.00', status: 'completed', createdFrom: { paymentIntentId: linkId }, deliveryMode: 'payment_link_submission' }),
		]);
	});
});
