// Production webhooks in a running `n8n start`: workflows published before start, deliveries sent to
// /webhook/..., executions counted through n8n's public API. First proven with n8n's built-in Webhook
// node; the Nexpay Trigger block runs as soon as the built package declares the trigger and its credential.
import type { CredentialImport } from '../../scripts/n8n/lib';
import { describeE2e, E2e } from './harness';
import { WEBHOOK_VARIANTS } from '../sandbox';

const BASIC_AUTH: CredentialImport = {
	id: 'E2eBasicAuth0001',
	name: 'E2E basic auth',
	type: 'httpBasicAuth',
	data: { user: 'e2e', password: 'e2e-password' },
};
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Lets n8n finish anything a rejected request might (wrongly) have started before counting. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describeE2e('production webhooks in real n8n (built-in Webhook node)', () => {
	let e2e: E2e;
	let authUrl: string;
	let openUrl: string;

	beforeAll(async () => {
		e2e = await E2e.create({ extraCredentials: [BASIC_AUTH] });
		const { baseUrl } = await e2e.publishAndStart(['webhook-basic-auth.json', 'webhook-open.json'], {
			webhookPaths: ['nexpay-e2e-auth', 'nexpay-e2e-open'],
		});
		authUrl = `${baseUrl}/webhook/nexpay-e2e-auth`;
		openUrl = `${baseUrl}/webhook/nexpay-e2e-open`;
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('refuses unauthenticated and wrongly authenticated deliveries and starts nothing', async () => {
		expect((await post(authUrl, { n: 1 })).status).toBe(401);
		// n8n 2.41 answers 401 to a wrong password too (older versions: 403).
		expect((await post(authUrl, { n: 2 }, { authorization: basic('e2e', 'wrong') })).status).toBe(401);
		await settle();
		expect(await e2e.executions('E2eWebhookAuth01')).toEqual([]);
	});

	it('runs the workflow once for an authenticated delivery', async () => {
		const res = await post(authUrl, { n: 3 }, { authorization: basic('e2e', 'e2e-password') });
		expect(res.status).toBe(200);
		const executions = await e2e.waitForExecutions('E2eWebhookAuth01', 1);
		await settle();
		expect(await e2e.executions('E2eWebhookAuth01')).toHaveLength(1);
		expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
	});

	it('receives a signed delivery sent by the sandbox, raw body and X-Signature intact', async () => {
		const delivery = await e2e.sandbox.sendWebhook(openUrl, { variant: 'valid' });
		expect(delivery.status).toBe(200);
		const [execution] = await e2e.waitForExecutions('E2eWebhookOpen01', 1, { includeData: true });
		const item = JSON.stringify(execution.data);
		expect(item).toMatch(/"x-signature":"[0-9a-f]+"/);
		expect(item).toContain('payment.status');
	});
});

describeE2e('Nexpay Trigger in real n8n (production URL of a published workflow)', () => {
	const WEBHOOK_PATH = '7e3a9b20-8c4d-4e5f-a061-8b9c0d1e00aa/webhook';
	// A workflow saved before the trigger's type became nexpayWebhookTrigger (the hidden alias nexpayTrigger).
	const LEGACY_WEBHOOK_PATH = '3c1d5e70-2a4b-4c6d-8e0f-1a2b3c4d00aa/webhook';
	let e2e: E2e;
	let url: string;
	let legacyUrl: string;

	beforeAll(async () => {
		e2e = await E2e.create();
		const { baseUrl } = await e2e.publishAndStart(['nexpay-trigger.json', 'nexpay-trigger-legacy.json'], {
			webhookPaths: [WEBHOOK_PATH, LEGACY_WEBHOOK_PATH],
		});
		url = `${baseUrl}/webhook/${WEBHOOK_PATH}`;
		legacyUrl = `${baseUrl}/webhook/${LEGACY_WEBHOOK_PATH}`;
	});

	afterAll(async () => {
		await e2e?.close();
	});

	const bad = WEBHOOK_VARIANTS.filter((variant) => variant !== 'valid');

	it.each(bad)('answers 401 to a %s delivery and starts nothing', async (variant) => {
		const delivery = await e2e.sandbox.sendWebhook(url, { variant });
		expect(delivery.status).toBe(401);
		expect(JSON.parse(delivery.body)).toEqual({ error: 'invalid signature', reason: expect.any(String) });
		await settle();
		expect(await e2e.executions('E2eNexpayTrigger')).toEqual([]);
	});

	it('starts one execution for a valid signed delivery', async () => {
		const delivery = await e2e.sandbox.sendWebhook(url, { variant: 'valid' });
		// What Nexpay gets back for a delivery it should not send again.
		expect(delivery).toEqual({ status: 200, body: '{"received":true}' });
		const executions = await e2e.waitForExecutions('E2eNexpayTrigger', 1, { includeData: true });
		expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
		expect(JSON.stringify(executions[0].data)).toContain('payment.status');
	});

	it('still activates a workflow saved with the old type n8n-nodes-nexpay.nexpayTrigger: it refuses a forged delivery and runs once for a signed one', async () => {
		const forged = await e2e.sandbox.sendWebhook(legacyUrl, { variant: 'tampered-body' });
		expect(forged.status).toBe(401);
		await settle();
		expect(await e2e.executions('E2eNexpayTrigLeg')).toEqual([]);

		const delivery = await e2e.sandbox.sendWebhook(legacyUrl, { variant: 'valid' });
		expect(delivery).toEqual({ status: 200, body: '{"received":true}' });
		const executions = await e2e.waitForExecutions('E2eNexpayTrigLeg', 1, { includeData: true });
		expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
		expect(JSON.stringify(executions[0].data)).toContain('payment.status');
	});
});
