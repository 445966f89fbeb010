import {
	clockMicros,
	decodePairs,
	encodePairs,
	legacySignatureMessage,
	nextNonce,
	signEuroWalletRequest,
	transactionSignature,
	transactionSignatureMessage,
	verifyWebhookSignature,
	parseWebhookPublicKey,
} from '../../nodes/Nexpay/helpers/signing';
import type { IHttpRequestOptions } from 'n8n-workflow';

// Expected digests were computed outside this code base with
// `printf '%s' "$message" | openssl dgst -sha512 -hmac "$secret"`.
const keys = { apiKey: 'kat-api-key', secretKey: 'kat-secret-key' };

const DOCS_WEBHOOK_BODY =
	'{"payload":{"paymentId":27,"feePaymentId":null,"externalPaymentId":null,"batchReference":null,"account":"LT953080020000000650","amount":"5.01","direction":"incoming","status":"COMPLETED","date":"2024-06-06","networkType":"SEPA","otherName":"Roach Combs LLC","otherAccount":"LT093080020000000646","details":"Test payment 501","originalAmount":null,"originalCurrency":null,"runningBalance":"18.08"},"event":"payment.status"}';
const DOCS_WEBHOOK_SIGNATURE =
	'3045022026cfb1ace150acf7547db537e74772950bc03a96e14d50ae085a6853cc52b033022100ed30a1a50874622b0e74fe4874ed1b72d995d647ea3be135019a8ce2a8fcbe22';
const DOCS_WEBHOOK_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY3GPZkskfkKHCCysnSQEqgcQxs+W
oV3EubNu6uIb35QaIgFjatt+9go1ulcWRO9jdrDbKHzf+Jmb35q6yvimLA==
-----END PUBLIC KEY-----`;

function header(request: IHttpRequestOptions, name: string): string {
	return String((request.headers ?? {})[name]);
}

describe('legacy request signature (known answers)', () => {
	it('signs a GET with a query object in the order the pairs are sent', () => {
		const signed = signEuroWalletRequest(
			keys,
			{
				method: 'GET',
				baseURL: 'http://127.0.0.1:9',
				url: '/api/1/eurowallet/payments/history',
				qs: { fromDate: '2024-01-01', toDate: '2024-01-31', account: 'LT023080010000000239' },
			},
			1700000000000000,
		);
		expect(signed.url).toBe(
			'/api/1/eurowallet/payments/history?fromDate=2024-01-01&toDate=2024-01-31&account=LT023080010000000239',
		);
		expect(signed.qs).toBeUndefined();
		expect(header(signed, 'X-API-KEY')).toBe('kat-api-key');
		expect(header(signed, 'X-NONCE')).toBe('1700000000000000');
		expect(header(signed, 'X-Signature')).toBe(
			'04f3f299a171f4b63c08793d81775dde052c2a586342b0bdda15fa41e434f059dece7c07bb59081157ffad8ab6195b0dadc31d06cd4f05fc52575278555d1a7b',
		);
	});

	it('signs a POST form body decoded and sends it encoded', () => {
		const body = {
			requestTime: 1560246703074,
			account: 'LT023080010000000239',
			amount: '45.00',
			beneficiaryName: 'Jürgen Müller & Co',
			beneficiaryAddress: 'New Street 25, Vilnius',
			beneficiaryAccount: 'LT633080010000000208',
			beneficiaryReference: 'Invoice #314950-392 50% off',
			externalPaymentId: '223102a35db34864b2057fa1fb1089000000',
			transactionSignature: 'abc',
		};
		const signed = signEuroWalletRequest(
			keys,
			{ method: 'POST', baseURL: 'http://127.0.0.1:9', url: '/api/2/eurowallet/payments', body },
			1700000000000001,
		);
		expect(header(signed, 'Content-Type')).toBe('application/x-www-form-urlencoded');
		expect(signed.body).toBe(
			'requestTime=1560246703074&account=LT023080010000000239&amount=45.00&beneficiaryName=J%C3%BCrgen%20M%C3%BCller%20%26%20Co&beneficiaryAddress=New%20Street%2025%2C%20Vilnius&beneficiaryAccount=LT633080010000000208&beneficiaryReference=Invoice%20%23314950-392%2050%25%20off&externalPaymentId=223102a35db34864b2057fa1fb1089000000&transactionSignature=abc',
		);
		expect(header(signed, 'X-Signature')).toBe(
			'f63d40218bfb27b9487d2bdde52b82b755a29db2ea66753170dc27a4369cce3ae20362d527d38334d890d183d157d68c69658dac5b31c04b589219857266b220',
		);
	});

	it('signs the same pairs when they arrive as the HTTP Request node sends them (uri + form)', () => {
		const signed = signEuroWalletRequest(
			keys,
			{
				method: 'POST',
				uri: 'http://127.0.0.1:9/api/2/eurowallet/payments',
				form: {
					requestTime: '1560246703074',
					account: 'LT023080010000000239',
					amount: '45.00',
					beneficiaryName: 'Jürgen Müller & Co',
					beneficiaryAddress: 'New Street 25, Vilnius',
					beneficiaryAccount: 'LT633080010000000208',
					beneficiaryReference: 'Invoice #314950-392 50% off',
					externalPaymentId: '223102a35db34864b2057fa1fb1089000000',
					transactionSignature: 'abc',
				},
				json: false,
			} as unknown as IHttpRequestOptions,
			1700000000000001,
		) as IHttpRequestOptions & { form?: unknown; uri?: string };
		expect(signed.form).toBeUndefined();
		expect(signed.uri).toBe('http://127.0.0.1:9/api/2/eurowallet/payments');
		expect(header(signed, 'X-Signature')).toBe(
			'f63d40218bfb27b9487d2bdde52b82b755a29db2ea66753170dc27a4369cce3ae20362d527d38334d890d183d157d68c69658dac5b31c04b589219857266b220',
		);
	});

	it('keeps a query typed into the URL and signs it decoded', () => {
		const signed = signEuroWalletRequest(
			keys,
			{
				method: 'GET',
				uri: 'http://127.0.0.1:9/api/1/eurowallet/payments/history?fromDate=2024-01-01&toDate=2024-01-31',
				qs: { account: 'LT023080010000000239' },
			} as unknown as IHttpRequestOptions,
			1700000000000000,
		) as IHttpRequestOptions & { uri?: string };
		expect(signed.uri).toBe(
			'http://127.0.0.1:9/api/1/eurowallet/payments/history?fromDate=2024-01-01&toDate=2024-01-31&account=LT023080010000000239',
		);
		expect(header(signed, 'X-Signature')).toMatch(/^04f3f299a171f4b6/);
	});

	it('signs a request without parameters over key, nonce and path only', () => {
		const signed = signEuroWalletRequest(
			keys,
			{ method: 'GET', url: 'http://127.0.0.1:9/api/1/eurowallet/status', qs: {} },
			1700000000000002,
		);
		expect(signed.url).toBe('http://127.0.0.1:9/api/1/eurowallet/status');
		expect(header(signed, 'X-Signature')).toBe(
			'83d5843eacee36c8de8a51d4fa68c3b6856c750ce75370b27fc5c32512c836e901f5bc79a8110b31ae764ec35826c39110759e8fe73005467c214399afce63b1',
		);
	});

	it('signs a pre-encoded string body exactly as it will be sent', () => {
		const raw = 'tagName=Caf%C3%A9+%231';
		const signed = signEuroWalletRequest(
			keys,
			{ method: 'POST', url: 'http://127.0.0.1:9/api/1/eurowallet/account', body: raw },
			5,
		);
		expect(signed.body).toBe(raw);
		expect(legacySignatureMessage('k', 5, '/p', [], decodePairs(raw))).toBe('k&5/p?tagName=Café #1');
	});

	it('refuses to sign a JSON body, which the EuroWallet API does not accept', () => {
		expect(() =>
			signEuroWalletRequest(keys, {
				method: 'POST',
				url: 'http://127.0.0.1:9/api/1/eurowallet/account',
				body: '{"tagName":"x"}',
				headers: { 'content-type': 'application/json' },
			}),
		).toThrow(/x-www-form-urlencoded/);
	});

	it('replaces stale auth headers instead of sending two', () => {
		const signed = signEuroWalletRequest(
			keys,
			{ method: 'GET', url: 'http://127.0.0.1:9/x', headers: { 'x-nonce': '1', 'X-Signature': 'old' } },
			7,
		);
		expect(Object.keys(signed.headers ?? {}).filter((h) => /nonce|signature/i.test(h))).toEqual([
			'X-NONCE',
			'X-Signature',
		]);
	});
});

describe('pair encoding', () => {
	it('round-trips values with spaces, #, &, = and non-ASCII', () => {
		const pairs: Array<[string, string]> = [
			['a b', 'x&y=z'],
			['name', 'Žemaitė #1 50%'],
		];
		expect(decodePairs(encodePairs(pairs))).toEqual(pairs);
	});

	it('reads + as a space, as form decoding does', () => {
		expect(decodePairs('beneficiaryName=John+Smith')).toEqual([['beneficiaryName', 'John Smith']]);
	});
});

describe('nonce', () => {
	it('is a microsecond timestamp below 2^53-2', () => {
		const before = Date.now() * 1000;
		const nonce = nextNonce();
		expect(Number.isSafeInteger(nonce)).toBe(true);
		expect(nonce).toBeGreaterThanOrEqual(before - 5_000);
		expect(nonce).toBeLessThanOrEqual(Date.now() * 1000 + 5_000);
		expect(nonce).toBeLessThan(2 ** 53 - 2);
	});

	it('comes from a clock with real microsecond resolution, not milliseconds times 1000', () => {
		// Date.now() * 1000 would end in 000 every time; hrtime fills the last three digits.
		const readings = Array.from({ length: 200 }, () => clockMicros());
		expect(readings.filter((micros) => micros % 1000 !== 0).length).toBeGreaterThan(100);
		// More distinct readings than distinct milliseconds: it tells apart moments within one millisecond.
		expect(new Set(readings).size).toBeGreaterThan(new Set(readings.map((micros) => Math.floor(micros / 1000))).size);
		for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1]);
	});

	it('keeps to the wall clock', () => {
		expect(Math.abs(clockMicros() - Date.now() * 1000)).toBeLessThan(5_000);
	});

	it('never repeats a value in 100,000 calls on the real clock', () => {
		// Runs before the tests below push the counter ahead of the clock.
		const nonces = Array.from({ length: 100_000 }, () => nextNonce());
		expect(new Set(nonces).size).toBe(nonces.length);
		for (let i = 1; i < nonces.length; i++) expect(nonces[i]).toBeGreaterThan(nonces[i - 1]);
	});

	it('strictly increases across 10,000 calls at the same clock reading', () => {
		const frozen = clockMicros() + 60_000_000;
		let previous = nextNonce(frozen);
		for (let i = 0; i < 10_000; i++) {
			const next = nextNonce(frozen);
			expect(next).toBeGreaterThan(previous);
			previous = next;
		}
	});

	it('never goes back when the clock does', () => {
		const first = nextNonce(clockMicros() + 120_000_000);
		expect(nextNonce(clockMicros() - 60_000_000)).toBeGreaterThan(first);
	});
});

describe('transaction signature (known answer)', () => {
	const fields = {
		requestTime: 1560246703074,
		account: 'LT023080010000000239',
		amount: '45.00',
		beneficiaryName: 'John Smith',
		beneficiaryAddress: 'New Street 25',
		beneficiaryAccount: 'LT633080010000000208',
		beneficiaryReference: 'Invoice #314950-392',
		externalPaymentId: '223102a35db34864b2057fa1fb1089000000',
	};

	it('concatenates the documented fields in the documented order with raw values', () => {
		expect(transactionSignatureMessage(fields)).toBe(
			'requestTime=1560246703074&account=LT023080010000000239&amount=45.00&beneficiaryName=John Smith&beneficiaryAddress=New Street 25&beneficiaryAccount=LT633080010000000208&beneficiaryReference=Invoice #314950-392&externalPaymentId=223102a35db34864b2057fa1fb1089000000',
		);
		expect(transactionSignature('kat-transaction-secret', fields)).toBe(
			'c80fc188ac38686433c4d64877fa41c67b73b90107c456014dd136a7682755e741a230cf34dfe0ce358eee3713e9eede66d7050ca39484176578f1e62cb97e9e',
		);
	});

	it('leaves out fields the request does not carry', () => {
		expect(
			transactionSignatureMessage({ ...fields, beneficiaryAddress: undefined, externalPaymentId: undefined }),
		).toBe(
			'requestTime=1560246703074&account=LT023080010000000239&amount=45.00&beneficiaryName=John Smith&beneficiaryAccount=LT633080010000000208&beneficiaryReference=Invoice #314950-392',
		);
	});
});

describe('webhook signature', () => {
	const body = Buffer.from(DOCS_WEBHOOK_BODY, 'utf8');

	it('verifies the test vector printed in the docs', () => {
		expect(verifyWebhookSignature(body, DOCS_WEBHOOK_SIGNATURE, DOCS_WEBHOOK_KEY)).toEqual({ valid: true });
	});

	it('accepts a PEM pasted with literal \\n sequences', () => {
		expect(verifyWebhookSignature(body, DOCS_WEBHOOK_SIGNATURE, DOCS_WEBHOOK_KEY.replace(/\n/g, '\\n')).valid).toBe(
			true,
		);
	});

	it('fails for every one-byte change of the body', () => {
		let accepted = 0;
		for (let i = 0; i < body.length; i++) {
			const tampered = Buffer.from(body);
			tampered[i] ^= 0x01;
			if (verifyWebhookSignature(tampered, DOCS_WEBHOOK_SIGNATURE, DOCS_WEBHOOK_KEY).valid) accepted++;
		}
		expect(accepted).toBe(0);
	});

	it('fails for every one-byte change of the signature', () => {
		const signature = Buffer.from(DOCS_WEBHOOK_SIGNATURE, 'hex');
		let accepted = 0;
		for (let i = 0; i < signature.length; i++) {
			const tampered = Buffer.from(signature);
			tampered[i] ^= 0x01;
			if (verifyWebhookSignature(body, tampered.toString('hex'), DOCS_WEBHOOK_KEY).valid) accepted++;
		}
		expect(accepted).toBe(0);
	});

	it('fails a re-serialisation of the same JSON', () => {
		const pretty = Buffer.from(JSON.stringify(JSON.parse(DOCS_WEBHOOK_BODY), null, 2));
		expect(verifyWebhookSignature(pretty, DOCS_WEBHOOK_SIGNATURE, DOCS_WEBHOOK_KEY).valid).toBe(false);
	});

	it.each([
		['no key', body, DOCS_WEBHOOK_SIGNATURE, '', 'No webhook public key is configured'],
		['no signature', body, undefined, DOCS_WEBHOOK_KEY, 'Missing X-Signature header'],
		['a non-hex signature', body, 'zz' + DOCS_WEBHOOK_SIGNATURE.slice(2), DOCS_WEBHOOK_KEY, 'Malformed X-Signature header'],
		['a truncated DER signature', body, DOCS_WEBHOOK_SIGNATURE.slice(0, 40), DOCS_WEBHOOK_KEY, 'Signature does not match the body'],
		['an empty body', Buffer.alloc(0), DOCS_WEBHOOK_SIGNATURE, DOCS_WEBHOOK_KEY, 'Empty body'],
	])('refuses %s', (_label, rawBody, signature, key, reason) => {
		const result = verifyWebhookSignature(rawBody, signature, key);
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.reason).toMatch(reason.split(' ')[0]);
	});

	it('refuses a private key even though the public half could be derived from it', () => {
		const { generateKeyPairSync } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
		const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const result = verifyWebhookSignature(body, DOCS_WEBHOOK_SIGNATURE, pem);
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.reason).toMatch(/private key/);
	});

	it('rejects public keys that are not P-256', () => {
		const { generateKeyPairSync } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
		const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
		const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
		expect(() => parseWebhookPublicKey(pem)).toThrow(/P-256/);
		expect(() => parseWebhookPublicKey('not a key')).toThrow(/not a valid PEM/);
	});
});
