import { startSandbox, type Sandbox } from '../sandbox';
import { ACCOUNT_A, ACCOUNT_B, ACCOUNT_CLOSED, FOREIGN_IBAN, legacy, paymentParams, sepaPayment } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const create = (fields: Record<string, string>, txSecret?: string) => legacy(sb, 'POST', '/api/2/eurowallet/payments', paymentParams(sb, fields, txSecret));

/** Independent mod-97 check (ISO 13616). */
function ibanValid(iban: string): boolean {
	const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
	return BigInt(digits) % 97n === 1n;
}

async function balanceOf(iban: string): Promise<string> {
	const reply = await legacy(sb, 'GET', '/api/1/eurowallet/status', { allAccounts: 'true' });
	return reply.body.accounts.find((a: { iban: string }) => a.iban === iban).balance;
}

describe('POST /api/2/eurowallet/payments', () => {
	it('creates a PENDING payment to a foreign IBAN, debits the account and books the decoded values', async () => {
		const reference = 'Invoice #314950-392 & café';
		const reply = await create(sepaPayment({ beneficiaryReference: reference, externalPaymentId: 'ext-1' }));
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ paymentId: expect.any(String), status: 'PENDING' });
		expect(await balanceOf(ACCOUNT_A)).toBe('2545.00');
		const [payment] = sb.ledger();
		expect(payment).toMatchObject({ paymentId: reply.body.paymentId, direction: 'outgoing', amount: '45.00', details: reference, otherName: 'John Smith', externalPaymentId: 'ext-1', runningBalance: '2545.00' });
		expect(payment.request?.beneficiaryReference).toBe(reference);
	});

	it('completes a transfer to one of our own IBANs and credits it', async () => {
		const reply = await create(sepaPayment({ beneficiaryAccount: ACCOUNT_B, amount: '100.10' }));
		expect(reply.body.status).toBe('COMPLETED');
		expect(await balanceOf(ACCOUNT_B)).toBe('1196.90');
		const history = await legacy(sb, 'GET', '/api/1/eurowallet/payments/history', { account: ACCOUNT_B });
		expect(history.body.entries).toEqual([expect.objectContaining({ direction: 'incoming', amount: '100.10', runningBalance: '1196.90', paymentId: reply.body.paymentId })]);
	});

	it('is idempotent by externalPaymentId: the retry answers with the first payment', async () => {
		const first = await create(sepaPayment({ externalPaymentId: 'order-42' }));
		const retry = await create(sepaPayment({ externalPaymentId: 'order-42' }));
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual(first.body);
		expect(sb.ledger()).toHaveLength(1);
		expect(await balanceOf(ACCOUNT_A)).toBe('2545.00');
	});

	it('without externalPaymentId every call is a new payment', async () => {
		await create(sepaPayment());
		await create(sepaPayment());
		expect(sb.ledger()).toHaveLength(2);
	});

	it('creates a SWIFT payment in USD', async () => {
		const reply = await create(
			sepaPayment({
				networkType: 'SWIFT',
				currency: 'USD',
				amount: '108.00',
				beneficiaryAccount: '123456789',
				beneficiaryBankBic: 'CHASUS33',
				beneficiaryBankName: 'JPMorgan Chase Bank',
				beneficiaryAddressStreet: '270 Park Avenue',
				beneficiaryAddressTown: 'New York',
				beneficiaryAddressCountry: 'US',
			}),
		);
		expect(reply.body.status).toBe('PENDING');
		expect(sb.ledger()[0]).toMatchObject({ networkType: 'SWIFT', amount: '100.00', originalAmount: '108.00', originalCurrency: 'USD' });
	});

	const swift = (fields: Record<string, string>): Record<string, string> =>
		sepaPayment({
			networkType: 'SWIFT',
			beneficiaryAccount: '123456789',
			beneficiaryBankBic: 'CHASUS33',
			beneficiaryBankName: 'JPMorgan Chase Bank',
			beneficiaryAddressStreet: '270 Park Avenue',
			beneficiaryAddressTown: 'New York',
			beneficiaryAddressCountry: 'US',
			...fields,
		});

	it.each([
		['missing beneficiaryReference', () => sepaPayment({ beneficiaryReference: '' }), 200],
		['requestTime 6 minutes old', () => sepaPayment({ requestTime: String(Date.now() - 6 * 60 * 1000) }), 20000],
		['name too long', () => sepaPayment({ beneficiaryName: 'x'.repeat(71) }), 20010],
		['name too short', () => sepaPayment({ beneficiaryName: 'J' }), 20020],
		['reference too long', () => sepaPayment({ beneficiaryReference: 'r'.repeat(141) }), 20030],
		['unknown network type', () => sepaPayment({ networkType: 'ACH' }), 20050],
		['SWIFT without BIC', () => swift({ beneficiaryBankBic: '' }), 200],
		['BIC too long', () => swift({ beneficiaryBankBic: 'CHASUS33XXXX' }), 20060],
		['BIC too short', () => swift({ beneficiaryBankBic: 'CHASUS' }), 20061],
		['bank name too long', () => swift({ beneficiaryBankName: 'b'.repeat(141) }), 20080],
		['street too short', () => swift({ beneficiaryAddressStreet: 'x' }), 20090],
		['street too long', () => swift({ beneficiaryAddressStreet: 's'.repeat(71) }), 20091],
		['town too short', () => swift({ beneficiaryAddressTown: 'x' }), 20100],
		['town too long', () => swift({ beneficiaryAddressTown: 't'.repeat(36) }), 20101],
		['country not ISO alpha-2', () => swift({ beneficiaryAddressCountry: 'XX' }), 20111],
		['amount with 3 decimals', () => sepaPayment({ amount: '1.234' }), 30010],
		['amount zero', () => sepaPayment({ amount: '0.00' }), 30010],
		['negative amount', () => sepaPayment({ amount: '-5' }), 30010],
		['externalPaymentId of 37 chars', () => sepaPayment({ externalPaymentId: 'e'.repeat(37) }), 30010],
		['invalid beneficiary IBAN', () => sepaPayment({ beneficiaryAccount: 'LT000000000000000000' }), 30010],
		['closed source account', () => sepaPayment({ account: ACCOUNT_CLOSED }), 30000],
		['unknown source account', () => sepaPayment({ account: FOREIGN_IBAN }), 30000],
		['insufficient balance', () => sepaPayment({ amount: '2590.01' }), 30000],
	])('rejects %s', async (_name, fields, code) => {
		const reply = await create(fields());
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].code).toBe(code);
		expect(reply.body.traceId).toMatch(/^[0-9a-f]{32}$/);
		expect(sb.ledger()).toHaveLength(0);
	});

	it('names the missing parameter', async () => {
		const reply = await create(sepaPayment({ beneficiaryName: '' }));
		expect(reply.body.errors[0]).toEqual({ code: 200, message: 'Mandatory parameter missing', data: 'beneficiaryName' });
	});

	it('20040 when the transaction signature uses the request secret', async () => {
		const reply = await create(sepaPayment(), sb.keys.euroWalletSecretKey);
		expect(reply.body.errors[0]).toMatchObject({ code: 20040, message: 'Invalid transaction signature' });
	});

	it('20040 when the transaction signature includes a field the request does not carry', async () => {
		const params = paymentParams(sb, sepaPayment({ beneficiaryAddress: '' }));
		const withoutAddress = params.filter(([k]) => k !== 'beneficiaryAddress');
		const reply = await legacy(sb, 'POST', '/api/2/eurowallet/payments', withoutAddress);
		expect(reply.body.errors[0].code).toBe(20040);
	});

	it('accepts a signature that leaves an absent optional field out', async () => {
		const { beneficiaryAddress: _omitted, ...fields } = sepaPayment();
		expect((await create(fields)).status).toBe(200);
	});
});

describe('payment status and details', () => {
	it('finds a payment by clientPaymentId or externalPaymentId', async () => {
		const created = await create(sepaPayment({ externalPaymentId: 'abc-123' }));
		const byId = await legacy(sb, 'GET', '/api/1/eurowallet/payments/status', { clientPaymentId: created.body.paymentId });
		expect(byId.body).toEqual({ paymentId: Number(created.body.paymentId), status: 'PENDING' });
		sb.setPaymentStatus(created.body.paymentId, 'REJECTED');
		const byExternal = await legacy(sb, 'GET', '/api/1/eurowallet/payments/status', { externalPaymentId: 'abc-123' });
		expect(byExternal.body.status).toBe('REJECTED');
		const details = await legacy(sb, 'GET', '/api/1/nexpay/payments', { externalPaymentId: 'abc-123' });
		expect(details.body).toMatchObject({
			networkType: 'SEPA',
			beneficiaryName: 'John Smith',
			account: ACCOUNT_A,
			details: 'Invoice #314950-392',
			amount: '45.00',
			runningBalance: '2545.00',
			direction: 'outgoing',
			status: 'REJECTED',
			paymentId: created.body.paymentId,
			externalPaymentId: 'abc-123',
		});
		expect(details.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it.each([
		['/api/1/eurowallet/payments/status', {}, 20000],
		['/api/1/eurowallet/payments/status', { clientPaymentId: '1', externalPaymentId: 'x' }, 20010],
		['/api/1/nexpay/payments', {}, 20000],
		['/api/1/nexpay/payments', { clientPaymentId: '1', externalPaymentId: 'x' }, 20010],
	])('%s %j -> %i', async (path, params, code) => {
		const reply = await legacy(sb, 'GET', path, params);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].code).toBe(code);
	});

	it('30000 "No payment found" for an unknown payment, as the recovery check expects', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/payments/status', { externalPaymentId: 'never-sent' });
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0]).toEqual({ code: 30000, message: 'Request error', data: 'No payment found with given payment parameter' });
	});
});

describe('history', () => {
	it('lists entries with turnovers and balances, filtered by date', async () => {
		sb.addIncomingPayment({ amount: '10.00', date: '2000-01-10', otherName: 'Old Payer' });
		const incoming = sb.addIncomingPayment({ amount: '250.50', otherName: 'ACME GmbH', details: 'Order 77' });
		await create(sepaPayment({ amount: '20.00' }));
		const all = await legacy(sb, 'GET', '/api/1/eurowallet/payments/history');
		expect(all.body).toMatchObject({ account: ACCOUNT_A, clientName: expect.any(String), creditTurnover: '260.50', debitTurnover: '20.00', balanceStart: '2590.00', balanceEnd: '2830.50' });
		expect(all.body.entries).toHaveLength(3);
		expect(all.body.entries[1]).toMatchObject({ paymentId: incoming.paymentId, direction: 'incoming', amount: '250.50', beneficiaryName: 'ACME GmbH', details: 'Order 77', runningBalance: '2850.50' });

		const recent = await legacy(sb, 'GET', '/api/1/eurowallet/payments/history', { fromDate: '2000-02-01', account: ACCOUNT_A });
		expect(recent.body.entries.map((e: { paymentId: string }) => e.paymentId)).not.toContain(sb.ledger()[0].paymentId);
		expect(recent.body.balanceStart).toBe('2600.00');
	});

	it('rejects a malformed date', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/payments/history', { fromDate: '01.02.2026' });
		expect(reply.body.errors[0].code).toBe(30010);
	});
});

describe('accounts and reference data', () => {
	it('opens IBANs up to the limit of 7, each a valid LT IBAN', async () => {
		const opened: string[] = [];
		for (let i = 0; i < 4; i++) {
			const reply = await legacy(sb, 'POST', '/api/1/eurowallet/account', { tagName: `Pot ${i}` });
			expect(reply.body).toEqual({ iban: expect.stringMatching(/^LT\d{18}$/), status: 'ACTIVE', balance: '0.00', tagName: `Pot ${i}` });
			opened.push(reply.body.iban);
		}
		expect(opened.every(ibanValid)).toBe(true);
		expect(new Set(opened).size).toBe(4);
		const eighth = await legacy(sb, 'POST', '/api/1/eurowallet/account');
		expect(eighth.status).toBe(400);
		expect(eighth.body.errors).toEqual([{ code: 30000, message: 'Request error', data: 'Cannot open account for this customer - account limit is reached' }]);
	});

	it('returns deposit details with the active accounts', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/deposit-details');
		expect(reply.body).toMatchObject({ bankName: 'NexPay, UAB', accounts: [ACCOUNT_A, ACCOUNT_B], swift: expect.objectContaining({ bankSwiftCode: 'CZHHAHZL' }) });
	});

	it('quotes commission, FX rate and SWIFT currencies', async () => {
		const commission = await legacy(sb, 'GET', '/api/1/eurowallet/payments/commission', { beneficiaryBankAccount: ACCOUNT_B, amount: '20.00' });
		expect(commission.body).toEqual({ commissionAmount: '3.00' });
		const badIban = await legacy(sb, 'GET', '/api/1/eurowallet/payments/commission', { beneficiaryBankAccount: 'LT12', amount: '20.00' });
		expect(badIban.body.errors[0].code).toBe(30010);
		expect((await legacy(sb, 'GET', '/api/2/eurowallet/payments/fx-rate', { currency: 'USD' })).body).toEqual({ fxRate: '1.08' });
		const currencies = await legacy(sb, 'GET', '/api/2/eurowallet/payments/swift-currencies');
		expect(currencies.body.swiftCurrencies).toEqual(['GBP', 'USD', 'EUR', 'CAD', 'AUD', 'NZD', 'SGD', 'SEK', 'NOK', 'DKK', 'PLN', 'HKD', 'CHF', 'CZK', 'JPY', 'HUF', 'BGN']);
	});
});
