import type { IDataObject } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runNode, stopWhen } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';
import { NexpayTransportProbe } from './TransportProbe.node';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const FAST = { baseDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 };

async function call(api: 'v2' | 'euroWallet', request: IDataObject, input: IDataObject[] = [{}], cancelSignal?: AbortSignal) {
	return await runNode({
		nodeTypes: [new NexpayTransportProbe()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: {
			nexpayApi: { environment: 'custom', baseUrl: `${sandbox.url}/`, apiKey: sandbox.keys.v2ApiKey },
			nexpayEuroWalletApi: {
				environment: 'custom',
				baseUrl: sandbox.url,
				apiKey: sandbox.keys.euroWalletApiKey,
				secretKey: sandbox.keys.euroWalletSecretKey,
				transactionSecret: sandbox.keys.euroWalletTransactionSecret,
			},
		},
		node: { type: 'nexpayTransportProbe', parameters: { api, request: { retry: FAST, ...request } as never } },
		input,
		cancelSignal,
	});
}

function hits(method: string, path: string) {
	return sandbox.requests().filter((request) => request.method === method && request.path === path);
}

describe('v2 transport retry paths', () => {
	it('retries a GET after a 502 and returns the answer', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'status-before-commit', status: 502 });
		const { items, error } = await call('v2', { method: 'GET', path: '/v2/payments/123' });
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(123);
		expect(hits('GET', '/v2/payments/123')).toHaveLength(2);
	});

	it('retries a GET after a connection reset', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'reset-before-commit' });
		const { error } = await call('v2', { method: 'GET', path: '/v2/payments/123' });
		expect(error).toBeUndefined();
		expect(hits('GET', '/v2/payments/123')).toHaveLength(2);
	});

	it('retries a GET that timed out', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'delay-before-commit', delayMs: 800 });
		const { error } = await call('v2', { method: 'GET', path: '/v2/payments/123', retry: { ...FAST, timeoutMs: 200 } });
		expect(error).toBeUndefined();
		expect(hits('GET', '/v2/payments/123')).toHaveLength(2);
	});

	it('does not repeat a POST without an idempotency key after a 5xx', async () => {
		sandbox.injectFault({ route: 'POST /v2/payment-intents', kind: 'status-after-commit', status: 500 });
		const { error } = await call('v2', { method: 'POST', path: '/v2/payment-intents', body: { useCase: 'x' } });
		expect(error?.message).toBe('[GEN9001] Internal server error');
		expect(hits('POST', '/v2/payment-intents')).toHaveLength(1);
	});

	it('does not repeat a POST without an idempotency key after a reset, and says it may have happened', async () => {
		sandbox.injectFault({ route: 'POST /v2/payment-intents', kind: 'reset-after-commit' });
		const { error } = await call('v2', { method: 'POST', path: '/v2/payment-intents', body: { useCase: 'x' } });
		expect(error?.message).toBe('Could not reach Nexpay: The connection was reset before Nexpay answered.');
		expect((error as { description?: string }).description).toContain('may have processed');
		expect(hits('POST', '/v2/payment-intents')).toHaveLength(1);
	});

	it('repeats a keyed POST after a 502 with the same Idempotency-Key', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments', kind: 'status-before-commit', status: 502 });
		const key = '7d4b1c1e-2f0a-4f43-9a57-2b0c4a6f1d11';
		sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-before-commit', status: 502 });
		const { error } = await call('v2', { method: 'POST', path: '/v2/payment-intents/pi_missing/submit', idempotencyKey: key });
		// The intent does not exist, so the retried request ends in a 404: what matters is what was sent.
		expect(error?.message).toContain('[PAY0001]');
		const sent = hits('POST', '/v2/payment-intents/pi_missing/submit');
		expect(sent).toHaveLength(2);
		expect(sent.map((request) => request.headers['idempotency-key'])).toEqual([key, key]);
	});

	it('waits for Retry-After on 429 and 503, even for a POST without a key', async () => {
		sandbox.injectFault({ route: 'POST /v2/payment-intents/requirements', kind: 'retry-after', status: 429, retryAfterSeconds: 1 });
		sandbox.injectFault({ route: 'POST /v2/payment-intents/requirements', kind: 'retry-after', status: 503, retryAfterSeconds: 1 });
		const started = Date.now();
		const { error } = await call('v2', {
			method: 'POST',
			path: '/v2/payment-intents/requirements',
			body: { useCase: 'education_provider_tuition', deliveryMode: 'reusable_payment_link', amountMode: 'fixed_payee_amounts', payer: { role: 'unknown_link_payer' } },
			retry: { ...FAST, maxAttempts: 4 },
		});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
		expect(hits('POST', '/v2/payment-intents/requirements')).toHaveLength(3);
	});

	it('fails at once when Retry-After is longer than the configured bound', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'retry-after', status: 503, retryAfterSeconds: 120 });
		const { error } = await call('v2', { method: 'GET', path: '/v2/payments/123', retry: { ...FAST, maxRetryAfterSeconds: 10 } });
		expect(error?.message).toBe('[GEN9013] Service is under maintenance. Please try again later.');
		expect((error as { description?: string }).description).toContain('retry after 120 s');
		expect(hits('GET', '/v2/payments/123')).toHaveLength(1);
	});

	it('stops after the configured number of attempts', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'status-before-commit', status: 504, times: 10 });
		const { error } = await call('v2', { method: 'GET', path: '/v2/payments/123', retry: { ...FAST, maxAttempts: 3 } });
		expect((error as { httpCode?: string }).httpCode).toBe('504');
		expect(hits('GET', '/v2/payments/123')).toHaveLength(3);
	});

	it('returns binary bodies with their headers', async () => {
		const { items, error } = await call('v2', { method: 'GET', path: '/v2/payments/123', returnBinary: true });
		expect(error).toBeUndefined();
		expect(JSON.parse(Buffer.from(String(items[0].json.base64), 'base64').toString('utf8')).id).toBe(123);
		expect((items[0].json.headers as IDataObject)['content-type']).toMatch(/application\/json/);
	});

	it('explains a refused connection without retrying forever', async () => {
		const closed = await startSandbox({ port: 0 });
		const url = closed.url;
		await closed.close();
		const { error } = await runNode({
			nodeTypes: [new NexpayTransportProbe()],
			credentialTypes: [new NexpayApi()],
			credentials: { nexpayApi: { environment: 'custom', baseUrl: url, apiKey: 'k' } },
			node: { type: 'nexpayTransportProbe', parameters: { api: 'v2', request: { method: 'GET', path: '/v2/payments', retry: FAST } as never } },
		});
		expect(error?.message).toBe('Could not reach Nexpay after 3 attempts: Nothing is listening at the credential’s base URL.');
	});
});

describe('EuroWallet transport', () => {
	it('retries a signed GET after a 500 with a fresh nonce', async () => {
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/status', kind: 'status-before-commit', status: 500 });
		const { items, error } = await call('euroWallet', { method: 'GET', path: '/api/1/eurowallet/status', qs: { allAccounts: true } });
		expect(error).toBeUndefined();
		expect((items[0].json.accounts as IDataObject[]).length).toBe(3);
		const sent = hits('GET', '/api/1/eurowallet/status');
		expect(sent).toHaveLength(2);
		expect(Number(sent[1].headers['x-nonce'])).toBeGreaterThan(Number(sent[0].headers['x-nonce']));
	});

	it('does not repeat a POST that is not marked idempotent', async () => {
		sandbox.injectFault({ route: 'POST /api/1/eurowallet/account', kind: 'status-after-commit', status: 502 });
		const { error } = await call('euroWallet', { method: 'POST', path: '/api/1/eurowallet/account', body: { tagName: 'x' } });
		expect((error as { httpCode?: string }).httpCode).toBe('502');
		expect(error?.message).toBe('EuroWallet error -32603: Internal error');
		expect(hits('POST', '/api/1/eurowallet/account')).toHaveLength(1);
	});

	it('maps a wrong secret to error 70 with what to check, and no secret in the message', async () => {
		const { error } = await runNode({
			nodeTypes: [new NexpayTransportProbe()],
			credentialTypes: [new NexpayEuroWalletApi()],
			credentials: {
				nexpayEuroWalletApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.euroWalletApiKey, secretKey: 'not-the-secret' },
			},
			node: { type: 'nexpayTransportProbe', parameters: { api: 'euroWallet', request: { method: 'GET', path: '/api/1/eurowallet/status' } as never } },
		});
		expect(error?.message).toBe('EuroWallet error 70: Wrong signature');
		expect((error as { description?: string }).description).toContain('Secret Key');
		expect(JSON.stringify(error)).not.toContain('not-the-secret');
	});
});

// Last in this file: a Retry-After pause holds every later request with the same key until it ends.
describe('when the execution is stopped (n8n\'s Stop button)', () => {
	/** Answered with `status` a while ago, so the transport has read the answer and is waiting. */
	const answered = (path: string, status: number) => () =>
		sandbox.requests().some((request) => request.path === path && request.status === status && Date.now() - request.receivedAt > 300);

	async function stopDuring(label: string, condition: () => boolean, api: 'v2' | 'euroWallet', request: IDataObject) {
		const stop = stopWhen(condition);
		const result = await call(api, request, [{}], stop.signal);
		stop.dispose();
		const elapsed = stop.elapsed();
		expect(elapsed).toBeDefined();
		console.log(`transport stopped during ${label} in ${Math.round(elapsed ?? -1)} ms`);
		// About a second is the aim; the bound is generous so a loaded machine does not fail it.
		expect(elapsed).toBeLessThan(2500);
		return { ...result, description: (result.error as { description?: string } | undefined)?.description };
	}

	it('stops a slow request in flight and says the POST may have been processed', async () => {
		sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'delay-before-commit', delayMs: 20000 });
		const path = '/v2/payment-intents/pi_1/submit';
		const { error, description } = await stopDuring('a submit held 20 s', () => hits('POST', path).length === 1, 'v2', {
			method: 'POST',
			path,
			idempotencyKey: '1f0a8b7e-4d1c-4f0e-9a3b-5c6d7e8f9a0b',
			retry: { ...FAST, timeoutMs: 30000 },
		});
		expect(error?.message).toBe('The execution was canceled while a request to Nexpay was in flight');
		expect(description).toContain('may have processed');
		expect(hits('POST', path)).toHaveLength(1);
	});

	it('stops during the backoff after a 502', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'status-before-commit', status: 502 });
		const { error, description } = await stopDuring('an 8 s backoff', answered('/v2/payments/123', 502), 'v2', {
			method: 'GET',
			path: '/v2/payments/123',
			retry: { ...FAST, baseDelayMs: 8000 },
		});
		expect(error?.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		expect(description).toBe('The request only read data; nothing was changed.');
		expect(hits('GET', '/v2/payments/123')).toHaveLength(1);
	});

	it('takes a queued EuroWallet request out of the send queue without sending it', async () => {
		// Execution A holds the key's send queue with a slow request; execution B waits behind it and is stopped.
		sandbox.injectFault({ route: 'POST /api/1/eurowallet/account', kind: 'delay-before-commit', delayMs: 3000, times: 1 });
		const slow = call('euroWallet', { method: 'POST', path: '/api/1/eurowallet/account', body: { tagName: 'slow' }, retry: { ...FAST, timeoutMs: 10000 } });
		const queuedSince = Date.now();
		const { error, description } = await stopDuring(
			'a wait in the send queue',
			() => hits('POST', '/api/1/eurowallet/account').length === 1 && Date.now() - queuedSince > 500,
			'euroWallet',
			{ method: 'POST', path: '/api/1/eurowallet/account', body: { tagName: 'queued' } },
		);
		expect(error?.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		expect(description).toContain('nothing was processed');
		expect((await slow).error).toBeUndefined();
		// The queued request was never sent, not even once the queue moved on.
		expect(hits('POST', '/api/1/eurowallet/account').map((request) => request.bodyText)).toEqual(['tagName=slow']);
	});

	it('stops during the pause between batches (Batch Interval) and sends no later batch', async () => {
		// Both items of the first batch answered a while ago: the node is in the pause.
		const stop = stopWhen(() => hits('GET', '/v2/payments/123').filter((r) => r.status === 200 && Date.now() - r.receivedAt > 200).length === 2);
		const { error } = await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi()],
			credentials: { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } },
			node: {
				type: 'nexpay',
				parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123', requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 20000 } } } },
			},
			input: [{}, {}, {}, {}],
			cancelSignal: stop.signal,
		});
		stop.dispose();
		const elapsed = stop.elapsed() ?? -1;
		console.log(`stopped during a 20 s Batch Interval in ${Math.round(elapsed)} ms`);
		expect(elapsed).toBeGreaterThanOrEqual(0);
		expect(elapsed).toBeLessThan(2500);
		expect(error?.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		expect(hits('GET', '/v2/payments/123')).toHaveLength(2);
	});

	it('stops during a Retry-After wait', async () => {
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'retry-after', status: 429, retryAfterSeconds: 5 });
		const { error } = await stopDuring('a 5 s Retry-After wait', answered('/v2/payments/123', 429), 'v2', {
			method: 'GET',
			path: '/v2/payments/123',
		});
		expect(error?.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		expect(hits('GET', '/v2/payments/123')).toHaveLength(1);
	});
});

describe('Request Options set by an expression', () => {
	it('are read for each item (read once only when they hold no expression)', async () => {
		// Two 502s: the item allowed 1 attempt fails, the item allowed 2 retries and gets its answer.
		sandbox.injectFault({ route: 'GET /v2/payments/:id', kind: 'status-before-commit', status: 502, times: 2 });
		const { items, error } = await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi()],
			credentials: { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } },
			node: {
				type: 'nexpay',
				continueOnFail: true,
				parameters: {
					resource: 'payment',
					operation: 'get',
					v2PaymentId: '123',
					requestOptions: { maxAttempts: '={{ $json.attempts }}', baseDelayMs: 5, batching: { batch: { batchSize: 1 } } },
				},
			},
			input: [{ attempts: 1 }, { attempts: 2 }],
		});
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBeDefined();
		expect(items[1].json.id).toBe(123);
		expect(hits('GET', '/v2/payments/123')).toHaveLength(3);
	});
});
