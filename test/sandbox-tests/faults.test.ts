import { startSandbox, type FaultKind, type Sandbox } from '../sandbox';
import { control, fetchErrorCode, fixedLinkBody, legacy, paymentParams, sepaPayment, sleep, v2 } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 7 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const PAYMENTS = 'POST /api/2/eurowallet/payments';
const createPayment = (externalPaymentId: string, signal?: AbortSignal) =>
	legacy(sb, 'POST', '/api/2/eurowallet/payments', paymentParams(sb, sepaPayment({ externalPaymentId })), { signal });

describe('status faults', () => {
	it('status-before-commit answers 500 with the legacy body and creates nothing', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'status-before-commit' });
		const reply = await createPayment('p-1');
		expect(reply.status).toBe(500);
		expect(reply.body).toEqual({ errors: [{ code: -32603, message: 'Internal error' }], traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(sb.ledger()).toHaveLength(0);
		expect((await createPayment('p-1')).status).toBe(200);
		expect(sb.ledger()).toHaveLength(1);
	});

	it('status-after-commit answers 502 but the payment exists; the retry with the same id finds it', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'status-after-commit', status: 502 });
		expect((await createPayment('p-2')).status).toBe(502);
		expect(sb.ledger()).toHaveLength(1);
		const retry = await createPayment('p-2');
		expect(retry.body).toEqual({ paymentId: sb.ledger()[0].paymentId, status: 'PENDING' });
		expect(sb.ledger()).toHaveLength(1);
	});

	it('uses the v2 error shape on v2 routes, with a custom body when given', async () => {
		sb.injectFault({ route: 'GET /v2/payments', kind: 'status-before-commit', status: 504 });
		const reply = await v2(sb, 'GET', '/v2/payments');
		expect(reply.status).toBe(504);
		expect(reply.body).toEqual({ statusCode: 504, code: '[GEN9001]', message: '[GEN9001] Internal server error', timestamp: expect.any(String) });
		sb.injectFault({ route: 'GET /v2/payments', kind: 'status-before-commit', status: 400, body: { custom: true } });
		expect((await v2(sb, 'GET', '/v2/payments')).body).toEqual({ custom: true });
	});

	it('answers with a proxy HTML page or an empty body when asked, before or after commit', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'status-before-commit', status: 502, bodyFormat: 'html' });
		const html = await createPayment('p-html');
		expect(html.status).toBe(502);
		expect(html.text).toContain('<title>502 Bad Gateway</title>');
		expect(sb.ledger()).toHaveLength(0);
		sb.injectFault({ route: PAYMENTS, kind: 'status-after-commit', status: 504, bodyFormat: 'empty' });
		const empty = await createPayment('p-empty');
		expect(empty.status).toBe(504);
		expect(empty.text).toBe('');
		expect(sb.ledger()).toHaveLength(1);
		expect(() => sb.injectFault({ route: PAYMENTS, kind: 'status-before-commit', bodyFormat: 'xml' as never })).toThrow(/bodyFormat must be one of json, html, empty/);
	});

	it('affects `times` requests, then stops', async () => {
		sb.injectFault({ route: 'GET /v2/payments/:id', kind: 'status-before-commit', times: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await v2(sb, 'GET', '/v2/payments/123')).status);
		expect(statuses).toEqual([500, 500, 200]);
	});

	it("'*' matches every API route; unauthenticated requests are not faulted", async () => {
		sb.injectFault({ route: '*', kind: 'status-before-commit' });
		const anonymous = await fetch(`${sb.url}/v2/payments`);
		expect(anonymous.status).toBe(401);
		expect((await legacy(sb, 'GET', '/api/1/eurowallet/status')).status).toBe(500);
	});
});

describe('retry-after', () => {
	it('429 and 503 carry Retry-After and the documented codes', async () => {
		sb.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'retry-after', status: 503, retryAfterSeconds: 7 });
		const created = await v2(sb, 'POST', '/v2/payment-intents', fixedLinkBody());
		const submit = () => v2(sb, 'POST', `/v2/payment-intents/${created.body.id}/submit`, undefined, { 'Idempotency-Key': 'k-1' });
		const maintenance = await submit();
		expect(maintenance.status).toBe(503);
		expect(maintenance.headers.get('retry-after')).toBe('7');
		expect(maintenance.body.code).toBe('[GEN9013]');
		expect(sb.intents()[0].executions).toHaveLength(0);

		sb.injectFault({ route: PAYMENTS, kind: 'retry-after' });
		const limited = await createPayment('p-3');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(sb.ledger()).toHaveLength(0);
		expect((await submit()).status).toBe(200);
	});
});

describe('connection resets', () => {
	it('reset-before-commit drops the connection (ECONNRESET) and creates nothing', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'reset-before-commit' });
		expect(await fetchErrorCode(createPayment('p-4'))).toBe('ECONNRESET');
		expect(sb.ledger()).toHaveLength(0);
		expect(sb.requests()[0].status).toBe(0);
	});

	it('reset-after-commit drops the connection after creating the payment; the recovery retry does not duplicate it', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'reset-after-commit' });
		expect(await fetchErrorCode(createPayment('p-5'))).toBe('ECONNRESET');
		expect(sb.ledger()).toHaveLength(1);
		const retry = await createPayment('p-5');
		expect(retry.body.paymentId).toBe(sb.ledger()[0].paymentId);
		expect(sb.ledger()).toHaveLength(1);
	});
});

describe('delays', () => {
	it('delay-after-commit: the client times out but the payment exists', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'delay-after-commit', delayMs: 1500 });
		expect(await fetchErrorCode(createPayment('p-6', AbortSignal.timeout(200)))).toBe('TimeoutError');
		expect(sb.ledger()).toHaveLength(1);
	});

	it('delay-before-commit: a client that gives up leaves nothing behind', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'delay-before-commit', delayMs: 400 });
		expect(await fetchErrorCode(createPayment('p-7', AbortSignal.timeout(100)))).toBe('TimeoutError');
		await sleep(500);
		expect(sb.ledger()).toHaveLength(0);
		expect(sb.requests()[0].status).toBe(0);
	});

	it('delay-before-commit: a patient client gets a normal answer', async () => {
		sb.injectFault({ route: PAYMENTS, kind: 'delay-before-commit', delayMs: 200 });
		const started = Date.now();
		const reply = await createPayment('p-8');
		expect(reply.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect(sb.ledger()).toHaveLength(1);
	});
});

describe('random faults', () => {
	const kinds: FaultKind[] = ['status-before-commit', 'retry-after', 'reset-before-commit'];

	async function outcomes(target: Sandbox): Promise<string[]> {
		target.injectFault({ route: 'GET /v2/payments', kind: 'status-before-commit', probability: 0.5, kinds });
		const seen: string[] = [];
		for (let i = 0; i < 24; i++) {
			try {
				seen.push(String((await v2(target, 'GET', '/v2/payments')).status));
			} catch {
				seen.push('reset');
			}
		}
		return seen;
	}

	it('replay exactly for the same seed, after reset() and across instances', async () => {
		const first = await outcomes(sb);
		expect(new Set(first)).toEqual(new Set(['200', '500', '429', 'reset']));
		sb.reset();
		expect(await outcomes(sb)).toEqual(first);
		const twin = await startSandbox({ seed: 7 });
		const other = await startSandbox({ seed: 8 });
		try {
			expect(await outcomes(twin)).toEqual(first);
			expect(await outcomes(other)).not.toEqual(first);
		} finally {
			await Promise.all([twin.close(), other.close()]);
		}
	});
});

describe('fault control', () => {
	it('rejects malformed specs', () => {
		expect(() => sb.injectFault({ route: 'payments', kind: 'status-before-commit' })).toThrow(/route/);
		expect(() => sb.injectFault({ route: '*', kind: 'explode' as FaultKind })).toThrow(/kind/);
		expect(() => sb.injectFault({ route: '*', kind: 'retry-after', status: 500 })).toThrow(/429 or 503/);
	});

	it('injects and clears faults over the control API', async () => {
		expect((await control(sb, 'POST', '/faults', { route: 'GET /v2/payments', kind: 'status-before-commit', times: 5 })).status).toBe(201);
		expect((await v2(sb, 'GET', '/v2/payments')).status).toBe(500);
		expect((await control(sb, 'DELETE', '/faults')).status).toBe(200);
		expect((await v2(sb, 'GET', '/v2/payments')).status).toBe(200);
		const bad = await control(sb, 'POST', '/faults', { route: '*', kind: 'nope' });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/kind/);
	});

	it('clearFaults() removes pending faults', async () => {
		sb.injectFault({ route: '*', kind: 'status-before-commit', times: 3 });
		sb.clearFaults();
		expect((await v2(sb, 'GET', '/v2/payments')).status).toBe(200);
	});
});
