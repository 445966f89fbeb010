// Pieces every EuroWallet endpoint shares: error bodies ({errors:[{code, message, data?}], traceId}
// with a fresh random traceId) and reading the decoded parameters.
import { randomBytes } from 'node:crypto';
import { decodePairs, json, mediaType, pairsToRecord, Reject, type HandlerResult, type RequestContext } from './http';

export function legacyErrorBody(code: number, message: string, data?: string): Record<string, unknown> {
	const error: Record<string, unknown> = { code, message };
	if (data !== undefined) error.data = data;
	return { errors: [error], traceId: randomBytes(16).toString('hex') };
}

export function legacyError(status: number, code: number, message: string, data?: string): HandlerResult {
	return json(status, legacyErrorBody(code, message, data));
}

export const missingParameter = (name: string): HandlerResult => legacyError(400, 200, 'Mandatory parameter missing', name);
export const requestError = (data: string): HandlerResult => legacyError(400, 30000, 'Request error', data);
export const invalidParameter = (data: string): HandlerResult => legacyError(400, 30010, 'Invalid request parameter', data);

/** Body for an injected fault with this HTTP status. */
export function legacyFaultBody(status: number): Record<string, unknown> {
	if (status >= 500) return legacyErrorBody(-32603, 'Internal error', status === 503 ? 'Service temporarily unavailable' : undefined);
	if (status === 429) return legacyErrorBody(-32600, 'Invalid Request', 'Too many requests');
	return legacyErrorBody(-32600, 'Invalid Request');
}

/** GET parameters come from the query, POST parameters from a form-encoded body. */
export function readParams(ctx: RequestContext): Record<string, string> {
	if (ctx.method === 'GET') return pairsToRecord(decodePairs(ctx.rawQuery));
	if (ctx.rawBody.length > 0 && mediaType(ctx) !== 'application/x-www-form-urlencoded') {
		throw new Reject(legacyError(400, -32600, 'Invalid Request', 'POST parameters must be sent as application/x-www-form-urlencoded'));
	}
	return pairsToRecord(decodePairs(ctx.rawBody.toString('utf8')));
}
