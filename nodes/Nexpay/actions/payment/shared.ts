import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { paymentLocator, readPaymentIdValue } from '../listSearch';

type Show = Record<string, string[]>;

/** Payment IDs are whole numbers (/v2/payments/123); shared by Payment and Conversation. */
export function paymentIdField(show: Show, description: string): INodeProperties {
	return paymentLocator({ name: 'v2PaymentId', displayName: 'Payment ID', description, show });
}

export function readPaymentId(context: IExecuteFunctions, itemIndex: number): number {
	return readPaymentIdValue(context, 'v2PaymentId', itemIndex);
}

export function paymentPath(id: number, rest = ''): string {
	return `/v2/payments/${id}${rest}`;
}
