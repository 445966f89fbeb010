// Request context and response values shared by every API module. Handlers return a value
// instead of writing to the socket so the server can apply "after commit" faults to it.
import type { IncomingHttpHeaders } from 'node:http';
import type { PathParams, Router } from './router';

export interface RequestContext {
	method: string;
	path: string;
	/** Query string as received, without '?'. */
	rawQuery: string;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	params: PathParams;
	/** 'http://127.0.0.1:PORT' */
	baseUrl: string;
}

export interface HandlerResult {
	status: number;
	headers?: Record<string, string>;
	body: Buffer | string;
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

/** Thrown by validation code to answer with `result`; the server unwraps it. */
export class Reject extends Error {
	constructor(readonly result: HandlerResult) {
		super(`rejected with HTTP ${result.status}`);
	}
}

export interface RouteDef {
	handler: Handler;
	/** No authentication (v2 public payer endpoints, the hosted page). */
	public?: boolean;
}

/** One API surface: its routes, its authentication and its error body shape. */
export interface ApiModule {
	owns(path: string): boolean;
	router: Router<RouteDef>;
	/** null when the request may proceed. */
	authenticate(ctx: RequestContext): HandlerResult | null;
	/** Error response for an injected fault or an unexpected crash. */
	errorResult(status: number, body?: unknown): HandlerResult;
	notFound(ctx: RequestContext): HandlerResult;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown): HandlerResult {
	return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) };
}

export function header(ctx: RequestContext, name: string): string | undefined {
	const value = ctx.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** Media type without parameters, lower-cased ('' when absent). */
export function mediaType(ctx: RequestContext): string {
	return (header(ctx, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

export class DecodeError extends Error {}

/**
 * Decodes a form/query string pair by pair, keeping order and duplicates, the way a server
 * framework would before handing the values to the application.
 */
export function decodePairs(raw: string): [string, string][] {
	if (raw === '') return [];
	return raw.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		const key = eq === -1 ? pair : pair.slice(0, eq);
		const value = eq === -1 ? '' : pair.slice(eq + 1);
		return [decodeComponent(key), decodeComponent(value)];
	});
}

function decodeComponent(text: string): string {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		throw new DecodeError(`malformed percent-encoding in "${text}"`);
	}
}

/** First occurrence wins for repeated names. */
export function pairsToRecord(pairs: [string, string][]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of pairs) if (!(k in out)) out[k] = v;
	return out;
}

export function nowIso(): string {
	return new Date().toISOString();
}

export function today(): string {
	return nowIso().slice(0, 10);
}
