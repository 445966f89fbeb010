import { NodeApiError, type INode } from 'n8n-workflow';

import {
	describeNexpayError,
	errorItemJson,
	EUROWALLET_ERROR_CODES,
	networkErrorCode,
	nexpayApiError,
	V2_ERROR_CODES,
} from '../../nodes/Nexpay/helpers/errors';

const node: INode = {
	id: 'n1',
	name: 'Nexpay',
	type: 'n8n-nodes-nexpay.nexpay',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

// Every code in the docs' tables (v2-errors.txt; eurowallet-api-and-webhooks.txt), typed in by hand.
const DOCUMENTED_V2 = [
	'GEN9001', 'GEN9002', 'GEN9003', 'GEN9004', 'GEN9013', 'AUT0001', 'AUT0002', 'AUT0003', 'AUT0004', 'AUT0006',
	'PAY0001', 'PAY0002', 'PAY0003', 'PAY0004', 'QOT0001', 'QOT0002', 'QOT0003', 'QOT0004', 'PYE0001', 'PYE0002',
	'PYE0003', 'DOC0001', 'DOC0002', 'DOC0003', 'GWY0001', 'GWY0002', 'GWY0003', 'TNT0001', 'TNT0002', 'COM0001',
	'COM0002', 'COM0003', 'COM0004', 'COM0005', 'ORG0001', 'ORG0002', 'ORG0003', 'CNV0001', 'CNV0002', 'CNV0003',
	'DEV0001', 'DEV0002', 'CHT0001', 'CHT0002', 'CHT0003', 'CHT0004',
].map((code) => `[${code}]`);
const DOCUMENTED_LEGACY = [
	10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 121, 200, 20000, 20010, 20020, 20030, 20040, 20050, 20060,
	20061, 20080, 20090, 20091, 20100, 20101, 20111, 30000, 30010, -32603,
];

describe('v2 error bodies', () => {
	it('has a message and a hint for every documented code', () => {
		expect(Object.keys(V2_ERROR_CODES).sort()).toEqual([...DOCUMENTED_V2].sort());
	});

	it.each(DOCUMENTED_V2)('maps %s to a NodeApiError with the code, a hint and the status', (code) => {
		const body = { statusCode: 422, code, message: `${code} ${V2_ERROR_CODES[code].message}`, timestamp: '2026-01-15T10:30:00.000Z' };
		const error = nexpayApiError(node, describeNexpayError('v2', 422, body), { itemIndex: 3 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`${code} ${V2_ERROR_CODES[code].message}`);
		expect(error.description).toContain(V2_ERROR_CODES[code].hint);
		expect(error.httpCode).toBe('422');
		expect(error.context.itemIndex).toBe(3);
		expect(errorItemJson(error)).toMatchObject({ code, httpCode: '422' });
	});

	it('keeps details, and reads bodies that arrive as bytes', () => {
		const body = Buffer.from(
			JSON.stringify({ statusCode: 422, code: '[QOT0003]', message: '[QOT0003] Currency pair unavailable', details: { fromCurrency: 'BRL', toCurrency: 'USD' } }),
		);
		const error = nexpayApiError(node, describeNexpayError('v2', 422, body));
		expect(errorItemJson(error)).toMatchObject({ code: '[QOT0003]', details: { fromCurrency: 'BRL', toCurrency: 'USD' } });
	});

	it("quotes a proxy's HTML error page by its title, and cuts a long text body", () => {
		const page = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
		expect(describeNexpayError('v2', 502, page).message).toBe('Nexpay answered HTTP 502: 502 Bad Gateway');
		expect(describeNexpayError('euroWallet', 504, Buffer.from(page.replace(/502 Bad Gateway/g, '504 Gateway Timeout'))).message).toBe('Nexpay answered HTTP 504: 504 Gateway Timeout');
		const untitled = '<!DOCTYPE html><body><style>p{color:red}</style><p>Service\n  unavailable</p></body>';
		expect(describeNexpayError('v2', 503, untitled).message).toBe('Nexpay answered HTTP 503: Service unavailable');
		const long = describeNexpayError('v2', 500, 'x'.repeat(5000)).message;
		expect(long).toBe(`Nexpay answered HTTP 500: ${'x'.repeat(199)}…`);
		expect(describeNexpayError('v2', 500, 'upstream connect error').message).toBe('Nexpay answered HTTP 500: upstream connect error');
	});

	it('explains a bare 422 as an idempotency key reused with another body', () => {
		const info = describeNexpayError('v2', 422, '');
		expect(info.message).toBe('Nexpay answered HTTP 422');
		expect(info.hint).toMatch(/Idempotency Key/);
	});
});

describe('EuroWallet error bodies', () => {
	it('has a message and a hint for every documented code', () => {
		for (const code of DOCUMENTED_LEGACY) expect(EUROWALLET_ERROR_CODES[String(code)]).toBeDefined();
	});

	it.each(DOCUMENTED_LEGACY)('maps code %s with its hint and keeps the traceId', (code) => {
		const body = { errors: [{ code, message: EUROWALLET_ERROR_CODES[String(code)].message }], traceId: 'b1d88d60011a9bda350b0eef7dc8dcbb' };
		const error = nexpayApiError(node, describeNexpayError('euroWallet', code === -32603 ? 500 : 403, body, '/api/2/eurowallet/payments'));
		expect(error.message).toBe(`EuroWallet error ${code}: ${EUROWALLET_ERROR_CODES[String(code)].message}`);
		expect(error.description).toContain(EUROWALLET_ERROR_CODES[String(code)].hint);
		expect(error.description).toContain('b1d88d60011a9bda350b0eef7dc8dcbb');
		expect(errorItemJson(error)).toMatchObject({ code: String(code), traceId: 'b1d88d60011a9bda350b0eef7dc8dcbb' });
	});

	it('reads 20000 and 20010 as identifier errors on the status endpoint', () => {
		const body = { errors: [{ code: 20010, message: 'Both paymentId and externalPaymentId parameters was provided' }] };
		expect(describeNexpayError('euroWallet', 400, body, '/api/1/eurowallet/payments/status').hint).toMatch(/not both/);
		expect(describeNexpayError('euroWallet', 400, body, '/api/2/eurowallet/payments').hint).toMatch(/Shorten the beneficiary name/);
	});

	it('explains the 7-IBAN limit', () => {
		const body = [{ code: 30000, message: 'Request error', data: 'Cannot open account for this customer - account limit is reached' }];
		const info = describeNexpayError('euroWallet', 400, body, '/api/1/eurowallet/account');
		expect(info.message).toContain('account limit is reached');
		expect(info.hint).toMatch(/at most 7 IBANs/);
	});
});

describe('secrets', () => {
	it('never carries a secret into the message, description, item or cause', () => {
		const secret = 'sk_live_very_secret_value';
		const body = { errors: [{ code: 40, message: `Invalid API key ${secret}`, data: encodeURIComponent(secret) }], traceId: 't' };
		const error = nexpayApiError(node, describeNexpayError('euroWallet', 403, body), { secrets: [secret] });
		const everything = JSON.stringify({ message: error.message, description: error.description, item: errorItemJson(error), cause: error.errorResponse, context: error.context });
		expect(everything).not.toContain(secret);
		expect(everything).toContain('[redacted]');
	});
});

describe('network errors', () => {
	it('finds the code anywhere in the cause chain', () => {
		const root = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		expect(networkErrorCode(new Error('wrapped', { cause: new Error('again', { cause: root }) }))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('timeout of 50ms exceeded'))).toBe('ETIMEDOUT');
		expect(networkErrorCode(new Error('nothing to see'))).toBeUndefined();
	});
});
