import { startSandbox, type Sandbox } from '../sandbox';
import { ACCOUNT_A, ACCOUNT_B, encodePairs, hmacHex, legacy, nextNonce, type Pairs } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

function expectAuthError(reply: { status: number; body: { errors: { code: number; message: string }[]; traceId: string } }, code: number, message: string): void {
	expect(reply.status).toBe(403);
	expect(reply.body.errors).toEqual([expect.objectContaining({ code, message })]);
	expect(reply.body.traceId).toMatch(/^[0-9a-f]{32}$/);
}

describe('EuroWallet authentication errors, in the documented order', () => {
	const path = '/api/1/eurowallet/status';

	it('10 missing API key (checked before everything else)', async () => {
		expectAuthError(await legacy(sb, 'GET', path, [], { omit: ['X-API-KEY', 'X-NONCE', 'X-Signature'] }), 10, 'Missing API key');
	});

	it('20 missing nonce', async () => {
		expectAuthError(await legacy(sb, 'GET', path, [], { omit: ['X-NONCE', 'X-Signature'] }), 20, 'Missing nonce');
	});

	it('30 missing signature', async () => {
		expectAuthError(await legacy(sb, 'GET', path, [], { omit: ['X-Signature'] }), 30, 'Missing signature');
	});

	it('40 unknown API key', async () => {
		expectAuthError(await legacy(sb, 'GET', path, [], { apiKey: 'not-a-known-key' }), 40, 'Invalid API key');
	});

	it.each(['abc', '12.5', '-1', '9007199254740990', '99999999999999999999'])('60 invalid nonce %s', async (nonce) => {
		expectAuthError(await legacy(sb, 'GET', path, [], { nonce }), 60, 'Nonce is not valid');
	});

	it('accepts the largest valid nonce, 2^53-3', async () => {
		expect((await legacy(sb, 'GET', path, [], { nonce: '9007199254740989' })).status).toBe(200);
	});

	it('50 repeated or smaller nonce', async () => {
		const nonce = nextNonce();
		expect((await legacy(sb, 'GET', path, [], { nonce })).status).toBe(200);
		expectAuthError(await legacy(sb, 'GET', path, [], { nonce }), 50, 'Nonce is not monotonous');
		expectAuthError(await legacy(sb, 'GET', path, [], { nonce: nonce - 1 }), 50, 'Nonce is not monotonous');
		expect((await legacy(sb, 'GET', path, [], { nonce: nonce + 1 })).status).toBe(200);
	});

	it('70 wrong signature, and a rejected signature does not use up the nonce', async () => {
		const nonce = nextNonce();
		expectAuthError(await legacy(sb, 'GET', path, [], { nonce, secret: 'wrong-secret' }), 70, 'Wrong signature');
		expect((await legacy(sb, 'GET', path, [], { nonce })).status).toBe(200);
	});

	it('the nonce is checked (50) before the signature (70)', async () => {
		const nonce = nextNonce();
		await legacy(sb, 'GET', path, [], { nonce });
		expectAuthError(await legacy(sb, 'GET', path, [], { nonce, secret: 'wrong-secret' }), 50, 'Nonce is not monotonous');
	});

	it('records rejected requests too', async () => {
		await legacy(sb, 'GET', path, [], { omit: ['X-API-KEY'] });
		expect(sb.requests()).toEqual([expect.objectContaining({ method: 'GET', path, status: 403 })]);
	});
});

describe('EuroWallet request signing', () => {
	it('accepts a signed GET with a query and honours its parameter', async () => {
		const all = await legacy(sb, 'GET', '/api/1/eurowallet/status', { allAccounts: 'true' });
		expect(all.status).toBe(200);
		expect(all.body.accounts.map((a: { iban: string }) => a.iban)).toEqual([ACCOUNT_A, 'LT293080010000000238', ACCOUNT_B]);
		const one = await legacy(sb, 'GET', '/api/1/eurowallet/status');
		expect(one.body.accounts).toEqual([{ iban: ACCOUNT_A, status: 'ACTIVE', balance: '2590.00', tagName: null, swiftAccount: 'CH89087999390000000U7' }]);
	});

	it('signs the decoded values: spaces, #, &, + and é in a POST body are accepted', async () => {
		const tagName = 'Café & Co #1 a+b=c';
		const reply = await legacy(sb, 'POST', '/api/1/eurowallet/account', { tagName });
		expect(reply.status).toBe(200);
		expect(reply.body.tagName).toBe(tagName);
		const wire = sb.requests()[0].bodyText;
		expect(wire).toBe(encodePairs([['tagName', tagName]]));
	});

	it('a form body using + for spaces is decoded the same way', async () => {
		const nonce = String(nextNonce());
		const path = '/api/1/eurowallet/account';
		const message = `${sb.keys.euroWalletApiKey}&${nonce}${path}?tagName=Savings pot`;
		const res = await fetch(`${sb.url}${path}`, {
			method: 'POST',
			headers: {
				'X-API-KEY': sb.keys.euroWalletApiKey,
				'X-NONCE': nonce,
				'X-Signature': hmacHex(sb.keys.euroWalletSecretKey, message),
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: 'tagName=Savings+pot',
		});
		expect(res.status).toBe(200);
		expect(((await res.json()) as { tagName: string }).tagName).toBe('Savings pot');
	});

	it('rejects a client that signs the percent-encoded values', async () => {
		const params: Pairs = [['tagName', 'John Smith']];
		const reply = await legacy(sb, 'POST', '/api/1/eurowallet/account', params, {
			message: (correct) => correct.replace('John Smith', 'John%20Smith'),
		});
		expectAuthError(reply, 70, 'Wrong signature');
	});

	it('rejects a signature over the pairs in another order than sent', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/payments/commission', [
			['beneficiaryBankAccount', ACCOUNT_B],
			['amount', '20.00'],
		], { message: (correct) => correct.replace(`beneficiaryBankAccount=${ACCOUNT_B}&amount=20.00`, `amount=20.00&beneficiaryBankAccount=${ACCOUNT_B}`) });
		expectAuthError(reply, 70, 'Wrong signature');
	});

	it('rejects a signature that leaves the query out', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/status', { allAccounts: 'true' }, { message: (correct) => correct.split('?')[0] });
		expectAuthError(reply, 70, 'Wrong signature');
	});

	it('rejects a POST that is not form-encoded', async () => {
		const reply = await legacy(sb, 'POST', '/api/1/eurowallet/account', { tagName: 'x' }, { contentType: 'application/json' });
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].code).toBe(-32600);
	});

	it('answers an unknown path with 404', async () => {
		const reply = await legacy(sb, 'GET', '/api/1/eurowallet/nope');
		expect(reply.status).toBe(404);
		expect(reply.body.traceId).toMatch(/^[0-9a-f]{32}$/);
	});
});
