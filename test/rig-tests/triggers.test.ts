import { createHmac } from 'node:crypto';

import { runPoll, runWebhook } from '../rig';
import type { EchoServer } from './echo-server';
import { startEchoServer } from './echo-server';
import { RigGenericApi } from './fixtures/credentials';
import { EventsPollTrigger, SignedWebhookTrigger } from './fixtures/nodes';

describe('runWebhook', () => {
	const nodeType = new SignedWebhookTrigger();
	const body = '{"event":"payment.status","amount":1.50}';
	const sign = (raw: string) => createHmac('sha256', 'whsec').update(raw).digest('hex');

	it('hands the node the raw bytes and parsed body; static data written there is not kept, as in n8n', async () => {
		const first = await runWebhook({
			nodeType,
			parameters: { secret: 'whsec' },
			request: {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-Signature': sign(body) },
				body,
				query: { source: 'test' },
			},
		});

		expect(first.responseSent).toBeUndefined();
		expect(first.workflowData).toEqual([
			[{ json: { body: { event: 'payment.status', amount: 1.5 }, query: { source: 'test' }, rawLength: body.length } }],
		]);
		expect(first.unsavedStaticData).toEqual({ 'node:Signed Webhook': { deliveries: 1 } });
		expect(first.staticData).toEqual({});

		const second = await runWebhook({
			nodeType,
			parameters: { secret: 'whsec' },
			staticData: first.staticData,
			request: { headers: { 'content-type': 'application/json', 'x-signature': sign(body) }, body },
		});
		expect(second.unsavedStaticData).toEqual({ 'node:Signed Webhook': { deliveries: 1 } });
	});

	it('captures a response the node sends itself (401 on a bad signature)', async () => {
		const result = await runWebhook({
			nodeType,
			parameters: { secret: 'whsec' },
			request: { headers: { 'content-type': 'application/json', 'x-signature': sign(`${body} `) }, body },
		});

		expect(result.webhookResponse).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(result.responseSent).toEqual({
			status: 401,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: { error: 'bad signature' },
		});
	});
});

describe('runPoll', () => {
	let server: EchoServer;
	const events = [{ id: 1 }, { id: 2 }];
	beforeAll(async () => {
		server = await startEchoServer();
		server.route('/events', (req) => {
			const after = Number(new URLSearchParams(req.rawQuery).get('after'));
			return { body: events.filter((e) => e.id > after) };
		});
	});
	afterAll(async () => await server.close());

	const poll = async (staticData?: Record<string, unknown>, mode?: 'trigger' | 'manual') =>
		await runPoll({
			nodeType: new EventsPollTrigger(),
			credentialTypes: [new RigGenericApi()],
			credentials: { rigGenericApi: { apiKey: 'key-1' } },
			parameters: { baseUrl: server.url },
			staticData: staticData as never,
			mode,
		});

	it('persists static data between polls and only emits what is new', async () => {
		const first = await poll();
		expect(first.items?.[0].map((i) => i.json)).toEqual([{ id: 1 }, { id: 2 }]);
		expect(first.nodeStaticData).toEqual({ lastId: 2 });
		expect(server.last().headers.authorization).toBe('ApiKey key-1');

		const second = await poll(first.staticData);
		expect(second.items).toBeNull();
		expect(second.staticData).toEqual(first.staticData);

		events.push({ id: 3 });
		const third = await poll(second.staticData);
		expect(third.items?.[0].map((i) => i.json)).toEqual([{ id: 3 }]);
		expect(third.nodeStaticData).toEqual({ lastId: 3 });
	});

	it('manual mode ("Fetch test event") runs the same poll with getMode() = manual', async () => {
		const result = await poll({ 'node:Events': { lastId: 3 } }, 'manual');

		expect(result.items).toBeNull();
		expect(new URLSearchParams(server.last().rawQuery).get('after')).toBe('3');
	});
});
