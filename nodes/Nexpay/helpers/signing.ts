import { createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** Ordered name/value pairs: the legacy API signs exactly the pairs it receives, in order. */
export type ParamPairs = Array<[string, string]>;

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export function hmacSha512Hex(secret: string, message: string): string {
	return createHmac('sha512', Buffer.from(secret, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

function stringifyParam(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object' && value !== null) return JSON.stringify(value);
	return String(value);
}

/** Object → pairs in insertion order; null/undefined are left out, arrays become repeated keys. */
export function toPairs(params: IDataObject | URLSearchParams | undefined | null): ParamPairs {
	if (!params) return [];
	if (params instanceof URLSearchParams) return [...params.entries()];
	const pairs: ParamPairs = [];
	for (const [name, value] of Object.entries(params)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) {
			for (const entry of value) {
				if (entry !== undefined && entry !== null) pairs.push([name, stringifyParam(entry)]);
			}
		} else {
			pairs.push([name, stringifyParam(value)]);
		}
	}
	return pairs;
}

export function encodePairs(pairs: ParamPairs): string {
	return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

function decodeComponent(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced; // a stray '%' is sent and received literally
	}
}

/** Raw `a=1&b=x%20y` → decoded pairs in the order they appear. */
export function decodePairs(raw: string): ParamPairs {
	if (!raw) return [];
	return raw
		.split('&')
		.filter((part) => part.length > 0)
		.map((part) => {
			const eq = part.indexOf('=');
			return eq === -1
				? [decodeComponent(part), '']
				: [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))];
		});
}

/** Nexpay signs decoded values: `beneficiaryName=John Smith`, never `John%20Smith`. */
export function joinDecoded(pairs: ParamPairs): string {
	return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** `apiKey & nonce path [? query] [? body]`, with query and body as decoded pairs. */
export function legacySignatureMessage(
	apiKey: string,
	nonce: number | string,
	path: string,
	queryPairs: ParamPairs,
	bodyPairs: ParamPairs,
): string {
	let message = `${apiKey}&${nonce}${path}`;
	if (queryPairs.length) message += `?${joinDecoded(queryPairs)}`;
	if (bodyPairs.length) message += `?${joinDecoded(bodyPairs)}`;
	return message;
}

const MAX_NONCE = 2 ** 53 - 3;
let lastNonce = 0;

/** The wall clock in microseconds at `perfAnchor`, taken on a millisecond edge so it carries no sub-millisecond error. */
let wallAnchorMicros = 0;
let perfAnchor = -1;

function anchorClock(): void {
	// Date.now() has millisecond resolution: wait for it to tick so the anchor is exact to a few microseconds,
	// and processes on one machine (queue-mode workers, `n8n execute`) share one timeline.
	const start = Date.now();
	let now = start;
	while (now === start) now = Date.now();
	perfAnchor = performance.now();
	wallAnchorMicros = now * 1000;
}

/**
 * Wall-clock time in microseconds with real microsecond resolution: the monotonic high-resolution
 * clock (performance.now(), libuv's hrtime; community nodes may not touch `process`) anchored to
 * Date.now(). Re-anchored when the wall clock steps more than 2 ms away (NTP step, suspend).
 */
export function clockMicros(): number {
	if (perfAnchor < 0) anchorClock();
	let micros = Math.floor(wallAnchorMicros + (performance.now() - perfAnchor) * 1000);
	const wallMicros = Date.now() * 1000;
	if (wallMicros - micros > 2000 || micros - wallMicros > 3000) {
		anchorClock();
		micros = Math.floor(wallAnchorMicros + (performance.now() - perfAnchor) * 1000);
	}
	return micros;
}

/**
 * The next nonce: a microsecond timestamp, strictly increasing within this process whatever the
 * clock does. The HTTP Request node and our own nodes share this module, so they never hand out
 * the same value twice for a key. Other processes sharing the key are kept apart by Nexpay's
 * error 50 and the transport's re-sign (see transport.ts).
 */
export function nextNonce(nowMicros: number = clockMicros()): number {
	const candidate = Math.floor(nowMicros);
	lastNonce = candidate > lastNonce ? candidate : lastNonce + 1;
	if (lastNonce > MAX_NONCE) throw new Error('Nonce would exceed 2^53-2');
	return lastNonce;
}

export const TRANSACTION_SIGNATURE_FIELDS = [
	'requestTime',
	'account',
	'amount',
	'beneficiaryName',
	'beneficiaryAddress',
	'beneficiaryAccount',
	'beneficiaryReference',
	'externalPaymentId',
] as const;

/** Fields absent from the request are left out of the message, the rest keep the documented order. */
export function transactionSignatureMessage(fields: Record<string, string | number | undefined>): string {
	return TRANSACTION_SIGNATURE_FIELDS.filter((name) => fields[name] !== undefined && fields[name] !== '')
		.map((name) => `${name}=${fields[name]}`)
		.join('&');
}

export function transactionSignature(
	transactionSecret: string,
	fields: Record<string, string | number | undefined>,
): string {
	return hmacSha512Hex(transactionSecret, transactionSignatureMessage(fields));
}

export interface EuroWalletSigningKeys {
	apiKey: string;
	secretKey: string;
}

/** What n8n's HTTP Request node passes to `authenticate` (the older request shape) on top of ours. */
interface AnyRequestShape extends IHttpRequestOptions {
	uri?: string | URL;
	form?: IDataObject | string;
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : String(headers[key]);
}

function withoutHeader(headers: IDataObject | undefined, name: string): IDataObject {
	const copy: IDataObject = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== name.toLowerCase()) copy[key] = value;
	}
	return copy;
}

function splitQuery(target: string): { base: string; query: string } {
	const hashless = target.split('#')[0];
	const at = hashless.indexOf('?');
	return at === -1 ? { base: hashless, query: '' } : { base: hashless.slice(0, at), query: hashless.slice(at + 1) };
}

function absoluteTarget(base: string, baseURL: string | undefined): URL {
	if (/^[a-z][a-z\d+\-.]*:\/\//i.test(base)) return new URL(base);
	if (!baseURL) throw new Error('The request has no absolute URL to sign');
	return new URL(`${baseURL.replace(/\/+$/, '')}/${base.replace(/^\/+/, '')}`);
}

function bodyPairsOf(request: AnyRequestShape): { pairs: ParamPairs; raw?: string } {
	const { form, body } = request;
	if (form !== undefined && form !== null) {
		return typeof form === 'string' ? { pairs: decodePairs(form), raw: form } : { pairs: toPairs(form) };
	}
	if (body === undefined || body === null || body === '') return { pairs: [] };
	if (typeof body === 'string') return { pairs: decodePairs(body), raw: body };
	if (body instanceof URLSearchParams) return { pairs: toPairs(body) };
	if (Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') {
		throw new Error('The EuroWallet API takes form-encoded parameters; a binary or streamed body cannot be signed');
	}
	return { pairs: toPairs(body as IDataObject) };
}

/**
 * Signs a request for the legacy EuroWallet API, whichever caller shaped it (our node, the HTTP
 * Request node's `uri`/`form` shape, or a declarative node). The query string and form body are
 * built here so that what is signed and what is sent are the same pairs in the same order.
 */
export function signEuroWalletRequest(
	keys: EuroWalletSigningKeys,
	request: IHttpRequestOptions,
	nonce: number = nextNonce(),
): IHttpRequestOptions {
	const input = request as AnyRequestShape;
	const signed: AnyRequestShape = { ...input };
	const usesUri = input.uri !== undefined;
	const target = String(usesUri ? input.uri : (input.url ?? ''));
	const { base, query } = splitQuery(target);
	const queryPairs = [...decodePairs(query), ...toPairs(input.qs)];
	const location = absoluteTarget(base, usesUri ? undefined : input.baseURL);
	const sentTarget = queryPairs.length ? `${base}?${encodePairs(queryPairs)}` : base;
	if (usesUri) signed.uri = sentTarget;
	else signed.url = sentTarget;
	delete signed.qs;

	const method = (input.method ?? 'GET').toUpperCase();
	let headers: IDataObject = { ...(input.headers ?? {}) };
	let bodyPairs: ParamPairs = [];
	if (method !== 'GET' && method !== 'HEAD') {
		const contentType = headerValue(input.headers, 'content-type');
		if (contentType && !contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE) && typeof input.body === 'string') {
			throw new Error(`The EuroWallet API takes ${FORM_CONTENT_TYPE} bodies, not ${contentType}`);
		}
		const { pairs, raw } = bodyPairsOf(input);
		bodyPairs = pairs;
		delete signed.form;
		if (pairs.length) {
			signed.body = raw ?? encodePairs(pairs);
			headers = { ...withoutHeader(headers, 'content-type'), 'Content-Type': FORM_CONTENT_TYPE };
		} else {
			delete signed.body;
		}
	}

	const message = legacySignatureMessage(keys.apiKey, nonce, location.pathname, queryPairs, bodyPairs);
	signed.headers = {
		...withoutHeader(withoutHeader(withoutHeader(headers, 'x-api-key'), 'x-nonce'), 'x-signature'),
		'X-API-KEY': keys.apiKey,
		'X-NONCE': String(nonce),
		'X-Signature': hmacSha512Hex(keys.secretKey, message),
	};
	return signed;
}

export type WebhookVerification = { valid: true } | { valid: false; reason: string };

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 32;

/** Parses a PEM public key and insists on EC P-256, the only curve Nexpay signs with. */
export function parseWebhookPublicKey(pem: string): KeyObject {
	// Cached by the text as given, so a delivery costs one map lookup, not a parse or a rewrite of the PEM.
	const known = publicKeyCache.get(pem);
	if (known) return known;
	const normalised = pem.replace(/\\n/g, '\n').trim();
	// Node derives a public key from a private one; Nexpay never sends one and it must not sit in n8n.
	if (/PRIVATE KEY/.test(normalised)) {
		throw new Error('This is a private key. Paste the public key Nexpay support sent (-----BEGIN PUBLIC KEY-----), and keep private keys out of n8n.');
	}
	let key: KeyObject | undefined;
	try {
		key = createPublicKey({ key: normalised, format: 'pem' });
	} catch {
		key = undefined;
	}
	if (!key) throw new Error('The webhook public key is not a valid PEM public key');
	if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
		throw new Error('The webhook public key must be an EC key on the P-256 (prime256v1) curve');
	}
	if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
	publicKeyCache.set(pem, key);
	return key;
}

const HEX_SIGNATURE = /^(?:[0-9a-fA-F]{2})+$/;

/** Verifies `X-Signature` (hex ASN.1 DER ECDSA-SHA512 on P-256) over the raw body bytes. */
export function verifyWebhookSignature(
	rawBody: Buffer | undefined,
	signatureHex: string | undefined,
	publicKeyPem: string | undefined,
): WebhookVerification {
	if (!publicKeyPem || !publicKeyPem.trim()) return { valid: false, reason: 'No webhook public key is configured' };
	let key: KeyObject;
	try {
		key = parseWebhookPublicKey(publicKeyPem);
	} catch (error) {
		return { valid: false, reason: (error as Error).message };
	}
	if (!signatureHex) return { valid: false, reason: 'Missing X-Signature header' };
	const signature = signatureHex.trim();
	// A DER ECDSA P-256 signature is 70–72 bytes; anything far off is not worth parsing.
	if (!HEX_SIGNATURE.test(signature) || signature.length < 16 || signature.length > 160) {
		return { valid: false, reason: 'Malformed X-Signature header' };
	}
	if (!rawBody || rawBody.length === 0) return { valid: false, reason: 'Empty body' };
	let valid = false;
	try {
		valid = verify('sha512', rawBody, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'hex'));
	} catch {
		return { valid: false, reason: 'Malformed X-Signature header' };
	}
	return valid ? { valid: true } : { valid: false, reason: 'Signature does not match the body' };
}
