import type { IDataObject } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { runNode } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';
import { NexpayTransportProbe } from './TransportProbe.node';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const FAST = { baseDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 };

async function call(api: 'v2' | 'euroWallet', request: IDataObject, input: IDataObject[] = [{}]) {
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
