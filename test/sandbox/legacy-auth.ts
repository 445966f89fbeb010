// EuroWallet request authentication, written from the docs' "Authentication" section and kept
// independent of the client code it checks.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DecodeError, decodePairs, header, type RequestContext } from './http';
import type { SandboxState } from './state';
import type { SandboxKeys } from './types';

export interface AuthFailure {
	code: number;
	message: string;
	data?: string;
}

const MAX_NONCE = 2n ** 53n - 2n;

/**
 * The parameters as the server's framework hands them over (decoded), re-joined in the order
 * received. The client must therefore sign the decoded values of exactly the pairs it sent.
 */
function decodedParams(raw: string): string {
	return decodePairs(raw)
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
}

function signedMessage(apiKey: string, nonce: string, ctx: RequestContext): string {
	const body = ctx.rawBody.toString('utf8');
	return (
		`${apiKey}&${nonce}${ctx.path}` +
		(ctx.rawQuery ? `?${decodedParams(ctx.rawQuery)}` : '') +
		(body ? `?${decodedParams(body)}` : '')
	);
}

function sameHex(expected: string, given: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks in the documented order; records the nonce only once the signature is valid. */
export function authenticateLegacy(ctx: RequestContext, keys: SandboxKeys, state: SandboxState): AuthFailure | null {
	const apiKey = header(ctx, 'x-api-key');
	const nonce = header(ctx, 'x-nonce');
	const signature = header(ctx, 'x-signature');
	if (!apiKey) return { code: 10, message: 'Missing API key' };
	if (!nonce) return { code: 20, message: 'Missing nonce' };
	if (!signature) return { code: 30, message: 'Missing signature' };
	if (apiKey !== keys.euroWalletApiKey) return { code: 40, message: 'Invalid API key' };
	if (!/^\d{1,20}$/.test(nonce) || BigInt(nonce) >= MAX_NONCE) return { code: 60, message: 'Nonce is not valid' };
	const nonceValue = BigInt(nonce);
	const last = state.lastNonce.get(apiKey);
	if (last !== undefined && nonceValue <= last) return { code: 50, message: 'Nonce is not monotonous' };

	let message: string;
	try {
		message = signedMessage(apiKey, nonce, ctx);
	} catch (error) {
		if (error instanceof DecodeError) return { code: 70, message: 'Wrong signature', data: error.message };
		throw error;
	}
	const expected = createHmac('sha512', keys.euroWalletSecretKey).update(message, 'utf8').digest('hex');
	if (!sameHex(expected, signature)) return { code: 70, message: 'Wrong signature' };
	state.lastNonce.set(apiKey, nonceValue);
	return null;
}
