import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest, type RetryOptions } from '../../helpers/transport';
import { requireString, validatePositiveInteger, type FieldContext } from '../../helpers/validation';
import { readChoice } from '../shared';

export const FINAL_STATUSES = ['COMPLETED', 'REJECTED'];

export type PaymentLookup = { clientPaymentId: number } | { externalPaymentId: string };

/** Network of a EuroWallet payment, shared by Create and Get Commission. */
export function networkTypeField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Network',
		name: 'networkType',
		type: 'options',
		options: [
			{ name: 'SEPA', value: 'SEPA', description: 'EUR transfer within the SEPA area' },
			{ name: 'SWIFT', value: 'SWIFT', description: 'International transfer, in EUR or another SWIFT currency' },
		],
		default: 'SEPA',
		displayOptions: { show },
	};
}

function lookupByField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Payment ID', value: 'paymentId', description: 'The paymentId Nexpay returned when the payment was created' },
			{ name: 'External Payment ID', value: 'externalPaymentId', description: 'Your own ID sent with the payment (max 36 characters)' },
		],
		default: 'paymentId',
		displayOptions: { show },
	};
}

/** "Look Up By" + the matching ID field, shared by Get Status and Get. */
export function lookupFields(operation: string): INodeProperties[] {
	const show = { resource: ['euroWalletPayment'], operation: [operation] };
	return [
		lookupByField(show),
		{
			displayName: 'Payment ID',
			name: 'paymentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '49',
			displayOptions: { show: { ...show, lookupBy: ['paymentId'] } },
		},
		{
			displayName: 'External Payment ID',
			name: 'externalPaymentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'INV-2026-0042',
			displayOptions: { show: { ...show, lookupBy: ['externalPaymentId'] } },
		},
	];
}

/** Exactly one identifier, checked before anything is sent. */
export function readLookup(context: IExecuteFunctions, itemIndex: number): PaymentLookup {
	const field: FieldContext = { node: context.getNode(), itemIndex };
	const lookupBy = readChoice(context, itemIndex, lookupByField({}));
	if (lookupBy === 'externalPaymentId') {
		return { externalPaymentId: requireString(field, 'External Payment ID', context.getNodeParameter('externalPaymentId', itemIndex), { max: 36 }) };
	}
	return { clientPaymentId: validatePositiveInteger(field, 'Payment ID', context.getNodeParameter('paymentId', itemIndex)) };
}

export async function getPaymentStatus(
	this: IExecuteFunctions,
	lookup: PaymentLookup,
	itemIndex: number,
	retry: RetryOptions,
): Promise<{ paymentId: string | number; status: string }> {
	return (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/payments/status',
		qs: lookup as unknown as IDataObject,
		itemIndex,
		retry,
	})) as { paymentId: string | number; status: string };
}

/** Nexpay's answer when it has no payment for an identifier (error 30000). */
export function isPaymentNotFound(error: unknown): boolean {
	return (
		error instanceof NodeApiError &&
		error.context.nexpayCode === '30000' &&
		/no payment found/i.test(`${error.message} ${JSON.stringify(error.context.details ?? '')}`)
	);
}
