// A tiny client for the sandbox tests, written from the docs on its own (it shares no code with
// the sandbox or the nodes), so the tests check the sandbox against the documented rules.
import { createHmac } from 'node:crypto';
import type { Sandbox } from '../sandbox';

export type Pairs = [string, string][];

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON, or the text when not JSON. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response fields
	body: any;
}

let lastNonce = 0;
/** Microseconds, strictly increasing within this process. */
export function nextNonce(): number {
	lastNonce = Math.max(Date.now() * 1000, lastNonce + 1);
	return lastNonce;
}

export const hmacHex = (secret: string, message: string): string => createHmac('sha512', secret).update(message, 'utf8').digest('hex');

const toPairs = (params: Record<string, string> | Pairs): Pairs => (Array.isArray(params) ? params : Object.entries(params));
/** What goes on the wire: every pair percent-encoded. */
export const encodePairs = (pairs: Pairs): string => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
/** What gets signed: the same pairs, decoded, same order. */
export const plainPairs = (pairs: Pairs): string => pairs.map(([k, v]) => `${k}=${v}`).join('&');

async function reply(res: Response): Promise<Reply> {
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, headers: res.headers, text, body };
}

export interface LegacyOptions {
	nonce?: number | string;
	apiKey?: string;
	secret?: string;
	/** Headers to leave out. */
	omit?: ('X-API-KEY' | 'X-NONCE' | 'X-Signature')[];
	/** Sign this message instead of the correct one. */
	message?: (correct: string) => string;
	contentType?: string;
	signal?: AbortSignal;
}

export async function legacy(sb: Sandbox, method: 'GET' | 'POST', path: string, params: Record<string, string> | Pairs = [], opts: LegacyOptions = {}): Promise<Reply> {
	const pairs = toPairs(params);
	const apiKey = opts.apiKey ?? sb.keys.euroWalletApiKey;
	const nonce = String(opts.nonce ?? nextNonce());
	const wire = encodePairs(pairs);
	const signedParams = pairs.length ? `?${plainPairs(pairs)}` : '';
	const correct = `${apiKey}&${nonce}${path}${signedParams}`;
	const signature = hmacHex(opts.secret ?? sb.keys.euroWalletSecretKey, opts.message ? opts.message(correct) : correct);
	const headers: Record<string, string> = { 'X-API-KEY': apiKey, 'X-NONCE': nonce, 'X-Signature': signature };
	for (const name of opts.omit ?? []) delete headers[name];
	const isGet = method === 'GET';
	if (!isGet) headers['Content-Type'] = opts.contentType ?? 'application/x-www-form-urlencoded';
	const url = `${sb.url}${path}${isGet && wire ? `?${wire}` : ''}`;
	return reply(await fetch(url, { method, headers, body: isGet ? undefined : wire, signal: opts.signal }));
}

const SIGNED_FIELDS = ['requestTime', 'account', 'amount', 'beneficiaryName', 'beneficiaryAddress', 'beneficiaryAccount', 'beneficiaryReference', 'externalPaymentId'];

/** Create-payment parameters with a valid transactionSignature (absent fields left out). */
export function paymentParams(sb: Sandbox, fields: Record<string, string>, txSecret = sb.keys.euroWalletTransactionSecret): Pairs {
	const withTime: Record<string, string> = { requestTime: String(Date.now()), ...fields };
	const message = SIGNED_FIELDS.filter((f) => f in withTime)
		.map((f) => `${f}=${withTime[f]}`)
		.join('&');
	return [...Object.entries(withTime), ['transactionSignature', hmacHex(txSecret, message)]];
}

/** The docs' example IBANs: the seeded default account, a closed one and a second active one. */
export const ACCOUNT_A = 'LT633080010000000208';
export const ACCOUNT_CLOSED = 'LT293080010000000238';
export const ACCOUNT_B = 'LT023080010000000239';
/** A valid non-Nexpay IBAN (stays PENDING). */
export const FOREIGN_IBAN = 'DE89370400440532013000';

export function sepaPayment(fields: Record<string, string> = {}): Record<string, string> {
	return {
		account: ACCOUNT_A,
		amount: '45.00',
		beneficiaryName: 'John Smith',
		beneficiaryAddress: 'New Street 25',
		beneficiaryAccount: FOREIGN_IBAN,
		beneficiaryReference: 'Invoice #314950-392',
		...fields,
	};
}

export async function v2(
	sb: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
	signal?: AbortSignal,
): Promise<Reply> {
	const init: RequestInit = { method, headers: { Authorization: `ApiKey ${sb.keys.v2ApiKey}`, ...headers }, signal };
	if (body instanceof FormData) init.body = body;
	else if (body !== undefined) {
		init.body = JSON.stringify(body);
		(init.headers as Record<string, string>)['Content-Type'] = 'application/json';
	}
	return reply(await fetch(`${sb.url}${path}`, init));
}

export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<Reply> {
	return reply(
		await fetch(`${sb.url}/__sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

export function fixedLinkBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		useCase: 'education_provider_tuition',
		deliveryMode: 'reusable_payment_link',
		amountMode: 'fixed_payee_amounts',
		payer: { role: 'unknown_link_payer' },
		recipients: [
			{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { payeeAmount: '10000.00', currency: 'AUD' } },
		],
		instructions: { paymentLink: { reference: 'INV-2026-001', includeCreatedByText: true } },
		termsAccepted: true,
		...overrides,
	};
}

export function splitLinkBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		useCase: 'education_provider_tuition_with_tenant_split',
		deliveryMode: 'reusable_payment_link',
		amountMode: 'free_entry_with_portions',
		payer: { role: 'unknown_link_payer' },
		recipients: [
			{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { portionBps: 7000, currency: 'AUD' } },
			{ role: 'tenant', order: 2, connectorPayeeId: 14001, splitRole: 'tenant_commission', amount: { portionBps: 3000, currency: 'AUD' } },
		],
		instructions: { paymentLink: { displayCurrency: 'AUD', includeCreatedByText: true } },
		termsAccepted: true,
		...overrides,
	};
}

/** Creates and publishes a link; returns the submit response body. */
export async function publishedLink(sb: Sandbox, body = fixedLinkBody()): Promise<Reply['body']> {
	const created = await v2(sb, 'POST', '/v2/payment-intents', body);
	const submitted = await v2(sb, 'POST', `/v2/payment-intents/${created.body.id}/submit`, undefined, { 'Idempotency-Key': `key-${created.body.id}` });
	if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.text}`);
	return submitted.body;
}

/** The network error code behind a rejected fetch (ECONNRESET, ...). */
export async function fetchErrorCode(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		const cause = (error as { cause?: { code?: string; name?: string } }).cause;
		return cause?.code ?? (error as Error).name;
	}
	throw new Error('expected the request to fail');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
