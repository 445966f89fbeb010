import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { stableItemUuid } from '../../helpers/idempotency';
import { nexpayApiRequest, type RetryOptions } from '../../helpers/transport';
import { optionalString } from '../../helpers/validation';

/** Calls of the payment intent lifecycle, shared by Payment Link → Create and the Payment Intent operations. */

export const INTENTS_PATH = '/v2/payment-intents';

export function intentPath(id: string, action?: string): string {
	return `${INTENTS_PATH}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

export async function createIntent(this: IExecuteFunctions, body: IDataObject, itemIndex: number, retry: RetryOptions): Promise<IDataObject> {
	// Not repeatable: Nexpay has no idempotency for create, so a lost answer is not retried blindly.
	return (await nexpayApiRequest.call(this, { method: 'POST', path: INTENTS_PATH, body, itemIndex, retry })) as IDataObject;
}

/** The stateless requirements preview: connector, limits.maxRecipients, controls.acceptedLimitations. */
export async function previewRequirements(this: IExecuteFunctions, body: IDataObject, itemIndex: number, retry: RetryOptions): Promise<IDataObject> {
	return (await nexpayApiRequest.call(this, {
		method: 'POST',
		path: `${INTENTS_PATH}/requirements`,
		body,
		// A preview changes nothing, so it is safe to repeat.
		idempotent: true,
		itemIndex,
		retry,
	})) as IDataObject;
}

export async function dryRunIntent(this: IExecuteFunctions, id: string, itemIndex: number, retry: RetryOptions): Promise<IDataObject> {
	return (await nexpayApiRequest.call(this, { method: 'POST', path: intentPath(id, 'dry-run'), idempotent: true, itemIndex, retry })) as IDataObject;
}

export interface RuleProblem {
	field?: string;
	message: string;
}

/** What stops a dry-run from publishing: a rule that is not enabled, or missing requirements. */
export function dryRunProblems(dryRun: IDataObject): RuleProblem[] {
	const rule = (dryRun.rule ?? {}) as IDataObject;
	const problems: RuleProblem[] = [];
	if (rule.status !== 'enabled') {
		const reason = typeof rule.reason === 'string' ? `: ${rule.reason}` : '';
		problems.push({ field: 'rule', message: `the rule for this payment is "${String(rule.status ?? 'unknown')}"${reason}` });
	}
	const missing = Array.isArray(rule.missingRequirements) ? (rule.missingRequirements as unknown[]) : [];
	for (const entry of missing) {
		if (typeof entry === 'string') problems.push({ message: entry });
		else if (entry && typeof entry === 'object') {
			const { field, message } = entry as IDataObject;
			problems.push({ field: typeof field === 'string' ? field : undefined, message: typeof message === 'string' ? message : JSON.stringify(entry) });
		}
	}
	return problems;
}

export function formatProblems(problems: RuleProblem[]): string {
	return problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message)).join('; ');
}

const HEADER_VALUE = /^[\x21-\x7e]{1,255}$/;

/** The user's own Idempotency Key, checked before anything is sent; undefined when none is given. */
export function readOwnIdempotencyKey(context: IExecuteFunctions, itemIndex: number, given: unknown): string | undefined {
	const own = optionalString({ node: context.getNode(), itemIndex }, 'Idempotency Key', given);
	if (own !== undefined && !HEADER_VALUE.test(own)) {
		throw invalidInput(context.getNode(), itemIndex, 'Idempotency Key', 'must be 1–255 printable characters without spaces (a UUID is a good choice)');
	}
	return own;
}

/**
 * The Idempotency-Key of a submit: the user's own, or one derived from the origin execution, node, run, item
 * and intent, so n8n's retries and the transport's retries of one item reuse it and never submit twice.
 */
export function submitIdempotencyKey(context: IExecuteFunctions, itemIndex: number, intentId: string, given: unknown): string {
	return readOwnIdempotencyKey(context, itemIndex, given) ?? stableItemUuid(context, itemIndex, `payment-intent-submit:${intentId}`);
}

/** Whether Nexpay may not have processed a failed request: worth repeating with the same key. */
export function submitMayBeRepeated(error: NodeApiError | NodeOperationError): boolean {
	if (!(error instanceof NodeApiError)) return false;
	return !!error.context.networkCode || Number(error.httpCode) >= 500 || error.httpCode === '429';
}

/** Submit with an Idempotency-Key; 5xx, resets and timeouts are retried with the same key (a 422 for a reused key is explained by errors.ts). */
export async function submitIntent(
	this: IExecuteFunctions,
	id: string,
	idempotencyKey: string,
	itemIndex: number,
	retry: RetryOptions,
): Promise<IDataObject> {
	return (await nexpayApiRequest.call(this, { method: 'POST', path: intentPath(id, 'submit'), idempotencyKey, itemIndex, retry })) as IDataObject;
}

/** The hosted payer URL of a published link. */
export function paymentLinkUrlOf(intent: IDataObject): string | null {
	const executions = Array.isArray(intent.executions) ? (intent.executions as IDataObject[]) : [];
	const url = executions[0]?.paymentLinkUrl ?? intent.lastPaymentLinkUrl;
	return typeof url === 'string' && url ? url : null;
}
