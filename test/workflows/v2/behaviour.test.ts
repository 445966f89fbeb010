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
	it('keeps 20 requests in flight as a sliding window: a slow answer holds up no other item; order and pairing kept', async () => {
		// Item 0's answer takes 5 s, the next 19 one second each (so 20 are surely out together), the rest 50 ms.
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/124', kind: 'delay-after-commit', delayMs: 5000, times: 1 });
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-after-commit', delayMs: 1000, times: 19 });
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-after-commit', delayMs: 50, times: 180 });
		const input = Array.from({ length: 200 }, (_, index) => ({ index, paymentId: index === 0 ? 124 : PAYMENT_IDS[index % 2 === 0 ? 0 : 2] }));

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
			expect(item.json.id).toBe(input[index].paymentId);
			expect(item.pairedItem).toEqual({ item: index });
		});
		const requests = ctx.sandbox.requests();
		expect(requests).toHaveLength(200);
		// Measured by the server, not by timing: 20 at once, never a 21st before one has answered.
		expect(Math.max(...requests.map((request) => request.inFlightOnArrival))).toBe(19);
		// Lock-step batches would hold items 20-199 behind item 0's 5 s answer; the window sends them all meanwhile.
		const slow = requests.find((request) => request.path === '/v2/payments/124');
		const others = requests.filter((request) => request !== slow);
		expect(others.every((request) => (request.closedAt ?? Infinity) <= (slow?.closedAt ?? 0))).toBe(true);
	});

	it('runs reads 10 at a time by default and creates one at a time', async () => {
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-after-commit', delayMs: 1000, times: 10 });
		await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '={{ $json.paymentId }}' }, input: Array.from({ length: 20 }, () => ({ paymentId: 123 })) });
		const reads = ctx.sandbox.requests();
		expect(reads).toHaveLength(20);
		expect(Math.max(...reads.map((request) => request.inFlightOnArrival))).toBe(9);

		ctx.sandbox.reset();
		ctx.sandbox.injectFault({ route: 'POST /v2/documents', kind: 'delay-after-commit', delayMs: 100, times: 3 });
		const file = { fileName: 'a.png', mimeType: 'image/png', data: Buffer.from([1, 2, 3]).toString('base64') };
		await ctx.run({
			parameters: { resource: 'document', operation: 'upload', binaryPropertyName: 'file', documentType: 'passport' },
			input: Array.from({ length: 3 }, () => ({ json: {}, binary: { file } })),
		});
		const uploads = ctx.sandbox.requests();
		expect(uploads).toHaveLength(3);
		expect(uploads.map((request) => request.inFlightOnArrival)).toEqual([0, 0, 0]);
	});

	it('refuses an Items per Batch that is not a number, naming the field, and sends nothing', async () => {
		const { items, error } = await ctx.run({
			parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123', requestOptions: { ...FAST_RETRY, batching: { batch: { batchSize: 'ten' } } } },
			input: [{}, {}],
		});

		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Items per Batch must be a number from 1 to 100, got "ten" [item 0]');
		expect(ctx.sandbox.requests()).toHaveLength(0);
	});

	it('keeps fixed batches with a pause when Batch Interval is set', async () => {
		ctx.sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-after-commit', delayMs: 500, times: 5 });
		await ctx.run({
			parameters: {
				resource: 'payment',
				operation: 'get',
				v2PaymentId: '123',
				requestOptions: { ...FAST_RETRY, batching: { batch: { batchSize: 5, batchInterval: 300 } } },
			},
			input: Array.from({ length: 10 }, () => ({})),
		});
		const requests = ctx.sandbox.requests();
		expect(requests.slice(0, 5).map((request) => request.inFlightOnArrival)).toEqual([0, 1, 2, 3, 4]);
		// The second batch starts only after the first has answered, and then after the pause.
		const firstBatchClosed = Math.max(...requests.slice(0, 5).map((request) => request.closedAt ?? Infinity));
		expect(requests[5].inFlightOnArrival).toBe(0);
		expect(requests[5].receivedAt - firstBatchClosed).toBeGreaterThanOrEqual(280);
	});

	it('starts no new item after a failure, lets the ones in flight finish, and reports the first failing item', async () => {
		const input = Array.from({ length: 30 }, (_, index) => ({ paymentId: index === 3 ? 99999 : 123 }));
		const { error } = await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '={{ $json.paymentId }}' }, input });

		expect((error as NodeApiError).message).toMatch(/PAY|not found/i);
		expect((error as NodeApiError & { context: { itemIndex?: number } }).context.itemIndex).toBe(3);
		expect(ctx.sandbox.requests().length).toBeLessThan(30);
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
