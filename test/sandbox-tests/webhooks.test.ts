import { verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, WEBHOOK_VARIANTS, type Sandbox, type WebhookVariant } from '../sandbox';
import { control, legacy, paymentParams, sepaPayment } from './support';

// The example printed in eurowallet-api-and-webhooks.txt ("API webhook" section).
const DOCS_BODY =
	'{"payload":{"paymentId":27,"feePaymentId":null,"externalPaymentId":null,"batchReference":null,"account":"LT953080020000000650","amount":"5.01","direction":"incoming","status":"COMPLETED","date":"2024-06-06","networkType":"SEPA","otherName":"Roach Combs LLC","otherAccount":"LT093080020000000646","details":"Test payment 501","originalAmount":null,"originalCurrency":null,"runningBalance":"18.08"},"event":"payment.status"}';
const DOCS_SIGNATURE =
	'3045022026cfb1ace150acf7547db537e74772950bc03a96e14d50ae085a6853cc52b033022100ed30a1a50874622b0e74fe4874ed1b72d995d647ea3be135019a8ce2a8fcbe22';
const DOCS_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY3GPZkskfkKHCCysnSQEqgcQxs+W
oV3EubNu6uIb35QaIgFjatt+9go1ulcWRO9jdrDbKHzf+Jmb35q6yvimLA==
-----END PUBLIC KEY-----`;

/** What a correct receiver does: verify the raw bytes; any parse problem is a failure. */
function verifies(body: Buffer | string, signatureHex: string | undefined, pem: string): boolean {
	if (!signatureHex) return false;
	try {
		return verify('sha512', Buffer.from(body), { key: pem, dsaEncoding: 'der' }, Buffer.from(signatureHex, 'hex'));
	} catch {
		return false;
	}
}

interface Delivery {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

let sb: Sandbox;
let receiver: Server;
let receiverUrl: string;
const deliveries: Delivery[] = [];

beforeAll(async () => {
	sb = await startSandbox();
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			deliveries.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
			res.writeHead(202, { 'content-type': 'text/plain' }).end('accepted');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
});
afterAll(async () => {
	await sb.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	sb.reset();
	deliveries.length = 0;
});

async function deliver(variant: WebhookVariant): Promise<Delivery> {
	const result = await sb.sendWebhook(receiverUrl, { variant });
	expect(result).toEqual({ status: 202, body: 'accepted' });
	return deliveries[deliveries.length - 1];
}

describe('webhook signatures', () => {
	it('the docs test vector verifies with node:crypto', () => {
		expect(verify('sha512', Buffer.from(DOCS_BODY), { key: DOCS_PEM, dsaEncoding: 'der' }, Buffer.from(DOCS_SIGNATURE, 'hex'))).toBe(true);
		expect(verifies(DOCS_BODY.replace('5.01', '5.02'), DOCS_SIGNATURE, DOCS_PEM)).toBe(false);
	});

	it('signWebhookBody produces the same format: hex DER ECDSA-SHA512 over P-256', () => {
		const signature = sb.signWebhookBody(DOCS_BODY);
		expect(signature).toMatch(/^30[0-9a-f]+$/);
		expect(verifies(DOCS_BODY, signature, sb.webhookPublicKeyPem)).toBe(true);
		expect(verifies(DOCS_BODY, signature, DOCS_PEM)).toBe(false);
		expect(sb.webhookPublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
	});

	it('a valid delivery is a signed JSON POST with a payment.status payload', async () => {
		const d = await deliver('valid');
		expect(d.method).toBe('POST');
		expect(d.headers['content-type']).toBe('application/json');
		expect(verifies(d.body, d.headers['x-signature'] as string, sb.webhookPublicKeyPem)).toBe(true);
		const message = JSON.parse(d.body.toString('utf8'));
		expect(message.event).toBe('payment.status');
		expect(message.payload).toMatchObject({
			paymentId: expect.any(String),
			account: 'LT633080010000000208',
			amount: '23.33',
			direction: 'incoming',
			status: 'COMPLETED',
			networkType: 'SEPA',
			otherName: expect.any(String),
			otherAccount: expect.any(String),
		});
	});

	it.each(WEBHOOK_VARIANTS.filter((v) => v !== 'valid'))('variant %s does not verify against the raw body', async (variant) => {
		const d = await deliver(variant);
		expect(verifies(d.body, d.headers['x-signature'] as string | undefined, sb.webhookPublicKeyPem)).toBe(false);
	});

	it('each bad variant differs from a valid delivery the way its name says', async () => {
		const valid = await deliver('valid');
		const validText = valid.body.toString('utf8');
		// ECDSA signatures are randomised, so compare by verifying against the original bytes.
		const signsOriginal = (d: Delivery): boolean => verifies(valid.body, d.headers['x-signature'] as string, sb.webhookPublicKeyPem);
		const tampered = await deliver('tampered-body');
		expect(tampered.body.length).toBe(valid.body.length);
		expect(tampered.body.toString('utf8')).toBe(validText.replace('"amount":"23.33"', '"amount":"33.33"'));
		expect(signsOriginal(tampered)).toBe(true);
		expect((await deliver('missing-signature')).headers['x-signature']).toBeUndefined();
		const empty = await deliver('empty-body');
		expect(empty.body.length).toBe(0);
		expect(signsOriginal(empty)).toBe(true);
		const malformed = await deliver('malformed-signature');
		expect(malformed.headers['x-signature']).toMatch(/^[0-9a-f]+$/);
		const pretty = await deliver('re-serialised');
		expect(JSON.parse(pretty.body.toString('utf8'))).toEqual(JSON.parse(validText));
		// The trap: verifying a compact re-serialisation instead of the raw bytes would accept it.
		expect(verifies(JSON.stringify(JSON.parse(pretty.body.toString('utf8'))), pretty.headers['x-signature'] as string, sb.webhookPublicKeyPem)).toBe(true);
		const wrongKey = await deliver('wrong-key');
		expect(wrongKey.body).toEqual(valid.body);
		expect(signsOriginal(wrongKey)).toBe(false);
	});

	it('the signature encoding variants carry the right signature in a wrong form', async () => {
		const valid = await deliver('valid');
		const der = (valid.headers['x-signature'] as string).length;
		const base64 = (await deliver('signature-not-hex')).headers['x-signature'] as string;
		expect(base64).not.toMatch(/^[0-9a-f]+$/);
		expect(verifies(valid.body, Buffer.from(base64, 'base64').toString('hex'), sb.webhookPublicKeyPem)).toBe(true);
		const notDer = (await deliver('signature-not-der')).headers['x-signature'] as string;
		expect(notDer).toMatch(/^31[0-9a-f]+$/);
		// A DER signature on P-256 is 70–72 bytes, and each signing draws a new one: compare ranges, not lengths.
		for (const length of [der, notDer.length]) expect(length >= 136 && length <= 144).toBe(true);
		const rawRs = await deliver('signature-raw-rs');
		expect(rawRs.headers['x-signature']).toMatch(/^[0-9a-f]{128}$/);
		expect(verify('sha512', rawRs.body, { key: sb.webhookPublicKeyPem, dsaEncoding: 'ieee-p1363' }, Buffer.from(rawRs.headers['x-signature'] as string, 'hex'))).toBe(true);
	});

	it('builds the payload from a ledger payment, honours a custom event and extra headers', async () => {
		const created = await legacy(sb, 'POST', '/api/2/eurowallet/payments', paymentParams(sb, sepaPayment({ beneficiaryAccount: 'LT023080010000000239', externalPaymentId: 'wh-1' })));
		await sb.sendWebhook(receiverUrl, { paymentId: created.body.paymentId, event: 'payment.status', headers: { 'x-test': 'yes' } });
		const d = deliveries[0];
		expect(d.headers['x-test']).toBe('yes');
		expect(JSON.parse(d.body.toString('utf8')).payload).toMatchObject({
			paymentId: created.body.paymentId,
			status: 'COMPLETED',
			direction: 'outgoing',
			externalPaymentId: 'wh-1',
			otherAccount: 'LT023080010000000239',
		});
		expect(verifies(d.body, d.headers['x-signature'] as string, sb.webhookPublicKeyPem)).toBe(true);
	});

	it('sends through the control API too', async () => {
		const reply = await control(sb, 'POST', '/webhooks/send', { url: receiverUrl, variant: 'valid', payload: { paymentId: '9', status: 'REJECTED' } });
		expect(reply.body).toEqual({ status: 202, body: 'accepted' });
		expect(JSON.parse(deliveries[0].body.toString('utf8'))).toEqual({ event: 'payment.status', payload: { paymentId: '9', status: 'REJECTED' } });
		const signed = await control(sb, 'POST', '/webhooks/sign', { body: DOCS_BODY });
		expect(verifies(DOCS_BODY, signed.body.signature, sb.webhookPublicKeyPem)).toBe(true);
	});
});
