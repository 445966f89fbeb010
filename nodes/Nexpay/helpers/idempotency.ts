import { createHash } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A key that is the same for the same execution, node, item and purpose, so n8n's "Retry On
 * Fail" (which re-runs the node within the execution) repeats a request instead of duplicating it.
 */
export function stableItemKey(context: IExecuteFunctions, itemIndex: number, purpose: string): string {
	const node = context.getNode();
	return createHash('sha256')
		.update([context.getExecutionId(), node.id ?? node.name, String(itemIndex), purpose].join('\u0000'))
		.digest('hex');
}

/** The stable key shaped as a UUID (Idempotency-Key headers commonly are). */
export function stableItemUuid(context: IExecuteFunctions, itemIndex: number, purpose: string): string {
	const hex = stableItemKey(context, itemIndex, purpose);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
