// Pieces every v2 endpoint shares: error bodies ({statusCode, code, message, timestamp, details?})
// with the docs' code table, JSON body reading, ids and the list shapes (unpaged by default).
import { randomBytes } from 'node:crypto';
import { json, mediaType, nowIso, Reject, type HandlerResult, type RequestContext } from './http';
import type { ListPaging } from './types';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Opaque ids such as "pi_3f2a...". */
export function newId(prefix: string): string {
	return `${prefix}_${randomBytes(10).toString('hex')}`;
}

const MESSAGES = {
	GEN9001: 'Internal server error',
	GEN9002: 'Bad request',
	GEN9003: 'Unauthorized',
	GEN9004: 'Forbidden',
	GEN9013: 'Service is under maintenance. Please try again later.',
	AUT0003: 'Invalid API key',
	PAY0001: 'Payment not found',
	PAY0003: 'Duplicate payment detected',
	PAY0004: 'Payment type not supported',
	QOT0001: 'Quote has expired',
	QOT0002: 'Quote not found',
	QOT0003: 'Currency pair unavailable',
	QOT0004: 'Amount below minimum',
	DOC0001: 'Document not found',
	DOC0002: 'File exceeds maximum size',
	DOC0003: 'Invalid file format',
	ORG0003: 'Invalid document type',
	CNV0001: 'Conversation not found',
	CNV0002: 'Conversation is already closed',
	CNV0003: 'Conversation attachment not found',
} as const;

export type V2Code = keyof typeof MESSAGES;

export function v2ErrorBody(status: number, code: V2Code, details?: unknown): Record<string, unknown> {
	return {
		statusCode: status,
		code: `[${code}]`,
		message: `[${code}] ${MESSAGES[code]}`,
		timestamp: nowIso(),
		...(details === undefined ? {} : { details }),
	};
}

export function v2Error(status: number, code: V2Code, details?: unknown): HandlerResult {
	return json(status, v2ErrorBody(status, code, details));
}

/** Throws a v2 error response out of a handler. */
export function fail(status: number, code: V2Code, details?: unknown): never {
	throw new Reject(v2Error(status, code, details));
}

export interface FieldProblem {
	field: string;
	message: string;
}

export function failValidation(errors: FieldProblem[]): never {
	fail(400, 'GEN9002', { errors });
}

/** The docs define no rate-limit code; 429 and other 4xx use the general "bad request" code. */
export function v2FaultBody(status: number): Record<string, unknown> {
	if (status === 503) return v2ErrorBody(503, 'GEN9013');
	if (status >= 500) return v2ErrorBody(status, 'GEN9001');
	if (status === 401) return v2ErrorBody(401, 'GEN9003');
	if (status === 403) return v2ErrorBody(403, 'GEN9004');
	if (status === 413) return v2ErrorBody(413, 'DOC0002');
	return v2ErrorBody(status, 'GEN9002', status === 429 ? { reason: 'Too many requests' } : undefined);
}

/** A JSON object body; an empty body counts as {}. */
export function readJson(ctx: RequestContext): Json {
	if (ctx.rawBody.length === 0) return {};
	if (mediaType(ctx) !== 'application/json') failValidation([{ field: 'body', message: 'Content-Type must be application/json' }]);
	let value: unknown;
	try {
		value = JSON.parse(ctx.rawBody.toString('utf8'));
	} catch {
		failValidation([{ field: 'body', message: 'body is not valid JSON' }]);
	}
	if (!isObject(value)) failValidation([{ field: 'body', message: 'body must be a JSON object' }]);
	return value;
}

/** page (1-based) and limit (default 20, max 100) from the query. */
export function readPaging(query: URLSearchParams): { page: number; limit: number } {
	const page = query.get('page') ?? '1';
	const limit = query.get('limit') ?? '20';
	const problems: FieldProblem[] = [];
	if (!/^[1-9]\d{0,6}$/.test(page)) problems.push({ field: 'page', message: 'page must be an integer >= 1' });
	if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 100) {
		problems.push({ field: 'limit', message: 'limit must be an integer between 1 and 100' });
	}
	if (problems.length) failValidation(problems);
	return { page: Number(page), limit: Number(limit) };
}

export function paginate<T>(items: T[], page: number, limit: number): { items: T[]; meta: Record<string, number> } {
	return {
		items: items.slice((page - 1) * limit, page * limit),
		meta: { page, limit, total: items.length, totalPages: Math.ceil(items.length / limit) },
	};
}

/** The page size of `oversized-pages`: larger than the 100 a client may ask for. */
export const OVERSIZED_PAGE = 150;

/**
 * A list answer `{ [listKey]: items, meta? }` in the sandbox's list-paging mode (see
 * ListPaging in types.ts). `none` is the documented shape: the whole list, no page fields, and
 * `page` / `limit` ignored like any unknown parameter.
 */
export function listAnswer<T>(mode: ListPaging, listKey: string, all: T[], query: URLSearchParams): Json {
	if (mode === 'none') return { [listKey]: all };
	const { page, limit } = readPaging(query);
	switch (mode) {
		case 'page-limit': {
			const { items, meta } = paginate(all, page, limit);
			return { [listKey]: items, meta };
		}
		case 'page-ignored':
			// Every page is the whole list, yet the meta claims more pages.
			return { [listKey]: all, meta: { page, limit, totalPages: Math.max(page + 1, Math.ceil(all.length / limit)) } };
		case 'oversized-pages': {
			const { items, meta } = paginate(all, page, OVERSIZED_PAGE);
			return { [listKey]: items, meta };
		}
		case 'no-totals':
			return { [listKey]: all.slice((page - 1) * limit, page * limit), meta: { page, limit } };
	}
}
