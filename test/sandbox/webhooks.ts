// payment.status webhooks as Nexpay sends them: POST, JSON, X-Signature = hex DER
// ECDSA-SHA512 (P-256) over the raw body bytes. Variants produce the bad deliveries a receiver
// must refuse.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { today } from './http';
import type { SandboxState } from './state';
import type { EuroWalletPayment, SendWebhookOptions, WebhookVariant } from './types';

const SEND_TIMEOUT_MS = 10_000;

export const WEBHOOK_VARIANTS: WebhookVariant[] = [
	'valid',
	'tampered-body',
	'wrong-key',
	'missing-signature',
	'malformed-signature',
	'empty-body',
	're-serialised',
	'signature-not-hex',
	'signature-not-der',
	'signature-raw-rs',
];

export class WebhookSigner {
	readonly publicKeyPem: string;
	private readonly privateKey: KeyObject;

	constructor() {
		const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		this.privateKey = privateKey;
		this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	}

	sign(body: string | Buffer): string {
		return signWith(this.privateKey, body);
	}

	/** The right signature in the wrong encoding: raw r‖s (IEEE P1363, 64 bytes) instead of DER. */
	signRawRs(body: string | Buffer): string {
		return sign('sha512', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, { key: this.privateKey, dsaEncoding: 'ieee-p1363' }).toString('hex');
	}
}

function signWith(key: KeyObject, body: string | Buffer): string {
	return sign('sha512', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, { key, dsaEncoding: 'der' }).toString('hex');
}

/** The docs' payload fields, absent optional ones as null (as in the docs' test vector). */
function paymentPayload(payment: EuroWalletPayment): Record<string, unknown> {
	return {
		paymentId: payment.paymentId,
		account: payment.account,
		amount: payment.amount,
		direction: payment.direction,
		status: payment.status,
		networkType: payment.networkType,
		otherName: payment.otherName,
		otherAccount: payment.otherAccount,
		originalAmount: payment.originalAmount ?? null,
		originalCurrency: payment.originalCurrency ?? null,
		feePaymentId: null,
		externalPaymentId: payment.externalPaymentId ?? null,
		batchReference: payment.batchReference ?? null,
		date: payment.date,
		details: payment.details,
		runningBalance: payment.runningBalance,
	};
}

/** The docs' example payload, on the sandbox's default account. */
function samplePayload(state: SandboxState): Record<string, unknown> {
	return {
		paymentId: '132',
		account: state.defaultAccount().iban,
		amount: '23.33',
		direction: 'incoming',
		status: 'COMPLETED',
		networkType: 'SEPA',
		otherName: 'Test company',
		otherAccount: 'LT093080020000000646',
		feePaymentId: '133',
		externalPaymentId: '8c306b2e-36a8-49ad-a766-8155e071b6df',
		batchReference: 'batch-123843',
		date: today(),
		details: 'Test payment',
		runningBalance: '188.03',
	};
}

/** Same length, still JSON, one byte different: bump the first digit of the amount. */
function tamper(body: string): string {
	const at = body.indexOf('"amount":"');
	const digitAt = at === -1 ? -1 : body.slice(at + 10).search(/\d/);
	if (digitAt === -1) return body.replace(/[a-z]/, (c) => c.toUpperCase());
	const index = at + 10 + digitAt;
	return body.slice(0, index) + String((Number(body[index]) + 1) % 10) + body.slice(index + 1);
}

export interface WebhookDelivery {
	body: Buffer;
	headers: Record<string, string>;
}

export function buildWebhook(signer: WebhookSigner, state: SandboxState, opts: SendWebhookOptions = {}): WebhookDelivery {
	const variant = opts.variant ?? 'valid';
	let payload = opts.payload;
	if (!payload && opts.paymentId) {
		const payment = state.ewPayments.find((p) => p.paymentId === opts.paymentId);
		if (!payment) throw new Error(`sendWebhook: unknown payment ${opts.paymentId}`);
		payload = paymentPayload(payment);
	}
	const message = { event: opts.event ?? 'payment.status', payload: payload ?? samplePayload(state) };
	const compact = JSON.stringify(message);
	const signature = signer.sign(compact);

	let body = compact;
	let sent: string | undefined = signature;
	switch (variant) {
		case 'valid':
			break;
		case 'tampered-body':
			body = tamper(compact);
			break;
		case 'wrong-key':
			sent = signWith(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, compact);
			break;
		case 'missing-signature':
			sent = undefined;
			break;
		case 'malformed-signature':
			// Hex, but a truncated DER structure: a receiver that only checks the alphabet still fails.
			sent = signature.slice(0, 40);
			break;
		case 'signature-not-hex':
			// The right DER bytes, base64 instead of hex.
			sent = Buffer.from(signature, 'hex').toString('base64');
			break;
		case 'signature-not-der':
			// Hex of the right length whose first byte is not a DER SEQUENCE tag.
			sent = `31${signature.slice(2)}`;
			break;
		case 'signature-raw-rs':
			sent = signer.signRawRs(compact);
			break;
		case 'empty-body':
			// The signature of the real message with no body at all.
			body = '';
			break;
		case 're-serialised':
			// Same object, other bytes: only a receiver that re-serialises would accept it.
			body = JSON.stringify(message, null, 2);
			break;
		default:
			throw new Error(`unknown webhook variant ${String(variant)}`);
	}
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Nexpay-Webhooks-Sandbox/1.0' };
	if (sent !== undefined) headers['x-signature'] = sent;
	return { body: Buffer.from(body, 'utf8'), headers: { ...headers, ...opts.headers } };
}

export function postWebhook(targetUrl: string, delivery: WebhookDelivery): Promise<{ status: number; body: string }> {
	const url = new URL(targetUrl);
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			url,
			{ method: 'POST', headers: { ...delivery.headers, 'content-length': String(delivery.body.length) }, timeout: SEND_TIMEOUT_MS },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`webhook to ${targetUrl} timed out after ${SEND_TIMEOUT_MS} ms`)));
		req.on('error', reject);
		req.end(delivery.body);
	});
}
