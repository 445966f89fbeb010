import { NONCE_RETRY } from '../../../nodes/Nexpay/helpers/transport';
import { stopWhen } from '../../rig';
import type { Sandbox } from '../../sandbox';
import {
	EXTERNAL_IBAN,
	euroWalletSandbox,
	FAST_RETRY,
	OTHER_OWN_IBAN,
	OWN_IBAN,
	paymentRequests,
	runNexpay,
	secretsOf,
	sepaPayment,
} from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const swiftFields = {
	networkType: 'SWIFT',
	currency: 'USD',
	beneficiaryName: 'Zoë O’Brien & Söhne',
	beneficiaryAccount: 'GB82 WEST 1234 5698 7654 32',
	beneficiaryReference: 'PO #77 & #78, 50% deposit',
	beneficiaryBankBic: 'DEUTDEFF',
	beneficiaryBankName: 'Deutsche Bank AG',
	beneficiaryAddressStreet: 'Taunusanlage 12',
	beneficiaryAddressTown: 'Frankfurt am Main',
	beneficiaryAddressCountry: 'DE',
};

describe('EuroWallet Payment → Create', () => {
	it('sends a SEPA payment whose values need encoding, signed the way the sandbox checks', async () => {
		const { items, error } = await runNexpay(sandbox, {
			parameters: sepaPayment({
				beneficiaryName: 'Jürgen Müller & Co',
				beneficiaryAddress: 'Gedimino pr. 9, Vilnius #2',
				beneficiaryReference: 'Invoice #314950-392 50% off',
				additionalFields: { externalPaymentId: 'INV-2026-0042' },
			}),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'PENDING', externalPaymentId: 'INV-2026-0042', amount: '45.00', currency: 'EUR' });
		const [payment] = sandbox.ledger();
		expect(payment).toMatchObject({ paymentId: items[0].json.paymentId, otherName: 'Jürgen Müller & Co' });
		expect(payment.request).toMatchObject({
			beneficiaryAddress: 'Gedimino pr. 9, Vilnius #2',
			beneficiaryReference: 'Invoice #314950-392 50% off',
			networkType: 'SEPA',
		});
	});

	it('sends a SWIFT payment with its bank and address fields', async () => {
		const { items, error } = await runNexpay(sandbox, { parameters: sepaPayment(swiftFields) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ networkType: 'SWIFT', currency: 'USD', beneficiaryAccount: 'GB82WEST12345698765432' });
		expect(sandbox.ledger()[0].request).toMatchObject({
			networkType: 'SWIFT',
			currency: 'USD',
			beneficiaryName: 'Zoë O’Brien & Söhne',
			beneficiaryBankBic: 'DEUTDEFF',
			beneficiaryAddressCountry: 'DE',
		});
	});

	it('completes at once when the money goes to another own IBAN', async () => {
		const { items } = await runNexpay(sandbox, { parameters: sepaPayment({ beneficiaryAccount: OTHER_OWN_IBAN }) });
		expect(items[0].json.status).toBe('COMPLETED');
	});

	it.each([
		['a missing SWIFT bank BIC', { ...swiftFields, beneficiaryBankBic: '={{ $json.missing }}' }, 'Beneficiary Bank BIC is required'],
		['a missing SWIFT bank name', { ...swiftFields, beneficiaryBankName: '={{ $json.missing }}' }, 'Beneficiary Bank Name is required'],
		['a missing SWIFT street', { ...swiftFields, beneficiaryAddressStreet: '={{ $json.missing }}' }, 'Beneficiary Street is required'],
		['a missing SWIFT town', { ...swiftFields, beneficiaryAddressTown: '={{ $json.missing }}' }, 'Beneficiary Town is required'],
		['a missing SWIFT country', { ...swiftFields, beneficiaryAddressCountry: '={{ $json.missing }}' }, 'Beneficiary Country is required'],
		['amount 10.001', { amount: '10.001' }, 'Amount "10.001" has more than two decimal places'],
		['amount 0', { amount: '0' }, 'Amount must be greater than 0'],
		['amount -5', { amount: '-5' }, 'Amount "-5" is not a decimal amount'],
		['a bad IBAN checksum', { beneficiaryAccount: 'LT633080010000000209' }, 'Beneficiary Account "LT633080010000000209" has a wrong checksum'],
		['a 37-character external payment ID', { additionalFields: { externalPaymentId: 'x'.repeat(37) } }, 'External Payment ID is 37 characters long; the maximum is 36'],
	])('refuses %s before sending anything', async (_case, overrides, message) => {
		const { error } = await runNexpay(sandbox, { parameters: sepaPayment(overrides), input: [{}, {}] });
		// Values come from expressions here: n8n itself already refuses a literal empty required field.
		expect(error?.message).toContain(message);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(sandbox.requests()).toHaveLength(0);
	});

	it('sends the good items and reports the bad one when continuing on fail', async () => {
		const { items } = await runNexpay(sandbox, {
			parameters: sepaPayment({ amount: '={{ $json.amount }}' }),
			input: [{ amount: '1.00' }, { amount: '2.005' }, { amount: '3' }],
			continueOnFail: true,
		});
		expect(items.map((item) => item.json.amount ?? item.json.error)).toEqual(['1.00', 'Amount "2.005" has more than two decimal places [item 1]', '3.00']);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(sandbox.ledger()).toHaveLength(2);
	});

	it('derives one stable external payment ID per execution and item', async () => {
		const first = await runNexpay(sandbox, { parameters: sepaPayment(), input: [{}, {}], executionId: 'exec-1' });
		const again = await runNexpay(sandbox, { parameters: sepaPayment(), input: [{}, {}], executionId: 'exec-1' });
		const ids = first.items.map((item) => item.json.externalPaymentId);
		expect(new Set(ids).size).toBe(2);
		expect(ids.every((id) => String(id).length <= 36)).toBe(true);
		expect(again.items.map((item) => item.json.externalPaymentId)).toEqual(ids);
		expect(again.items.map((item) => item.json.paymentId)).toEqual(first.items.map((item) => item.json.paymentId));
		expect(sandbox.ledger()).toHaveLength(2);
	});

	it('refuses a Poll Interval that is not a number before paying, naming the field and the item', async () => {
		const { error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 'soon' } }),
		});

		expect(error?.message).toBe('Poll Interval (Seconds) must be a number from 0.1 up, got "soon" [item 0]');
		expect(sandbox.ledger()).toHaveLength(0);
		expect(paymentRequests(sandbox)).toHaveLength(0);
	});

	it('asks for the transaction signing secret when the credential lacks it', async () => {
		const { NexpayEuroWalletApi } = await import('../../../credentials/NexpayEuroWalletApi.credentials');
		const { Nexpay } = await import('../../../nodes/Nexpay/Nexpay.node');
		const { runNode } = await import('../../rig');
		const { error } = await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayEuroWalletApi()],
			credentials: {
				nexpayEuroWalletApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.euroWalletApiKey, secretKey: sandbox.keys.euroWalletSecretKey, transactionSecret: '' },
			},
			node: { type: 'nexpay', parameters: sepaPayment() as never },
		});
		expect(error?.message).toBe('The Nexpay EuroWallet API credential has no Transaction Signing Secret');
		expect(sandbox.requests()).toHaveLength(0);
	});
});

describe('EuroWallet Payment → Create under faults (the recovery check)', () => {
	const route = 'POST /api/2/eurowallet/payments';

	it.each([
		['500 after commit', { kind: 'status-after-commit', status: 500 }],
		['502 after commit', { kind: 'status-after-commit', status: 502 }],
		['504 after commit', { kind: 'status-after-commit', status: 504 }],
		['a reset after commit', { kind: 'reset-after-commit' }],
		['a timeout after commit', { kind: 'delay-after-commit', delayMs: 1500 }],
		['500 before commit', { kind: 'status-before-commit', status: 500 }],
		['429 with Retry-After', { kind: 'retry-after', status: 429, retryAfterSeconds: 1 }],
		['503 with Retry-After', { kind: 'retry-after', status: 503, retryAfterSeconds: 1 }],
	] as const)('makes exactly one payment per item after %s', async (_case, fault) => {
		sandbox.injectFault({ route, ...fault, times: 2 });
		const { items, error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ requestOptions: { baseDelayMs: 5, maxAttempts: 5, timeoutMs: 400 } }),
			input: [{}, {}],
		});
		expect(error).toBeUndefined();
		const ledger = sandbox.ledger();
		expect(ledger).toHaveLength(2);
		expect(items.map((item) => item.json.paymentId)).toEqual(ledger.map((payment) => payment.paymentId));
		expect(new Set(ledger.map((payment) => payment.externalPaymentId)).size).toBe(2);
		const sent = paymentRequests(sandbox);
		expect(sent.length).toBe(4);
		// Each attempt is signed afresh: the nonces only rise.
		const nonces = sent.map((request) => Number(request.headers['x-nonce']));
		expect([...nonces].sort((a, b) => a - b)).toEqual(nonces);
		expect(new Set(nonces).size).toBe(nonces.length);
	});

	it('does not retry a 400 and explains the code', async () => {
		sandbox.injectFault({
			route,
			kind: 'status-before-commit',
			status: 400,
			body: { errors: [{ code: 20050, message: 'Invalid payment network type' }], traceId: 'trace-400' },
		});
		const { error } = await runNexpay(sandbox, { parameters: sepaPayment() });
		expect(error?.message).toBe('EuroWallet error 20050: Invalid payment network type');
		expect((error as { description?: string }).description).toContain('Use SEPA or SWIFT');
		expect((error as { description?: string }).description).toContain('trace-400');
		expect(paymentRequests(sandbox)).toHaveLength(1);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('confirms through the status endpoint when every attempt failed after commit', async () => {
		sandbox.injectFault({ route, kind: 'status-after-commit', status: 502, times: 3 });
		const { items, error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ requestOptions: { baseDelayMs: 5, maxAttempts: 3 } }),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'PENDING', recoveredByStatusCheck: true });
		expect(sandbox.ledger()).toHaveLength(1);
		const statusChecks = sandbox.requests().filter((request) => request.path === '/api/1/eurowallet/payments/status');
		expect(statusChecks).toHaveLength(1);
		expect(statusChecks[0].query).toBe(`externalPaymentId=${items[0].json.externalPaymentId}`);
	});

	it('says the payment was not created when every attempt failed before commit', async () => {
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 500, times: 3 });
		const { error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ requestOptions: { baseDelayMs: 5, maxAttempts: 3 }, additionalFields: { externalPaymentId: 'INV-9' } }),
		});
		expect(error?.message).toBe('The payment was not created: EuroWallet error -32603: Internal error');
		expect((error as { description?: string }).description).toContain('Nothing was booked for this item. When the cause is fixed, use Executions → Retry');
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('lets "Retry On Fail" finish an item without paying twice', async () => {
		// First node run: both creates fail after commit and the status check fails too, so the outcome is unknown.
		sandbox.injectFault({ route, kind: 'status-after-commit', status: 500, times: 2 });
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/status', kind: 'status-before-commit', status: 500, times: 2 });
		const { items, result } = await runNexpay(sandbox, {
			parameters: sepaPayment({ requestOptions: { baseDelayMs: 5, maxAttempts: 2 } }),
			retryOnFail: true,
			maxTries: 2,
		});
		expect(result.status).toBe('success');
		expect(items).toHaveLength(1);
		expect(sandbox.ledger()).toHaveLength(1);
		// The second node run sent the same external payment ID and got the existing payment back.
		const ids = paymentRequests(sandbox).map((request) => new URLSearchParams(request.bodyText).get('externalPaymentId'));
		expect(ids).toHaveLength(3);
		expect(new Set(ids).size).toBe(1);
		expect(items[0].json.paymentId).toBe(sandbox.ledger()[0].paymentId);
	});

	it('says the outcome is unknown, with the ID to check, when even the status check fails', async () => {
		sandbox.injectFault({ route, kind: 'status-after-commit', status: 500, times: 2 });
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/status', kind: 'status-before-commit', status: 500, times: 2 });
		const { error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ requestOptions: { baseDelayMs: 5, maxAttempts: 2 }, additionalFields: { externalPaymentId: 'INV-UNKNOWN' } }),
		});
		expect(error?.message).toBe('Payment outcome unknown: EuroWallet error -32603: Internal error');
		expect((error as { description?: string }).description).toContain('INV-UNKNOWN');
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('gives every attempt its own request time and transaction signature', async () => {
		sandbox.injectFault({ route, kind: 'retry-after', status: 429, retryAfterSeconds: 1 });
		const { error } = await runNexpay(sandbox, { parameters: sepaPayment() });
		expect(error).toBeUndefined();
		const [first, second] = paymentRequests(sandbox).map((request) => new URLSearchParams(request.bodyText));
		expect(Number(second.get('requestTime')) - Number(first.get('requestTime'))).toBeGreaterThanOrEqual(900);
		expect(second.get('transactionSignature')).not.toBe(first.get('transactionSignature'));
		expect(second.get('externalPaymentId')).toBe(first.get('externalPaymentId'));
		expect(sandbox.ledger()).toHaveLength(1);
	});

	const insufficientFunds = { errors: [{ code: 30000, message: 'Request error', data: 'Insufficient funds' }], traceId: 'tf' };

	it('checks for the payment before reporting a refusal that followed an uncertain attempt', async () => {
		sandbox.injectFault({ route, kind: 'reset-after-commit', times: 1 });
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 400, body: insufficientFunds, times: 1 });
		const { items, error } = await runNexpay(sandbox, { parameters: sepaPayment() });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'PENDING', recoveredByStatusCheck: true, paymentId: sandbox.ledger()[0].paymentId });
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('reports the refusal when the uncertain attempt made no payment', async () => {
		sandbox.injectFault({ route, kind: 'reset-before-commit', times: 1 });
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 400, body: insufficientFunds, times: 1 });
		const { error } = await runNexpay(sandbox, { parameters: sepaPayment() });
		expect(error?.message).toBe('EuroWallet error 30000: Request error (Insufficient funds)');
		expect(sandbox.requests().filter((request) => request.path === '/api/1/eurowallet/payments/status')).toHaveLength(1);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('re-signs with a fresh nonce each time Nexpay reports error 50, apart from the 5xx/429 budget', async () => {
		const nonceError = { errors: [{ code: 50, message: 'Nonce is not monotonous' }], traceId: 't50' };
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 403, body: nonceError, times: 6 });
		// maxAttempts 2 would not cover six refusals: error 50 has its own budget.
		const { items, error } = await runNexpay(sandbox, { parameters: sepaPayment({ requestOptions: { ...FAST_RETRY, maxAttempts: 2 } }) });
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('PENDING');
		const sent = paymentRequests(sandbox);
		expect(sent).toHaveLength(7);
		const nonces = sent.map((request) => Number(request.headers['x-nonce']));
		for (let i = 1; i < nonces.length; i++) expect(nonces[i]).toBeGreaterThan(nonces[i - 1]);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('gives up after its own bound of re-signs and says what happened and what the node did', async () => {
		const nonceError = { errors: [{ code: 50, message: 'Nonce is not monotonous' }] };
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 403, body: nonceError, times: NONCE_RETRY.maxResigns + 5 });
		const { error } = await runNexpay(sandbox, { parameters: sepaPayment() });
		expect(error?.message).toBe('EuroWallet error 50: Nonce is not monotonous');
		const description = (error as { description?: string }).description ?? '';
		expect(description).toContain('queue-mode workers');
		expect(description).toContain(`re-signed this request with a fresh nonce ${NONCE_RETRY.maxResigns} times`);
		expect(description).toContain('Nothing was booked for this item');
		expect(description).not.toContain('Give each system its own API key');
		expect(paymentRequests(sandbox)).toHaveLength(NONCE_RETRY.maxResigns + 1);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('makes 300 payments, none twice, through 30 % random faults', async () => {
		sandbox.injectFault({
			route,
			kind: 'status-after-commit',
			kinds: ['status-after-commit', 'status-before-commit', 'reset-after-commit', 'reset-before-commit', 'retry-after'],
			status: 502,
			retryAfterSeconds: 0,
			probability: 0.3,
		});
		const input = Array.from({ length: 300 }, (_, i) => ({ invoice: `INV-${i}` }));
		const { items, error } = await runNexpay(sandbox, {
			parameters: sepaPayment({
				amount: '1.00',
				beneficiaryReference: '={{ $json.invoice }}',
				requestOptions: { baseDelayMs: 1, maxAttempts: 10 },
			}),
			input,
		});
		expect(error).toBeUndefined();
		const ledger = sandbox.ledger();
		expect(ledger).toHaveLength(300);
		expect(new Set(ledger.map((payment) => payment.externalPaymentId)).size).toBe(300);
		expect(new Set(ledger.map((payment) => payment.details)).size).toBe(300);
		expect(items.map((item) => item.json.beneficiaryReference)).toEqual(input.map((entry) => entry.invoice));
		const faulted = paymentRequests(sandbox).filter((request) => request.status !== 200).length;
		expect(faulted).toBeGreaterThan(60);
	}, 120000);

	it('keeps nonces rising when two executions send at the same time', async () => {
		const runs = await Promise.all(
			['a', 'b', 'c'].map((executionId) =>
				runNexpay(sandbox, { parameters: sepaPayment({ amount: '1.00' }), input: [{}, {}, {}], executionId }),
			),
		);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined, undefined]);
		expect(sandbox.ledger()).toHaveLength(9);
		expect(sandbox.requests().every((request) => request.status === 200)).toBe(true);
	});

	it('never shows a secret in outputs or errors', async () => {
		sandbox.injectFault({ route, kind: 'status-before-commit', status: 400, body: { errors: [{ code: 70, message: 'Wrong signature' }] } });
		const failed = await runNexpay(sandbox, { parameters: sepaPayment(), continueOnFail: true });
		const ok = await runNexpay(sandbox, { parameters: sepaPayment() });
		const text = JSON.stringify([failed.items, ok.items, failed.runData, ok.runData]);
		for (const secret of secretsOf(sandbox)) expect(text).not.toContain(secret);
	});
});

describe('EuroWallet Payment → Wait for Final Status', () => {
	it('polls until the payment completes', async () => {
		const done = setTimeout(() => {
			const [payment] = sandbox.ledger();
			if (payment) sandbox.setPaymentStatus(payment.paymentId, 'COMPLETED');
		}, 300);
		const { items, error } = await runNexpay(sandbox, {
			parameters: sepaPayment({ paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 0.1, waitTimeoutSeconds: 10 } }),
		});
		clearTimeout(done);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'COMPLETED', waitTimedOut: false });
	});

	it('goes on with PENDING when the wait times out', async () => {
		const { items } = await runNexpay(sandbox, {
			parameters: sepaPayment({ paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 0.1, waitTimeoutSeconds: 0.3 } }),
		});
		expect(items[0].json).toMatchObject({ status: 'PENDING', waitTimedOut: true });
	});
});

describe('EuroWallet Payment → Create when the execution is stopped', () => {
	const route = 'POST /api/2/eurowallet/payments';
	const creates = () => paymentRequests(sandbox);
	const statusChecks = () => sandbox.requests().filter((request) => request.path === '/api/1/eurowallet/payments/status');
	/** Answered with `status` a while ago, so the node has read the answer and is waiting. */
	const answeredWith = (status: number) => () => creates().some((request) => request.status === status && Date.now() - request.receivedAt > 300);

	/** Runs one create, presses Stop when `condition` holds, and returns the error and how long the stop took. */
	async function stopDuring(label: string, condition: () => boolean, overrides = {}) {
		const stop = stopWhen(condition);
		const started = Date.now();
		const run = await runNexpay(sandbox, { parameters: sepaPayment({ additionalFields: { externalPaymentId: 'INV-STOP-1' }, ...overrides }), cancelSignal: stop.signal });
		stop.dispose();
		const elapsed = stop.elapsed();
		expect(elapsed).toBeDefined();
		console.log(`stopped during ${label} in ${Math.round(elapsed ?? -1)} ms (whole run ${Date.now() - started} ms)`);
		// The node must return within about a second; the bound is generous so a loaded machine does not fail it.
		expect(elapsed).toBeLessThan(2500);
		return { ...run, description: (run.error as { description?: string } | undefined)?.description ?? '' };
	}

	it('stops during a Retry-After wait and says nothing was booked', async () => {
		// Kept short: Nexpay's pause holds every request with this key (the next tests too) until it ends.
		sandbox.injectFault({ route, kind: 'retry-after', status: 429, retryAfterSeconds: 5 });
		const { error, description, result } = await stopDuring('a 5 s Retry-After wait', answeredWith(429));
		expect(error?.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		// n8n records the run as canceled, not failed: it reads "canceled" in the node's error.
		expect(result.status).toBe('canceled');
		expect(description).toContain('nothing was processed');
		expect(description).toContain('Nothing was booked for this item');
		expect(description).toContain('INV-STOP-1');
		expect(creates()).toHaveLength(1);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('stops during the backoff after a 502 and says the outcome is unknown, with the external payment ID', async () => {
		sandbox.injectFault({ route, kind: 'status-after-commit', status: 502 });
		const { error, description } = await stopDuring(
			'an 8 s backoff',
			answeredWith(502),
			{ requestOptions: { ...FAST_RETRY, baseDelayMs: 8000 } },
		);
		expect(error?.message).toBe('Payment outcome unknown: The execution was canceled while waiting to send a request to Nexpay');
		expect(description).toContain('external payment ID INV-STOP-1');
		expect(creates()).toHaveLength(1);
		// No recovery check after a stop: nothing more is sent.
		expect(statusChecks()).toHaveLength(0);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('cuts off a slow create in flight and says the outcome is unknown, with the external payment ID', async () => {
		sandbox.injectFault({ route, kind: 'delay-after-commit', delayMs: 20000 });
		const { error, description } = await stopDuring(
			'a create held 20 s by Nexpay',
			() => creates().length === 1 && sandbox.ledger().length === 1,
			{ requestOptions: { ...FAST_RETRY, timeoutMs: 30000 } },
		);
		expect(error?.message).toBe('Payment outcome unknown: The execution was canceled while a request to Nexpay was in flight');
		expect(description).toContain('external payment ID INV-STOP-1');
		expect(creates()).toHaveLength(1);
		expect(statusChecks()).toHaveLength(0);
	});

	it('stops waiting for the final status and says the payment was created', async () => {
		const { error, description } = await stopDuring(
			'Wait for Final Status',
			answeredWith(200),
			{ paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 30, waitTimeoutSeconds: 600 } },
		);
		const [payment] = sandbox.ledger();
		expect(error?.message).toBe(`The execution was canceled while waiting for the final status of payment ${payment.paymentId}`);
		expect(description).toContain(`payment ID ${payment.paymentId}, external payment ID INV-STOP-1, last status PENDING`);
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('stops a status poll in flight during Wait for Final Status', async () => {
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/status', kind: 'delay-before-commit', delayMs: 20000 });
		const { error } = await stopDuring(
			'a status poll held 20 s by Nexpay',
			() => statusChecks().length >= 1,
			{ paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 0.1, waitTimeoutSeconds: 600 }, requestOptions: { ...FAST_RETRY, timeoutMs: 30000 } },
		);
		expect(error?.message).toMatch(/^The execution was canceled while waiting for the final status of payment \d+$/);
	});

	it('sends nothing for the items after the stop', async () => {
		sandbox.injectFault({ route, kind: 'retry-after', status: 429, retryAfterSeconds: 5, skip: 1 });
		const stop = stopWhen(answeredWith(429));
		const { items } = await runNexpay(sandbox, {
			parameters: sepaPayment({ amount: '1.00' }),
			input: [{}, {}, {}, {}],
			continueOnFail: true,
			cancelSignal: stop.signal,
		});
		stop.dispose();
		expect(creates()).toHaveLength(2);
		expect(sandbox.ledger()).toHaveLength(1);
		expect(items.map((item) => item.json.error ?? item.json.status)).toEqual([
			'PENDING',
			'The execution was canceled while waiting to send a request to Nexpay',
			'The execution was canceled while waiting to send a request to Nexpay',
			'The execution was canceled while waiting to send a request to Nexpay',
		]);
	});
});

describe('EuroWallet Payment → lookups', () => {
	async function createOne(externalPaymentId = 'INV-LOOKUP-1') {
		const { items } = await runNexpay(sandbox, { parameters: sepaPayment({ additionalFields: { externalPaymentId } }) });
		return items[0].json;
	}

	it('gets the status by payment ID and by external payment ID', async () => {
		const created = await createOne();
		const byId = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: 'paymentId', paymentId: created.paymentId },
		});
		const byExternal = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: 'externalPaymentId', externalPaymentId: 'INV-LOOKUP-1' },
		});
		expect(byId.items[0].json).toMatchObject({ paymentId: created.paymentId, status: 'PENDING' });
		expect(byExternal.items[0].json).toMatchObject({ paymentId: created.paymentId, externalPaymentId: 'INV-LOOKUP-1' });
	});

	it('explains an unknown payment', async () => {
		const { error } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: 'externalPaymentId', externalPaymentId: 'nope' },
		});
		expect(error?.message).toContain('EuroWallet error 30000');
		expect((error as { description?: string }).description).toContain('No payment has this ID');
	});

	it('refuses a payment ID that is not a number before sending', async () => {
		const { error } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'get', lookupBy: 'paymentId', paymentId: 'abc' },
		});
		expect(error?.message).toBe('Payment ID "abc" is not a whole number above 0 [item 0]');
		expect(sandbox.requests()).toHaveLength(0);
	});

	it('gets the details of a payment', async () => {
		const created = await createOne('INV-DETAILS');
		const { items } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'get', lookupBy: 'externalPaymentId', externalPaymentId: 'INV-DETAILS' },
		});
		expect(items[0].json).toMatchObject({ paymentId: created.paymentId, direction: 'outgoing', amount: '45.00', externalPaymentId: 'INV-DETAILS' });
	});

	it('gets the commission for a payment', async () => {
		const { items } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getCommission', beneficiaryBankAccount: EXTERNAL_IBAN, amount: '20', networkType: 'SEPA' },
		});
		expect(items[0].json).toMatchObject({ commissionAmount: expect.stringMatching(/^\d+\.\d{2}$/), amount: '20.00' });
		expect(sandbox.requests()[0].query).toBe(`beneficiaryBankAccount=${EXTERNAL_IBAN}&amount=20.00&networkType=SEPA`);
	});

	it('outputs history entries one per item, filtered by direction', async () => {
		await createOne('INV-H1');
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '12.34', otherName: 'Payer Ltd', details: 'Tuition' });
		const all = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getHistory', account: OWN_IBAN, output: 'entries', direction: 'both' },
		});
		const incoming = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getHistory', account: OWN_IBAN, output: 'entries', direction: 'incoming' },
		});
		expect(all.items.length).toBeGreaterThanOrEqual(2);
		expect(incoming.items.every((item) => item.json.direction === 'incoming')).toBe(true);
		expect(incoming.items.some((item) => item.json.amount === '12.34')).toBe(true);
		expect(incoming.items[0].json.ownAccount).toBe(OWN_IBAN);
	});

	it('outputs the history summary for a date range', async () => {
		const { items } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getHistory', account: OWN_IBAN, fromDate: '2026-01-01T00:00:00', toDate: '2026-12-31', output: 'summary' },
		});
		expect(items[0].json).toMatchObject({ account: OWN_IBAN, entries: expect.any(Array), balanceEnd: expect.any(String) });
		expect(sandbox.requests()[0].query).toBe(`fromDate=2026-01-01&toDate=2026-12-31&account=${OWN_IBAN}`);
	});

	it('refuses a date range that ends before it starts', async () => {
		const { error } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletPayment', operation: 'getHistory', fromDate: '2026-02-01', toDate: '2026-01-01', output: 'summary' },
		});
		expect(error?.message).toBe('From Date (2026-02-01) is after To Date (2026-01-01) [item 0]');
	});

	it('gets an FX rate and the SWIFT currencies', async () => {
		const rate = await runNexpay(sandbox, { parameters: { resource: 'euroWalletPayment', operation: 'getFxRate', currency: 'usd' } });
		const currencies = await runNexpay(sandbox, { parameters: { resource: 'euroWalletPayment', operation: 'getSwiftCurrencies' } });
		expect(rate.items[0].json).toMatchObject({ baseCurrency: 'EUR', currency: 'USD', fxRate: expect.any(String) });
		expect(currencies.items[0].json.swiftCurrencies).toEqual(expect.arrayContaining(['USD', 'GBP', 'EUR']));
	});
});
