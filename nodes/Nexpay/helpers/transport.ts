import { createHash } from 'node:crypto';
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	baseUrlFromCredentials,
	EUROWALLET_CREDENTIAL,
	EUROWALLET_ENVIRONMENTS,
	V2_CREDENTIAL,
	V2_ENVIRONMENTS,
} from './constants';
import {
	asNodeError,
	describeNexpayError,
	networkErrorCode,
	networkFailure,
	nexpayApiError,
	nonceRefusalHint,
	redact,
	ssrfRefusal,
	type NexpayApi,
} from './errors';
import { encodePairs, toPairs } from './signing';

export type NexpayContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface RetryOptions {
	/** Attempts in all, the first included. */
	maxAttempts?: number;
	/** A longer Retry-After than this fails at once instead of holding the workflow. */
	maxRetryAfterSeconds?: number;
	/** First backoff step for 5xx and network errors; doubles each attempt. */
	baseDelayMs?: number;
	maxDelayMs?: number;
	timeoutMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
	maxAttempts: 4,
	maxRetryAfterSeconds: 60,
	baseDelayMs: 500,
	maxDelayMs: 8000,
	timeoutMs: 30000,
};

/**
 * Error 50 ("Nonce is not monotonous"): another process signing with the same key (queue-mode
 * workers, `n8n execute`, another system) got a higher nonce to Nexpay first. It is a refusal
 * before processing, so signing afresh is always safe. Re-signs have their own budget, apart from
 * the 5xx/429 attempts, and wait a short random time that grows, so racing processes fall apart.
 */
export const NONCE_RETRY = { maxResigns: 10, baseDelayMs: 5, maxDelayMs: 400 };

function nonceResignDelay(resign: number): number {
	const step = Math.min(NONCE_RETRY.maxDelayMs, NONCE_RETRY.baseDelayMs * 2 ** (resign - 1));
	return Math.round(step * (0.5 + Math.random()));
}

export interface NexpayRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/v2/payment-intents`. */
	path: string;
	qs?: IDataObject;
	/** JSON for v2 (`{}` is sent as `{}`), form parameters (in this order) for EuroWallet, or raw bytes with a content type. */
	body?: IDataObject | Buffer;
	/** Built again for every attempt, for bodies that carry a request time and a signature over it. */
	bodyPerAttempt?: () => IDataObject;
	headers?: IDataObject;
	/** v2: sent as `Idempotency-Key`; makes the request safe to repeat. */
	idempotencyKey?: string;
	/** Safe to repeat after a 5xx, reset or timeout (GET always is; a create with externalPaymentId is). */
	idempotent?: boolean;
	returnBinary?: boolean;
	itemIndex?: number;
	retry?: RetryOptions;
}

export interface BinaryResponse {
	body: Buffer;
	headers: Record<string, string>;
	statusCode: number;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string>;
	statusCode: number;
}

const API_SETTINGS: Record<NexpayApi, { credential: string; environments: Record<string, string>; secretFields: string[] }> = {
	v2: { credential: V2_CREDENTIAL, environments: V2_ENVIRONMENTS, secretFields: ['apiKey'] },
	euroWallet: {
		credential: EUROWALLET_CREDENTIAL,
		environments: EUROWALLET_ENVIRONMENTS,
		secretFields: ['apiKey', 'secretKey', 'transactionSecret'],
	},
};

/** Per API key: when Nexpay asked us (429/503) to hold every request until. */
const pausedUntil = new Map<string, number>();
/** Per EuroWallet API key: the tail of the send queue, so nonces arrive in rising order. */
const sendQueues = new Map<string, Promise<void>>();

/** Builds the error for a cancelled execution; `inFlight` when a request was cut off mid-way. */
type OnCancel = (inFlight: boolean) => NodeOperationError;

/**
 * Runs `task` after the key's earlier requests. A cancelled execution leaves the queue at once:
 * a task that has not started is never started, one that has is cut off by its abort signal.
 */
function serialize<T>(key: string, task: () => Promise<T>, signal: AbortSignal | undefined, onCancel: OnCancel): Promise<T> {
	let started = false;
	const run = (sendQueues.get(key) ?? Promise.resolve()).then(async () => {
		if (signal?.aborted) throw onCancel(false);
		started = true;
		return await task();
	});
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	sendQueues.set(key, tail);
	void tail.then(() => {
		if (sendQueues.get(key) === tail) sendQueues.delete(key);
	});
	if (!signal) return run;
	return new Promise<T>((resolve, reject) => {
		const leave = () => {
			if (!started) reject(onCancel(false));
		};
		signal.addEventListener('abort', leave, { once: true });
		run.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
	});
}

/** Waits `ms`, or stops as soon as the execution is cancelled. */
async function pause(ms: number, signal: AbortSignal | undefined, onCancel: OnCancel): Promise<void> {
	if (signal?.aborted) throw onCancel(false);
	// With a signal, n8n-workflow's sleep rejects only when it is aborted.
	await sleep(ms, signal).catch(() => undefined);
	if (signal?.aborted) throw onCancel(false);
}

async function waitForGate(key: string, signal: AbortSignal | undefined, onCancel: OnCancel): Promise<void> {
	const wait = (pausedUntil.get(key) ?? 0) - Date.now();
	// No timer when the gate is open: even a 0 ms timer costs a turn of the event loop (about 1 ms) per request.
	if (wait > 0) await pause(wait, signal, onCancel);
	else if (signal?.aborted) throw onCancel(false);
}

/** The execution's cancel signal (n8n's Stop), where the context has one (executions do, polls and option lists do not). */
export function cancelSignalOf(context: NexpayContext): AbortSignal | undefined {
	const withSignal = context as Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>;
	return typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal() : undefined;
}

/** Whether an error is the transport's report of a cancelled execution. */
export function isCancellation(error: unknown): error is NodeOperationError {
	return error instanceof NodeOperationError && error.context.cancelled === true;
}

function cancellationError(
	node: ReturnType<NexpayContext['getNode']>,
	options: { itemIndex?: number; inFlight: boolean; uncertainAttempts: number; readOnly: boolean },
): NodeOperationError {
	const { inFlight, uncertainAttempts, readOnly } = options;
	const message = inFlight
		? 'The execution was canceled while a request to Nexpay was in flight'
		: 'The execution was canceled while waiting to send a request to Nexpay';
	const description = readOnly
		? 'The request only read data; nothing was changed.'
		: uncertainAttempts > 0
			? 'Nexpay may have processed the request before the stop. Check its state before sending it again.'
			: 'Nexpay refused or never received every attempt of this request: nothing was processed.';
	const error = new NodeOperationError(node, message, { itemIndex: options.itemIndex, description });
	error.context.cancelled = true;
	error.context.uncertainAttempts = uncertainAttempts;
	return error;
}

function holdGate(key: string, seconds: number): void {
	const until = Date.now() + seconds * 1000;
	if (until > (pausedUntil.get(key) ?? 0)) pausedUntil.set(key, until);
}

/** Retry-After as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function backoffDelay(attempt: number, policy: Required<RetryOptions>): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	// Jitter spreads retries of a batch that failed together.
	return Math.round(exponential * (0.75 + Math.random() * 0.5));
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const plain: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
			if (value !== undefined && value !== null) plain[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
	}
	return plain;
}

function secretsOf(credentials: ICredentialDataDecryptedObject, fields: string[]): string[] {
	return fields.map((field) => String(credentials[field] ?? '')).filter((secret) => secret.length > 0);
}

function buildOptions(
	api: NexpayApi,
	baseURL: string,
	given: NexpayRequest,
	timeoutMs: number,
	signal: AbortSignal | undefined,
): IHttpRequestOptions {
	const request = given.bodyPerAttempt ? { ...given, body: given.bodyPerAttempt() } : given;
	const headers: IDataObject = { Accept: request.returnBinary ? '*/*' : 'application/json', ...(request.headers ?? {}) };
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
	// n8n's httpRequestWithAuthentication sets the execution's signal too (2.41.1); set here so it never depends on that.
	if (signal) options.abortSignal = signal;
	if (request.returnBinary) options.encoding = 'arraybuffer';
	if (api === 'v2') {
		if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
		if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
		if (Buffer.isBuffer(request.body)) {
			options.body = request.body;
		} else if (request.body !== undefined && Object.keys(request.body).length === 0) {
			// n8n's HTTP client drops an empty object body (no body, no Content-Type); Nexpay is sent `{}` as the docs show.
			options.body = '{}';
			headers['Content-Type'] = 'application/json';
			options.json = true;
		} else if (request.body !== undefined) {
			options.body = request.body;
			options.json = true;
		}
		return options;
	}
	// EuroWallet: the query and the form body are built here, in order; the credential signs these exact pairs.
	const queryPairs = toPairs(request.qs);
	if (queryPairs.length) options.url = `${request.path}?${encodePairs(queryPairs)}`;
	const bodyPairs = Buffer.isBuffer(request.body) ? [] : toPairs(request.body);
	if (bodyPairs.length) {
		options.body = encodePairs(bodyPairs);
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	return options;
}

/** What every request of one node run needs from its credential, worked out once. */
interface CredentialSetup {
	secrets: string[];
	baseURL: string;
	/** Per API key: the Retry-After gate and the EuroWallet send queue. */
	keyId: string;
	/** Handed to n8n's helper so it does not read and decrypt the credential again for every request. */
	decrypted: ICredentialsDecrypted;
}

/**
 * Per node run (n8n gives each node run its own context object) and credential type. A credential
 * whose fields are expressions over item data would differ per item; n8n's credential fields
 * resolve against no item, so one read per run is what every item would get.
 */
const credentialSetups = new WeakMap<object, Map<string, Promise<CredentialSetup>>>();

async function credentialSetup(context: NexpayContext, api: NexpayApi, itemIndex: number | undefined): Promise<CredentialSetup> {
	const settings = API_SETTINGS[api];
	let byType = credentialSetups.get(context);
	if (!byType) credentialSetups.set(context, (byType = new Map()));
	let setup = byType.get(settings.credential);
	if (!setup) {
		setup = readCredentialSetup(context, api, itemIndex);
		byType.set(settings.credential, setup);
		// A failed read (no credential chosen yet) is tried again by the next request.
		setup.catch(() => byType.delete(settings.credential));
	}
	return await setup;
}

async function readCredentialSetup(context: NexpayContext, api: NexpayApi, itemIndex: number | undefined): Promise<CredentialSetup> {
	const settings = API_SETTINGS[api];
	const node = context.getNode();
	const credentials = await (
		context.getCredentials as (type: string, itemIndex?: number) => Promise<ICredentialDataDecryptedObject>
	).call(context, settings.credential, itemIndex);
	let baseURL: string;
	try {
		baseURL = baseUrlFromCredentials(credentials, settings.environments);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
	const chosen = node.credentials?.[settings.credential];
	return {
		secrets: secretsOf(credentials, settings.secretFields),
		baseURL,
		keyId: `${api}:${createHash('sha256').update(String(credentials.apiKey ?? '')).digest('hex').slice(0, 16)}`,
		decrypted: { id: chosen?.id ?? '', name: chosen?.name ?? settings.credential, type: settings.credential, data: credentials },
	};
}

/** The decrypted EuroWallet credential of this node run, from the same one read the requests use. */
export async function euroWalletCredentials(this: NexpayContext, itemIndex?: number): Promise<ICredentialDataDecryptedObject> {
	return (await credentialSetup(this, 'euroWallet', itemIndex)).decrypted.data ?? {};
}

async function sendWithRetries(this: NexpayContext, api: NexpayApi, request: NexpayRequest): Promise<FullResponse> {
	const settings = API_SETTINGS[api];
	const node = this.getNode();
	const itemIndex = request.itemIndex;
	const { secrets, baseURL, keyId, decrypted } = await credentialSetup(this, api, itemIndex);
	const policy = { ...DEFAULT_RETRY, ...stripUndefined(request.retry) };
	const method = request.method.toUpperCase();
	const idempotent = method === 'GET' || method === 'HEAD' || request.idempotent === true || !!request.idempotencyKey;
	const signal = cancelSignalOf(this);
	const send = async (): Promise<FullResponse> => {
		const options = buildOptions(api, baseURL, request, policy.timeoutMs, signal);
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, settings.credential, options, {
			credentialsDecrypted: decrypted,
		})) as {
			body: unknown;
			headers: unknown;
			statusCode: number;
		};
		return { body: response.body, headers: lowerCaseHeaders(response.headers), statusCode: response.statusCode };
	};

	let nonceResigns = 0;
	// Attempts whose outcome Nexpay never told us (5xx, reset, timeout): a later refusal does not prove nothing happened.
	let uncertainAttempts = 0;
	const cancelled: OnCancel = (inFlight) =>
		cancellationError(node, { itemIndex, inFlight, uncertainAttempts: uncertainAttempts + (inFlight ? 1 : 0), readOnly: method === 'GET' || method === 'HEAD' });
	for (let attempt = 1; ; attempt++) {
		// Most requests meet an open gate: skip the await then (one fewer turn of the microtask queue).
		if (pausedUntil.has(keyId) || signal?.aborted) await waitForGate(keyId, signal, cancelled);
		let response: FullResponse;
		try {
			response = api === 'euroWallet' ? await serialize(keyId, send, signal, cancelled) : await send();
		} catch (error) {
			if (isCancellation(error)) throw asNodeError(node, error, itemIndex);
			// The request was cut off by the execution's abort signal, whatever error n8n wrapped it in.
			if (signal?.aborted) throw cancelled(true);
			const code = networkErrorCode(error);
			if (!code) throw ssrfRefusal(node, error, itemIndex, baseURL) ?? sanitizedUnexpectedError(node, error, secrets, itemIndex);
			// A refused connection never reached Nexpay, so even a create is safe to repeat.
			const neverSent = code === 'ECONNREFUSED';
			if (!neverSent) uncertainAttempts++;
			if ((idempotent || neverSent) && attempt < policy.maxAttempts) {
				await pause(backoffDelay(attempt, policy), signal, cancelled);
				continue;
			}
			const failure = networkFailure(node, code, { itemIndex, attempts: attempt, mayHaveBeenProcessed: uncertainAttempts > 0 });
			failure.context.uncertainAttempts = uncertainAttempts;
			throw failure;
		}

		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) return response;

		const info = describeNexpayError(api, statusCode, response.body, request.path, request.idempotencyKey);
		if (statusCode === 429 || statusCode === 503) {
			const retryAfter = parseRetryAfter(response.headers['retry-after']);
			info.retryAfterSeconds = retryAfter;
			const waitSeconds = retryAfter ?? backoffDelay(attempt, policy) / 1000;
			if (attempt < policy.maxAttempts && waitSeconds <= policy.maxRetryAfterSeconds) {
				holdGate(keyId, waitSeconds);
				await waitForGate(keyId, signal, cancelled);
				continue;
			}
		} else if (api === 'euroWallet' && info.code === '50' && statusCode >= 400 && statusCode < 500) {
			if (nonceResigns < NONCE_RETRY.maxResigns) {
				// Refused before processing: sign afresh after a short random wait, outside the 5xx/429 budget.
				nonceResigns++;
				attempt--;
				await pause(nonceResignDelay(nonceResigns), signal, cancelled);
				continue;
			}
			info.hint = nonceRefusalHint(nonceResigns);
		} else if (statusCode >= 500 && idempotent && attempt < policy.maxAttempts) {
			uncertainAttempts++;
			await pause(backoffDelay(attempt, policy), signal, cancelled);
			continue;
		}
		const failure = nexpayApiError(node, info, { itemIndex, secrets });
		failure.context.uncertainAttempts = uncertainAttempts + (statusCode >= 500 && statusCode !== 503 ? 1 : 0);
		throw failure;
	}

}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
	return Object.fromEntries(Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Errors n8n raises before or around the request carry the request (and its headers) as their cause: drop it. */
function sanitizedUnexpectedError(
	node: ReturnType<NexpayContext['getNode']>,
	error: unknown,
	secrets: string[],
	itemIndex: number | undefined,
): Error {
	if (error instanceof NodeOperationError) return error;
	const message = redact(error instanceof Error ? error.message : String(error), secrets);
	return new NodeApiError(node, { message }, { message: `Nexpay request failed: ${message}`, itemIndex });
}

/** The one request function for the v2 API: JSON in and out, or the raw bytes when asked. */
export async function nexpayApiRequest(this: NexpayContext, request: NexpayRequest): Promise<unknown> {
	const response = await sendWithRetries.call(this, 'v2', request);
	if (request.returnBinary) return toBinaryResponse(response);
	return response.body ?? {};
}

/** The one request function for the EuroWallet API: form-encoded, signed by the credential, sent one at a time per key. */
export async function euroWalletApiRequest(this: NexpayContext, request: NexpayRequest): Promise<unknown> {
	const response = await sendWithRetries.call(this, 'euroWallet', request);
	return typeof response.body === 'string' ? parseJsonText(response.body) : (response.body ?? {});
}

function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return { body: text };
	}
}

function toBinaryResponse(response: FullResponse): BinaryResponse {
	const { body } = response;
	const buffer = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
	return { body: buffer, headers: response.headers, statusCode: response.statusCode };
}
