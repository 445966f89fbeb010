// Nexpay redelivers a webhook when it is unsure we got it. n8n 2.41 does not save static data written while a
// trigger receives a webhook, so the trigger remembers accepted deliveries in the memory of the process that
// receives webhooks (Ignore Redeliveries), and every item carries a deliveryKey for n8n's Remove Duplicates node
// after it (kept in n8n's database, across restarts). Proven here in real n8n by what the workflow does:
// messages posted to an outbox.
import { startOutbox, type Outbox } from '../../scripts/n8n/lib';
import { describeE2e, E2e } from './harness';
import { WEBHOOK_VARIANTS } from '../sandbox';

const WORKFLOW_ID = 'E2eTriggerDedupe';
const WEBHOOK_PATH = '8f4b0c30-9d5e-4f60-b172-9c0d1e2f00aa/webhook';

/** Lets n8n finish anything a dropped delivery might (wrongly) have started before counting. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

describeE2e('Nexpay Trigger redeliveries in real n8n (regular mode)', () => {
	let e2e: E2e;
	let outbox: Outbox;
	let url: string;

	beforeAll(async () => {
		outbox = await startOutbox({ port: 0 });
		e2e = await E2e.create();
		const workflow = e2e.loadWorkflow('nexpay-trigger-dedupe.json', { replace: { __OUTBOX_URL__: outbox.url } });
		const { baseUrl } = await e2e.publishAndStart([workflow], { webhookPaths: [WEBHOOK_PATH] });
		url = `${baseUrl}/webhook/${WEBHOOK_PATH}`;
	});

	afterAll(async () => {
		await e2e?.close();
		await outbox?.close();
	});

	const event = (n: number) => ({ paymentId: String(5000 + n), status: 'COMPLETED', direction: 'incoming', amount: `${n}.00` });

	it('20 distinct events each delivered twice, the second after the first run ended, run and alert exactly 20 times', async () => {
		outbox.clear();
		for (let n = 1; n <= 20; n++) {
			const before = (await e2e.executions(WORKFLOW_ID)).length;
			expect((await e2e.sandbox.sendWebhook(url, { payload: event(n) })).status).toBe(200);
			await e2e.waitForExecutions(WORKFLOW_ID, before + 1, { timeoutMs: 60000 });
			expect((await e2e.sandbox.sendWebhook(url, { payload: event(n) })).status).toBe(200);
		}
		await settle();
		expect(await e2e.executions(WORKFLOW_ID)).toHaveLength(20);
		const alerts = outbox.messages().map((message) => (message.body as { paymentId: string }).paymentId);
		expect(alerts).toHaveLength(20);
		expect(new Set(alerts).size).toBe(20);
		// The same payment reaching another status is a new event.
		expect((await e2e.sandbox.sendWebhook(url, { payload: { ...event(1), status: 'REJECTED' } })).status).toBe(200);
		await e2e.waitForExecutions(WORKFLOW_ID, 21, { timeoutMs: 60000 });
		expect(outbox.messages()).toHaveLength(21);
	});

	it('forged deliveries get 401 and start nothing', async () => {
		const before = (await e2e.executions(WORKFLOW_ID)).length;
		const bad = WEBHOOK_VARIANTS.filter((variant) => variant !== 'valid');
		for (let n = 0; n < 20; n++) {
			expect((await e2e.sandbox.sendWebhook(url, { variant: bad[n % bad.length], payload: event(100 + n) })).status).toBe(401);
		}
		await settle();
		expect(await e2e.executions(WORKFLOW_ID)).toHaveLength(before);
	});

	it('lets exactly one of two identical deliveries at the same moment through', async () => {
		outbox.clear();
		const rounds = 10;
		const before = (await e2e.executions(WORKFLOW_ID)).length;
		for (let n = 0; n < rounds; n++) {
			const payload = event(200 + n);
			const answers = await Promise.all([e2e.sandbox.sendWebhook(url, { payload }), e2e.sandbox.sendWebhook(url, { payload })]);
			expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		}
		await e2e.waitForExecutions(WORKFLOW_ID, before + rounds, { timeoutMs: 60000 });
		await settle();
		const alerts = outbox.messages().length;
		process.stdout.write(`[redeliveries] simultaneous pairs: ${rounds}, executions: ${(await e2e.executions(WORKFLOW_ID)).length - before}, alerts: ${alerts}\n`);
		expect(await e2e.executions(WORKFLOW_ID)).toHaveLength(before + rounds);
		expect(alerts).toBe(rounds);
	});
});
