import { generateKeyPairSync } from 'node:crypto';
import type { ICredentialTestFunctions, IDataObject, INodeParameters } from 'n8n-workflow';

import { RecentDeliveries } from '../../../nodes/Nexpay/triggers/webhookEvents';
import { NexpayTrigger } from '../../../nodes/Nexpay/NexpayTrigger.node';
import { NexpayWebhookTrigger } from '../../../nodes/Nexpay/NexpayWebhookTrigger.node';
import { startSandbox, type Sandbox, type WebhookVariant } from '../../sandbox';
import {
	DOCS_WEBHOOK_BODY,
	DOCS_WEBHOOK_PEM,
	DOCS_WEBHOOK_SIGNATURE,
	nexpayDelivery,
	OTHER_OWN_IBAN,
	OWN_IBAN,
	paymentStatusEvent,
	runNexpayWebhook,
	signedDelivery,
	startWebhookBridge,
	type WebhookBridge,
} from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());

const docsDelivery = () => nexpayDelivery(DOCS_WEBHOOK_BODY, DOCS_WEBHOOK_SIGNATURE);

describe('Nexpay Trigger: signature verification', () => {
	it('accepts the test vector printed in the docs, verified with the docs’ public key', async () => {
		const result = await runNexpayWebhook({ pem: DOCS_WEBHOOK_PEM, request: docsDelivery() });

		expect(result.responseSent).toBeUndefined();
		expect(result.webhookResponse.webhookResponse).toEqual({ received: true });
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						event: 'payment.status',
						paymentId: 27,
						feePaymentId: null,
						externalPaymentId: null,
						batchReference: null,
						account: 'LT953080020000000650',
						amount: '5.01',
						direction: 'incoming',
						status: 'COMPLETED',
						date: '2024-06-06',
						networkType: 'SEPA',
						otherName: 'Roach Combs LLC',
						otherAccount: 'LT093080020000000646',
						details: 'Test payment 501',
						originalAmount: null,
						originalCurrency: null,
						runningBalance: '18.08',
						deliveryKey: 'payment.status|27|COMPLETED',
					},
				},
			],
		]);
	});

	it('accepts the key when the credential holds the PEM on one line with literal \\n separators', async () => {
		const oneLine = DOCS_WEBHOOK_PEM.replace(/\n/g, '\\n');
		const result = await runNexpayWebhook({ pem: oneLine, request: docsDelivery() });
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	it('refuses every request with 401 when the credential holds no key', async () => {
		const result = await runNexpayWebhook({ pem: '', request: docsDelivery() });

		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ noWebhookResponse: true });
		expect(result.responseSent?.status).toBe(401);
		expect(result.responseSent?.body).toEqual({ error: 'invalid signature', reason: 'No webhook public key is configured' });
	});

	it('refuses every request with 401 when no credential is selected at all', async () => {
		const result = await runNexpayWebhook({ pem: null, request: docsDelivery() });

		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent?.status).toBe(401);
	});

	it('refuses with 401 when the credential holds a private key instead of the public one', async () => {
		const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const body = JSON.stringify(paymentStatusEvent());
		const result = await runNexpayWebhook({ pem, request: nexpayDelivery(body, sandbox.signWebhookBody(body)) });

		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent?.status).toBe(401);
		expect(String((result.responseSent?.body as { reason: string }).reason)).toMatch(/private key/);
	});

	it('refuses with 401 when the docs’ vector arrives with one byte of the body changed', async () => {
		const result = await runNexpayWebhook({ request: nexpayDelivery(DOCS_WEBHOOK_BODY.replace('5.01', '6.01'), DOCS_WEBHOOK_SIGNATURE) });

		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent).toMatchObject({ status: 401, body: { error: 'invalid signature', reason: 'Signature does not match the body' } });
	});

	it('answers 400 and starts nothing when a correctly signed body is not a Nexpay event', async () => {
		const body = '["not", "an", "event"]';
		const result = await runNexpayWebhook({ pem: sandbox.webhookPublicKeyPem, request: nexpayDelivery(body, sandbox.signWebhookBody(body)) });

		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent).toMatchObject({ status: 400, body: { error: 'invalid payload' } });
	});
});

describe('Nexpay Trigger: deliveries from the sandbox over HTTP', () => {
	let bridge: WebhookBridge;
	beforeEach(async () => {
		bridge = await startWebhookBridge(sandbox.webhookPublicKeyPem);
	});
	afterEach(async () => await bridge.close());

	it('accepts a validly signed delivery, answers 200 {"received":true} and outputs the event', async () => {
		const answer = await sandbox.sendWebhook(bridge.url, { variant: 'valid' });

		expect(answer).toEqual({ status: 200, body: '{"received":true}' });
		const [delivery] = bridge.deliveries;
		expect(delivery.result?.workflowData?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ event: 'payment.status', paymentId: '132', amount: '23.33', status: 'COMPLETED', direction: 'incoming' }),
		]);
	});

	const refused: WebhookVariant[] = ['tampered-body', 'wrong-key', 'missing-signature', 'malformed-signature', 'empty-body', 're-serialised'];
	it.each(refused)('refuses a %s delivery with 401 and starts nothing', async (variant) => {
		const answer = await sandbox.sendWebhook(bridge.url, { variant });

		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid signature' });
		expect(bridge.deliveries).toHaveLength(1);
		expect(bridge.deliveries[0].result?.workflowData).toBeUndefined();
	});

	it('starts nothing for a redelivery of an event it already accepted, and still answers 200', async () => {
		const first = await sandbox.sendWebhook(bridge.url, { variant: 'valid' });
		const second = await sandbox.sendWebhook(bridge.url, { variant: 'valid' });

		expect([first.status, second.status]).toEqual([200, 200]);
		expect(bridge.deliveries[0].result?.workflowData?.[0][0].json.deliveryKey).toBe('payment.status|132|COMPLETED');
		expect(bridge.deliveries[1].result?.workflowData).toBeUndefined();
	});

	it('lets exactly one of two identical deliveries at the same moment through', async () => {
		const answers = await Promise.all([sandbox.sendWebhook(bridge.url, { variant: 'valid' }), sandbox.sendWebhook(bridge.url, { variant: 'valid' })]);

		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(bridge.deliveries.filter((delivery) => delivery.result?.workflowData)).toHaveLength(1);
	});
});

describe('Nexpay Trigger: filters', () => {
	const run = async (parameters: INodeParameters, message = paymentStatusEvent()) =>
		await runNexpayWebhook({ pem: sandbox.webhookPublicKeyPem, parameters, request: signedDelivery(sandbox, message) });

	it('ignores an event name that is not selected, answering 200 so Nexpay does not retry', async () => {
		const result = await run({ events: ['payment.status'] }, { event: 'payment.created', payload: { paymentId: '1' } });

		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent).toBeUndefined();
		expect(result.webhookResponse).toEqual({ webhookResponse: { received: true } });
	});

	it('passes an event name Nexpay adds later when All Events is selected', async () => {
		const result = await run({ events: ['*'] }, { event: 'payment.created', payload: { paymentId: '1' } });

		expect(result.workflowData?.[0].map((item) => item.json)).toEqual([{ event: 'payment.created', paymentId: '1', deliveryKey: 'payment.created|1|' }]);
	});

	it('only runs for payment.status when no event is chosen explicitly', async () => {
		const status = await run({});
		const other = await run({}, { event: 'account.updated', payload: {} });

		expect(status.workflowData?.[0]).toHaveLength(1);
		expect(other.workflowData).toBeUndefined();
	});

	it('runs for a status that is selected and ignores one that is not', async () => {
		const completed = await run({ filters: { statuses: ['REJECTED'] } }, paymentStatusEvent({ paymentId: '1', status: 'COMPLETED' }));
		const rejected = await run({ filters: { statuses: ['REJECTED'] } }, paymentStatusEvent({ paymentId: '2', status: 'REJECTED' }));

		expect(completed.workflowData).toBeUndefined();
		expect(rejected.workflowData?.[0][0].json).toMatchObject({ paymentId: '2', status: 'REJECTED' });
	});

	it('runs for the selected direction only', async () => {
		const incoming = await run({ filters: { directions: ['outgoing'] } }, paymentStatusEvent({ paymentId: '1', direction: 'incoming' }));
		const outgoing = await run({ filters: { directions: ['outgoing'] } }, paymentStatusEvent({ paymentId: '2', direction: 'outgoing' }));

		expect(incoming.workflowData).toBeUndefined();
		expect(outgoing.workflowData?.[0][0].json).toMatchObject({ direction: 'outgoing' });
	});

	it('runs for payments on the listed IBANs only, however the list is spaced and cased', async () => {
		const accounts = ` ${OTHER_OWN_IBAN.toLowerCase()} ,LT02 3080 0100 0000 0239`;
		const listed = await run({ filters: { accounts } }, paymentStatusEvent({ paymentId: '1', account: OWN_IBAN }));
		const other = await run({ filters: { accounts } }, paymentStatusEvent({ paymentId: '2', account: 'LT953080020000000650' }));

		expect(listed.workflowData?.[0]).toHaveLength(1);
		expect(other.workflowData).toBeUndefined();
	});

	it('adds the request headers when asked, without cookies or authorization', async () => {
		const message = paymentStatusEvent();
		const request = signedDelivery(sandbox, message, { cookie: 'session=abc', authorization: 'Bearer t', 'user-agent': 'Nexpay' });
		const result = await runNexpayWebhook({ pem: sandbox.webhookPublicKeyPem, parameters: { options: { includeHeaders: true } }, request });

		const headers = result.workflowData?.[0][0].json.headers as Record<string, string>;
		expect(headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Nexpay' });
		expect(headers['x-signature']).toMatch(/^[0-9a-f]+$/);
		expect(headers).not.toHaveProperty('cookie');
		expect(headers).not.toHaveProperty('authorization');
	});
});

describe('Nexpay Trigger: redeliveries', () => {
	const deliver = async (workflowId: string, payload: IDataObject, parameters: INodeParameters = {}, mode?: 'manual') =>
		await runNexpayWebhook({
			pem: sandbox.webhookPublicKeyPem,
			parameters,
			workflowId,
			request: signedDelivery(sandbox, paymentStatusEvent(payload)),
			mode,
		});

	it('drops a redelivery of the same event, payment and status, and carries the deliveryKey', async () => {
		const first = await deliver('wf-redelivery', { paymentId: '7', status: 'COMPLETED' });
		const again = await deliver('wf-redelivery', { paymentId: '7', status: 'COMPLETED' });

		expect(first.workflowData?.[0][0].json.deliveryKey).toBe('payment.status|7|COMPLETED');
		expect(again.workflowData).toBeUndefined();
		expect(again.webhookResponse.webhookResponse).toEqual({ received: true });
	});

	it('runs again for the same payment when its status changes', async () => {
		await deliver('wf-status-change', { paymentId: '7', status: 'COMPLETED' });
		const rejected = await deliver('wf-status-change', { paymentId: '7', status: 'REJECTED' });

		expect(rejected.workflowData?.[0][0].json.deliveryKey).toBe('payment.status|7|REJECTED');
	});

	it('keeps the memory per workflow: another workflow with its own trigger gets the event too', async () => {
		await deliver('wf-one', { paymentId: '8' });
		const other = await deliver('wf-two', { paymentId: '8' });

		expect(other.workflowData?.[0]).toHaveLength(1);
	});

	it('runs for every delivery when Ignore Redeliveries is off', async () => {
		await deliver('wf-off', { paymentId: '9' }, { ignoreRedeliveries: false });
		const second = await deliver('wf-off', { paymentId: '9' }, { ignoreRedeliveries: false });

		expect(second.workflowData?.[0]).toHaveLength(1);
	});

	it('lets a test event ("Listen for test event") be sent again', async () => {
		await deliver('wf-manual', { paymentId: '10' }, {}, 'manual');
		const second = await deliver('wf-manual', { paymentId: '10' }, {}, 'manual');

		expect(second.workflowData?.[0]).toHaveLength(1);
	});

	it('keys an event without a payment ID by its exact bytes', async () => {
		const result = await deliver('wf-bytes', { paymentId: null, details: 'no id' } as IDataObject);

		expect(result.workflowData?.[0][0].json.deliveryKey).toMatch(/^payment\.status\|sha256:[0-9a-f]{64}$/);
	});

	it('stores nothing in static data, which n8n would not save from a webhook', async () => {
		const first = await deliver('wf-static', { paymentId: '11' });
		expect(first.unsavedStaticData).toEqual({});
	});
});

describe('RecentDeliveries', () => {
	it('forgets the oldest beyond its limit and anything older than its window', () => {
		const recent = new RecentDeliveries(3, 1000);
		for (const key of ['a', 'b', 'c', 'd']) expect(recent.seenBefore(key, 0)).toBe(false);
		expect(recent.seenBefore('d', 10)).toBe(true);
		expect(recent.seenBefore('a', 10)).toBe(false);
		expect(recent.seenBefore('c', 2000)).toBe(false);
	});
});

describe('Nexpay Trigger: description and credential test', () => {
	const node = new NexpayWebhookTrigger();
	const test = async (pem: string) =>
		await node.methods.credentialTest.nexpayWebhookKeyTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'Nexpay Webhook',
			type: 'nexpayWebhookApi',
			data: { pem },
		});

	it('passes the credential test for the docs’ P-256 public key', async () => {
		expect(await test(DOCS_WEBHOOK_PEM)).toEqual({ status: 'OK', message: expect.stringMatching(/P-256 public key/) });
	});

	it('fails the credential test for text that is not a PEM key', async () => {
		expect(await test('not a key')).toEqual({ status: 'Error', message: 'The webhook public key is not a valid PEM public key' });
	});

	it('fails the credential test for a public key on another curve or algorithm', async () => {
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
		const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

		expect((await test(rsa)).message).toMatch(/P-256/);
		expect((await test(p384)).message).toMatch(/P-256/);
	});

	it('fails the credential test when the key is empty', async () => {
		expect(await test('')).toEqual({ status: 'Error', message: 'No webhook public key is configured' });
	});

	it('is a POST webhook trigger with no inputs and no webhook lifecycle to fake', () => {
		const { description } = node;
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived', responseData: '' })]);
		expect((node as { webhookMethods?: unknown }).webhookMethods).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'nexpayWebhookApi', required: true, testedBy: 'nexpayWebhookKeyTest' }]);
	});
});

describe('Nexpay Trigger under its old type name nexpayTrigger (hidden legacy alias)', () => {
	it('is the same trigger under the old name, hidden from the nodes panel', () => {
		const current = new NexpayWebhookTrigger().description;
		const legacy = new NexpayTrigger().description;

		expect(current).toMatchObject({ name: 'nexpayWebhookTrigger', displayName: 'Nexpay Webhook Trigger' });
		expect(current.hidden).toBeUndefined();
		expect(legacy).toEqual({ ...current, name: 'nexpayTrigger', hidden: true });
	});

	it('verifies and outputs a signed delivery like the new type, and refuses a tampered one', async () => {
		const nodeType = new NexpayTrigger();
		const pem = sandbox.webhookPublicKeyPem;
		const accepted = await runNexpayWebhook({ nodeType, pem, request: signedDelivery(sandbox, paymentStatusEvent({ paymentId: '4711' })) });
		const tampered = await runNexpayWebhook({ nodeType, request: nexpayDelivery(DOCS_WEBHOOK_BODY.replace('5.01', '5.02'), DOCS_WEBHOOK_SIGNATURE) });

		expect(accepted.webhookResponse.webhookResponse).toEqual({ received: true });
		expect(accepted.workflowData?.[0].map((item) => item.json.deliveryKey)).toEqual(['payment.status|4711|COMPLETED']);
		expect(tampered.responseSent?.status).toBe(401);
		expect(tampered.workflowData).toBeUndefined();
	});
});
