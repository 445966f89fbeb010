import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validatePositiveInteger } from '../../helpers/validation';

type Show = Record<string, string[]>;

/** Payment IDs are whole numbers (/v2/payments/123); shared by Payment and Conversation. */
export function paymentIdField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Payment ID',
		name: 'v2PaymentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123',
		description,
		displayOptions: { show },
	};
}

export function readPaymentId(context: IExecuteFunctions, itemIndex: number): number {
	return validatePositiveInteger({ node: context.getNode(), itemIndex }, 'Payment ID', context.getNodeParameter('v2PaymentId', itemIndex));
}

export function paymentPath(id: number, rest = ''): string {
	return `/v2/payments/${id}${rest}`;
}
