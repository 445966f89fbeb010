import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

export type NexpayApi = 'v2' | 'euroWallet';

interface CodeEntry {
	message: string;
	hint: string;
}

/** v2 codes from the docs' error reference, each with what the user should do about it. */
export const V2_ERROR_CODES: Record<string, CodeEntry> = {
	'[GEN9001]': { message: 'Internal server error', hint: 'Nexpay failed on its side. Retry later; reads and keyed submits are retried automatically.' },
	'[GEN9002]': { message: 'Bad request', hint: 'A parameter is missing or malformed; the details list which one.' },
	'[GEN9003]': { message: 'Unauthorized', hint: 'Check the API key in the Nexpay API credential and that its environment matches.' },
	'[GEN9004]': { message: 'Forbidden', hint: 'The API key lacks permission for this action. Grant it in the Nexpay Dashboard or use another key.' },
	'[GEN9013]': { message: 'Service is under maintenance. Please try again later.', hint: 'Nexpay is in a maintenance window (see status.nexpay.com). Retry after the Retry-After time.' },
	'[AUT0001]': { message: 'Invalid credentials', hint: 'Check the API key in the Nexpay API credential.' },
	'[AUT0002]': { message: 'Session expired', hint: 'Generate a new API key in the Nexpay Dashboard and update the credential.' },
	'[AUT0003]': { message: 'Invalid API key', hint: 'The API key is unknown or revoked. Check the credential, and that Production keys are not used against a sandbox (or the reverse).' },
	'[AUT0004]': { message: 'Invalid Firebase token', hint: 'This call needs a user session, not an API key; it is not available to workflows.' },
	'[AUT0006]': { message: 'An account with this email already exists', hint: 'Use a different email address or look up the existing account.' },
	'[PAY0001]': { message: 'Payment not found', hint: 'Check the payment or payment intent ID, and that it belongs to this tenant.' },
	'[PAY0002]': { message: 'Invalid payment status transition', hint: 'The payment is not in a state that allows this action (e.g. already submitted or cancelled). Get it first to see its status.' },
	'[PAY0003]': { message: 'Duplicate payment detected', hint: 'Nexpay already has this payment. Get the existing one instead of creating it again.' },
	'[PAY0004]': { message: 'Payment type not supported', hint: 'Choose another use case, delivery mode or amount mode; Get Requirements lists what is supported.' },
	'[QOT0001]': { message: 'Quote has expired', hint: 'Request a new quote and use it straight away.' },
	'[QOT0002]': { message: 'Quote not found', hint: 'Check the quote ID, or request a new quote.' },
	'[QOT0003]': { message: 'Currency pair unavailable', hint: 'Nexpay cannot convert between these currencies; the details name the pair. Pick another currency.' },
	'[QOT0004]': { message: 'Amount below minimum', hint: 'Raise the amount above the minimum for this currency pair.' },
	'[PYE0001]': { message: 'Payee not found', hint: 'Check the connector payee ID (Nexpay Dashboard → Payees; your tenant id is under Settings → Organization).' },
	'[PYE0002]': { message: 'Duplicate payee', hint: 'This payee exists already; use its existing ID.' },
	'[PYE0003]': { message: 'Payee validation failed', hint: 'A payee field is invalid; the details name it.' },
	'[DOC0001]': { message: 'Document not found', hint: 'Check the document ID; upload the file first with Document → Upload.' },
	'[DOC0002]': { message: 'File exceeds maximum size', hint: 'Upload a smaller file (compress or split it).' },
	'[DOC0003]': { message: 'Invalid file format', hint: 'Upload a PDF, image or office document with the right MIME type.' },
	'[GWY0001]': { message: 'Checkout session expired', hint: 'Create a new payer session.' },
	'[GWY0002]': { message: 'Payment gateway unavailable', hint: 'The payment gateway is down. Retry later.' },
	'[GWY0003]': { message: 'Invalid gateway callback', hint: 'The gateway callback was rejected; contact Nexpay support with the details.' },
	'[TNT0001]': { message: 'Tenant not found', hint: 'The API key is not linked to a tenant; contact Nexpay support.' },
	'[TNT0002]': { message: 'Tenant branding not configured', hint: 'Configure branding in the Nexpay Dashboard before publishing payment links.' },
	'[COM0001]': { message: 'Commission request not found', hint: 'Check the commission request ID.' },
	'[COM0002]': { message: 'Minimum commission threshold not met', hint: 'The commission is below the minimum; wait until more is owed.' },
	'[COM0003]': { message: 'Payment not eligible for commission', hint: 'This payment does not earn commission.' },
	'[COM0004]': { message: 'Commission request already paid', hint: 'Nothing to do: it was paid already.' },
	'[COM0005]': { message: 'Commission request rejected', hint: 'Contact Nexpay support for the reason.' },
	'[ORG0001]': { message: 'Organization not found', hint: 'Check the organization ID.' },
	'[ORG0002]': { message: 'Organization update validation failed', hint: 'A field of the organization is invalid; the details name it.' },
	'[ORG0003]': { message: 'Invalid document type', hint: 'Choose one of the document types Nexpay accepts.' },
	'[CNV0001]': { message: 'Conversation not found', hint: 'The payment has no conversation yet; send a message to start one.' },
	'[CNV0002]': { message: 'Conversation is already closed', hint: 'Closed conversations take no new messages. Contact Nexpay support to reopen it.' },
	'[CNV0003]': { message: 'Conversation attachment not found', hint: 'Check the attachment document ID against the conversation’s messages.' },
	'[DEV0001]': { message: 'API key not found', hint: 'The API key was deleted; create a new one in the Nexpay Dashboard.' },
	'[DEV0002]': { message: 'Only authenticated users can perform this action', hint: 'This action needs a Dashboard user, not an API key.' },
	'[CHT0001]': { message: 'Chat conversation not found', hint: 'Check the chat conversation ID.' },
	'[CHT0002]': { message: 'AI is still processing. Please wait for the response.', hint: 'Wait for the previous answer before sending another message.' },
	'[CHT0003]': { message: 'This conversation has been closed', hint: 'Start a new chat conversation.' },
	'[CHT0004]': { message: 'AI service temporarily unavailable', hint: 'Retry later.' },
};

/**
 * Error 50: a request signed with a higher nonce reached Nexpay first. With one key in several
 * processes of the same n8n this is expected now and then; the transport re-signs it.
 */
export function nonceRefusalHint(resigns?: number): string {
	const done =
		resigns === undefined
			? 'The node re-signs such a request with a fresh nonce several times before giving up.'
			: `The node already re-signed this request with a fresh nonce ${resigns} time${resigns === 1 ? '' : 's'}, and each was refused.`;
	return (
		'A request signed with this API key and a higher nonce reached Nexpay first: from another process of this n8n (queue-mode workers, ' +
		'an `n8n execute` beside the running n8n), from the HTTP Request node sending many items at once, or from another system using the same key. ' +
		`Nothing was processed. ${done} If it keeps happening, send fewer requests at once with this key ` +
		'(lower worker concurrency, or in the HTTP Request node Options → Batching → 1 item per batch), or give the other system its own API key.'
	);
}

/** Legacy codes: the authentication table, the create-payment table, and the generic ones. */
export const EUROWALLET_ERROR_CODES: Record<string, CodeEntry> = {
	'10': { message: 'Missing API key', hint: 'The X-API-KEY header was not sent. Check the API Key in the Nexpay EuroWallet API credential.' },
	'20': { message: 'Missing nonce', hint: 'The X-NONCE header was not sent; use the Nexpay EuroWallet API credential, which adds it.' },
	'30': { message: 'Missing signature', hint: 'The X-Signature header was not sent; use the Nexpay EuroWallet API credential, which adds it.' },
	'40': { message: 'Invalid API key', hint: 'The API key is unknown. Check it, and that the credential’s environment (Production / Sandbox) matches the key.' },
	'50': { message: 'Nonce is not monotonous', hint: nonceRefusalHint() },
	'60': { message: 'Nonce is not valid', hint: 'The nonce was not a number below 2^53-2. Check the machine clock.' },
	'70': { message: 'Wrong signature', hint: 'The request signature did not match: check the Secret Key in the credential (it must belong to this API key).' },
	'80': { message: 'No permissions', hint: 'Enable the permission for this method on the API key in the web application Settings page.' },
	'90': { message: 'API key is not enabled', hint: 'Enable the API key in the web application Settings page.' },
	'100': { message: 'API key locked', hint: 'The key was locked by you or by Nexpay; contact your account manager.' },
	'110': { message: 'Invalid client state', hint: 'The client account is closed or not approved; contact Nexpay.' },
	'120': { message: 'Invalid API key state', hint: 'The API key was deleted; create a new one and update the credential.' },
	'121': { message: 'Deprecated API key', hint: 'The API key is outdated for this feature; regenerate it in Settings and update the credential.' },
	'200': { message: 'Mandatory parameter missing', hint: 'A required payment field is empty; the data names it.' },
	'20000': { message: 'Invalid request time', hint: 'The request time was rejected; check that the n8n server clock is correct (NTP).' },
	'20010': { message: 'Beneficiary name too long', hint: 'Shorten the beneficiary name.' },
	'20020': { message: 'Beneficiary name too short', hint: 'Give the beneficiary’s full name.' },
	'20030': { message: 'Reference information for beneficiary too long', hint: 'Shorten the payment reference.' },
	'20040': { message: 'Invalid transaction signature', hint: 'Check the Transaction Signing Secret in the credential: it is the separate outgoing-transaction secret, not the Secret Key.' },
	'20050': { message: 'Invalid payment network type', hint: 'Use SEPA or SWIFT.' },
	'20060': { message: 'Beneficiary bank BIC too long', hint: 'A BIC has 8 or 11 characters.' },
	'20061': { message: 'Beneficiary bank BIC too short', hint: 'A BIC has 8 or 11 characters.' },
	'20080': { message: 'Beneficiary bank name too long', hint: 'Shorten the beneficiary bank name.' },
	'20090': { message: 'Beneficiary address street too short', hint: 'Give the full street address.' },
	'20091': { message: 'Beneficiary address street too long', hint: 'Shorten the street address.' },
	'20100': { message: 'Beneficiary address town too short', hint: 'Give the full town name.' },
	'20101': { message: 'Beneficiary address town too long', hint: 'Shorten the town name.' },
	'20111': { message: 'Beneficiary address country invalid', hint: 'Use a two-letter ISO 3166 country code, e.g. DE.' },
	'30000': { message: 'Request error', hint: 'Nexpay refused the request for a business reason; the data says which.' },
	'30010': { message: 'Invalid request parameter', hint: 'A parameter is incorrectly formatted; the data names it.' },
	'-32600': { message: 'Invalid Request', hint: 'The request was malformed; the data says why.' },
	'-32603': { message: 'Internal error', hint: 'Nexpay failed on its side. Retry later; for a payment, check its status by external payment ID before creating it again.' },
};

/** On the status and details endpoints 20000 and 20010 are about the payment identifiers. */
const EUROWALLET_LOOKUP_CODES: Record<string, CodeEntry> = {
	'20000': { message: 'paymentId or externalPaymentId parameter was not provided', hint: 'Give either a Payment ID or an External Payment ID.' },
	'20010': { message: 'Both paymentId and externalPaymentId parameters were provided', hint: 'Give a Payment ID or an External Payment ID, not both.' },
};
const EUROWALLET_LOOKUP_PATHS = ['/api/1/eurowallet/payments/status', '/api/1/nexpay/payments'];

const STATUS_HINTS: Record<number, string> = {
	400: 'The request was not accepted; check the parameters.',
	401: 'Check the API key in the credential.',
	403: 'The credential is not allowed to do this; check its keys and permissions.',
	404: 'Check the ID, and that the credential’s environment is the one the object lives in.',
	409: 'The request conflicts with another one; get the current state before retrying.',
	413: 'The request is too large.',
	422: 'The request could not be processed. If you set an Idempotency Key yourself, it was used before with a different body: use a new key for a new request.',
	429: 'Too many requests: Nexpay asked to slow down. Lower the batch size or raise the batch interval.',
	500: 'Nexpay failed on its side. Retry later.',
	502: 'Nexpay’s gateway failed. Retry later.',
	503: 'Nexpay is temporarily unavailable or in maintenance. Retry after the Retry-After time.',
	504: 'Nexpay timed out. For a payment, check its status before creating it again.',
};

export interface NexpayErrorInfo {
	httpCode: number;
	/** `[PAY0001]` for v2, the numeric code as text for EuroWallet. */
	code?: string;
	message: string;
	hint: string;
	details?: unknown;
	traceId?: string;
	retryAfterSeconds?: number;
}

/** A response body as JSON when it is JSON, whatever form (Buffer, string, object) it arrived in. */
export function parseBody(body: unknown): unknown {
	let text: string | undefined;
	if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else if (body instanceof ArrayBuffer) text = Buffer.from(body).toString('utf8');
	else if (typeof body === 'string') text = body;
	if (text === undefined) return body;
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripCode(message: string, code: string): string {
	return message.startsWith(code) ? message.slice(code.length).trim() : message;
}

/** The docs give 422 no code of its own for a reused Idempotency-Key; a generic or missing code on a keyed request means that. */
function keyReuseHint(httpCode: number, code: string | undefined, idempotencyKey: string | undefined): string | undefined {
	if (httpCode !== 422 || !idempotencyKey || (code !== undefined && code !== '[GEN9002]')) return undefined;
	return (
		`Nexpay refused Idempotency-Key ${idempotencyKey}: it was already used with a different request (another payment intent or another body). ` +
		'A key belongs to one request: use a new key, or leave Idempotency Key empty so the node derives one per intent.'
	);
}

function describeV2(httpCode: number, body: unknown, idempotencyKey?: string): NexpayErrorInfo {
	if (isObject(body) && typeof body.code === 'string') {
		const code = body.code.startsWith('[') ? body.code : `[${body.code}]`;
		const known = V2_ERROR_CODES[code];
		const text = typeof body.message === 'string' ? stripCode(body.message, code) : known?.message ?? 'Request failed';
		return {
			httpCode,
			code,
			message: `${code} ${text}`,
			hint: keyReuseHint(httpCode, code, idempotencyKey) ?? known?.hint ?? STATUS_HINTS[httpCode] ?? 'See the details for what Nexpay reported.',
			details: body.details,
			traceId: typeof body.traceId === 'string' ? body.traceId : undefined,
		};
	}
	const info = describeUnstructured(httpCode, body);
	return { ...info, hint: keyReuseHint(httpCode, undefined, idempotencyKey) ?? info.hint };
}

function describeEuroWallet(httpCode: number, body: unknown, path?: string): NexpayErrorInfo {
	const list = isObject(body) && Array.isArray(body.errors) ? body.errors : Array.isArray(body) ? body : undefined;
	const first = list?.find(isObject);
	if (first && (typeof first.code === 'number' || typeof first.code === 'string')) {
		const code = String(first.code);
		const lookup = path && EUROWALLET_LOOKUP_PATHS.some((p) => path.startsWith(p)) ? EUROWALLET_LOOKUP_CODES[code] : undefined;
		const known = lookup ?? EUROWALLET_ERROR_CODES[code];
		const text = lookup?.message ?? (typeof first.message === 'string' ? first.message : known?.message ?? 'Request failed');
		const data = typeof first.data === 'string' ? first.data : undefined;
		let hint = known?.hint ?? STATUS_HINTS[httpCode] ?? 'See the details for what Nexpay reported.';
		if (data && /account limit is reached/i.test(data)) {
			hint = 'An account can have at most 7 IBANs. Close one, or ask your Nexpay account manager for more.';
		} else if (data && /no payment found/i.test(data)) {
			hint = 'No payment has this ID or external payment ID (yet). Check the ID; a payment just created may take a moment to appear.';
		}
		return {
			httpCode,
			code,
			message: `EuroWallet error ${code}: ${text}${data ? ` (${data})` : ''}`,
			hint,
			details: list && list.length > 1 ? list : data,
			traceId: isObject(body) && typeof body.traceId === 'string' ? body.traceId : undefined,
		};
	}
	return describeUnstructured(httpCode, body);
}

const BODY_EXCERPT_CHARS = 200;

/**
 * One readable line from a body that is not Nexpay's JSON: a proxy's HTML error page becomes its title
 * (or its text without tags), and a long text is cut, so the error is not a whole web page.
 */
export function bodyExcerpt(body: string): string {
	const html = /<\s*(!doctype|html|head|body|title)\b/i.test(body);
	const title = html ? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] : undefined;
	const text = (title ?? (html ? body.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ') : body)).replace(/\s+/g, ' ').trim();
	return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS - 1)}…` : text;
}

function describeUnstructured(httpCode: number, body: unknown): NexpayErrorInfo {
	const text =
		typeof body === 'string' && body ? bodyExcerpt(body) : isObject(body) && typeof body.message === 'string' ? bodyExcerpt(body.message) : '';
	return {
		httpCode,
		message: `Nexpay answered HTTP ${httpCode}${text ? `: ${text}` : ''}`,
		hint: STATUS_HINTS[httpCode] ?? (httpCode >= 500 ? STATUS_HINTS[500] : 'Check the request parameters.'),
		details: isObject(body) ? body : undefined,
	};
}

/** Reads either documented error body into one shape; path and key tell codes that depend on the request apart. */
export function describeNexpayError(
	api: NexpayApi,
	httpCode: number,
	rawBody: unknown,
	path?: string,
	idempotencyKey?: string,
): NexpayErrorInfo {
	const body = parseBody(rawBody);
	return api === 'v2' ? describeV2(httpCode, body, idempotencyKey) : describeEuroWallet(httpCode, body, path);
}

/** Removes every secret (and its URL-encoded form) from a text. */
export function redact(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) clean = clean.split(form).join('[redacted]');
	}
	return clean;
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, secrets));
	if (isObject(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactDeep(entry, secrets)]));
	}
	return value;
}

/**
 * The NodeApiError for a Nexpay error response: message with the Nexpay code, description with
 * what to do, and only the sanitised body as its cause (never the request and its headers).
 */
export function nexpayApiError(
	node: INode,
	info: NexpayErrorInfo,
	options: { itemIndex?: number; secrets?: readonly string[] } = {},
): NodeApiError {
	const secrets = options.secrets ?? [];
	const message = redact(info.message, secrets);
	const parts = [info.hint];
	if (info.retryAfterSeconds !== undefined) parts.push(`Nexpay asked to retry after ${info.retryAfterSeconds} s.`);
	if (info.traceId) parts.push(`Trace ID for Nexpay support: ${info.traceId}.`);
	const cause = redactDeep(
		{ httpCode: info.httpCode, code: info.code, message, details: info.details, traceId: info.traceId },
		secrets,
	) as JsonObject;
	const error = new NodeApiError(node, cause, {
		message,
		description: redact(parts.join(' '), secrets),
		httpCode: String(info.httpCode),
		itemIndex: options.itemIndex,
	});
	error.context.nexpayCode = info.code;
	error.context.traceId = info.traceId;
	if (info.details !== undefined) error.context.details = redactDeep(info.details, secrets) as IDataObject;
	return error;
}

const NETWORK_HINTS: Record<string, string> = {
	ETIMEDOUT: 'The request timed out.',
	ECONNABORTED: 'The request timed out.',
	ECONNRESET: 'The connection was reset before Nexpay answered.',
	ECONNREFUSED: 'Nothing is listening at the credential’s base URL.',
	ENOTFOUND: 'The credential’s base URL host does not resolve.',
	EPIPE: 'The connection broke while sending.',
	EAI_AGAIN: 'The base URL host could not be resolved right now.',
};

/** The network error code (ECONNRESET …) anywhere in an error's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current; depth++) {
		if (isObject(current) || current instanceof Error) {
			const record = current as Record<string, unknown>;
			if (typeof record.code === 'string' && /^E[A-Z_]+$/.test(record.code)) return record.code;
			const message = typeof record.message === 'string' ? record.message : '';
			if (/timeout of \d+ms exceeded|timed out/i.test(message)) return 'ETIMEDOUT';
			if (/socket hang up/i.test(message)) return 'ECONNRESET';
			current = record.cause;
		} else {
			break;
		}
	}
	return undefined;
}

export function networkFailure(
	node: INode,
	code: string,
	options: { itemIndex?: number; attempts: number; mayHaveBeenProcessed: boolean },
): NodeApiError {
	const what = NETWORK_HINTS[code] ?? `The request failed (${code}).`;
	const tries = options.attempts > 1 ? ` after ${options.attempts} attempts` : '';
	const description = options.mayHaveBeenProcessed
		? 'Nexpay may have processed the request. Check its state before sending it again.'
		: 'Check the credential’s base URL and the network, then retry.';
	const error = new NodeApiError(node, { networkCode: code, reason: what } as JsonObject, {
		message: `Could not reach Nexpay${tries}: ${what}`,
		description,
		itemIndex: options.itemIndex,
	});
	error.context.networkCode = code;
	return error;
}

/** A bad input: names the field and the item (triggers have none), and nothing is sent. */
export function invalidInput(node: INode, itemIndex: number | undefined, field: string, problem: string): NodeOperationError {
	if (itemIndex === undefined) {
		return new NodeOperationError(node, `${field} ${problem}`, { description: `Fix "${field}". Nothing was sent to Nexpay.` });
	}
	return new NodeOperationError(node, `${field} ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: `Fix "${field}" in item ${itemIndex}. Nothing was sent to Nexpay for this item.`,
	});
}

/** The JSON of an error item when the node continues on fail. */
export function errorItemJson(error: unknown): IDataObject {
	if (error instanceof NodeApiError) {
		const json: IDataObject = { error: error.message };
		if (error.description) json.description = error.description;
		if (error.httpCode) json.httpCode = error.httpCode;
		if (error.context.nexpayCode) json.code = error.context.nexpayCode as string;
		if (error.context.traceId) json.traceId = error.context.traceId as string;
		if (error.context.details !== undefined) json.details = error.context.details as IDataObject;
		return json;
	}
	if (error instanceof NodeOperationError) {
		return error.description ? { error: error.message, description: error.description } : { error: error.message };
	}
	return { error: error instanceof Error ? error.message : String(error) };
}

/** Errors keep their n8n type (and so their item index and description); anything else becomes a NodeOperationError. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

const SSRF_MESSAGE = /The request was blocked because (?:it resolves to a restricted IP address|the destination hostname is restricted)/;

/**
 * n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refused the request before it was sent: a custom
 * Base URL on a private or local address. n8n's own message says only "ask your administrator", so
 * this one names the settings that allow it. Undefined for any other error.
 */
export function ssrfRefusal(node: INode, error: unknown, itemIndex?: number, baseURL?: string): NodeApiError | undefined {
	let found: (Error & { ip?: unknown; hostname?: unknown; extra?: IDataObject }) | undefined;
	for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
		if (/^SsrfBlocked/.test(cause.name) || SSRF_MESSAGE.test(cause.message)) {
			found = cause;
			break;
		}
	}
	if (!found) return undefined;
	// n8n may pass its error on without the address: the Base URL's host is where the request went.
	let urlHost: string | undefined;
	try {
		urlHost = baseURL ? new URL(baseURL).hostname.replace(/^\[|\]$/g, '') : undefined;
	} catch {
		urlHost = undefined;
	}
	const hostname = String(found.hostname ?? found.extra?.hostname ?? urlHost ?? '') || undefined;
	const literal = hostname && (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) || hostname.includes(':')) ? hostname : undefined;
	const ip = String(found.ip ?? found.extra?.ip ?? literal ?? '') || undefined;
	const target = [hostname, ip && ip !== hostname ? `(${ip})` : undefined].filter(Boolean).join(' ') || 'the Base URL’s host';
	const ipRange = ip ? (ip.includes(':') ? `${ip}/128` : `${ip}/32`) : '<address>/32';
	return new NodeApiError(
		node,
		{ message: found.message },
		{
			message: `n8n's SSRF protection blocked the request to ${target}: a private or local address`,
			description:
				`This n8n runs with N8N_SSRF_PROTECTION_ENABLED=true, which refuses private and local addresses such as the credential's custom Base URL. ` +
				`To allow it, the n8n administrator adds ${ipRange} to N8N_SSRF_ALLOWED_IP_RANGES` +
				(hostname && hostname !== ip ? ` (or ${hostname} to N8N_SSRF_ALLOWED_HOSTNAMES)` : '') +
				` and restarts n8n. Nexpay's production and sandbox hosts are public and need no setting. Nothing was sent to Nexpay.`,
			itemIndex,
		},
	);
}
