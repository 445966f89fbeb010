// The campaign's fault mix: every kind the sandbox has, each equally likely, about 30 % of the
// requests on a route in all.
import type { FaultSpec } from '../sandbox';

/** What the node is told to wait for one answer; delay faults hold the answer longer than this. */
export const CAMPAIGN_TIMEOUT_MS = 500;
const PAST_TIMEOUT_MS = CAMPAIGN_TIMEOUT_MS + 400;

/** One entry per fault: 500/502/504 × before/after commit × JSON/HTML/empty body, resets, delays past the timeout, 429 and 503 with Retry-After. */
export function faultVariants(): Omit<FaultSpec, 'route' | 'probability'>[] {
	const variants: Omit<FaultSpec, 'route' | 'probability'>[] = [];
	for (const status of [500, 502, 504]) {
		for (const kind of ['status-before-commit', 'status-after-commit'] as const) {
			for (const bodyFormat of ['json', 'html', 'empty'] as const) variants.push({ kind, status, bodyFormat });
		}
	}
	variants.push(
		{ kind: 'reset-before-commit' },
		{ kind: 'reset-after-commit' },
		{ kind: 'delay-before-commit', delayMs: PAST_TIMEOUT_MS },
		{ kind: 'delay-after-commit', delayMs: PAST_TIMEOUT_MS },
		{ kind: 'retry-after', status: 429, retryAfterSeconds: 1 },
		{ kind: 'retry-after', status: 503, retryAfterSeconds: 1 },
	);
	return variants;
}

/**
 * Faults for `routes`: the sandbox tries each spec in turn with its own probability, so each
 * gets p = 1 − (1 − share)^(1/n) and a request is faulted with probability `share` overall.
 */
export function faultMix(routes: string[], share = 0.3): FaultSpec[] {
	const variants = faultVariants();
	const probability = 1 - (1 - share) ** (1 / variants.length);
	return routes.flatMap((route) => variants.map((variant) => ({ route, probability, ...variant })));
}

export function describeMix(share = 0.3): string {
	return `Fault mix: about ${Math.round(share * 100)} % of the requests, equally spread over ${faultVariants().length} faults — 500, 502 and 504 before and after commit, each with a JSON, an HTML and an empty body; connection resets before and after commit; answers held ${PAST_TIMEOUT_MS} ms (past the node's ${CAMPAIGN_TIMEOUT_MS} ms timeout) before and after commit; 429 and 503 with Retry-After: 1.`;
}
