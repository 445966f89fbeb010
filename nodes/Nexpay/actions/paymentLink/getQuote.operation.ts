import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { validateAmount, validateCountryCode } from '../../helpers/validation';
import { readPublicLinkId } from '../listSearch';
import type { OperationContext } from '../types';
import { publicLinkIdField, publicLinkPath } from './shared';

const show = { resource: ['paymentLink'], operation: ['getQuote'] };

export const description: INodeProperties[] = [
	publicLinkIdField('getQuote'),
	{
		displayName: 'Payer Country Code',
		name: 'payerCountryCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'GB',
		description: 'Two-letter ISO 3166 country of the payer; it decides the payer’s currency and payment methods',
		displayOptions: { show },
	},
	{
		displayName: 'Amount',
		name: 'quoteAmount',
		type: 'string',
		default: '',
		placeholder: '1500.00',
		description: 'The total the payer wants to pay, in the link’s display currency. Leave empty for a fixed-amount link.',
		displayOptions: { show },
	},
];

/** A price preview for a payer: selectable variants (bank transfer, card, installments). */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const field = { node: this.getNode(), itemIndex };
	const token = readPublicLinkId(this, 'publicLinkId', itemIndex, 'Payment Link');
	const payerCountryCode = validateCountryCode(field, 'Payer Country Code', this.getNodeParameter('payerCountryCode', itemIndex));
	const amountText = String(this.getNodeParameter('quoteAmount', itemIndex, '') ?? '').trim();
	const body: IDataObject = { payerCountryCode };
	if (amountText) body.amount = validateAmount(field, 'Amount', amountText);
	return (await nexpayApiRequest.call(this, {
		method: 'POST',
		path: publicLinkPath(token, 'quote'),
		body,
		// A quote is only a preview; asking twice costs nothing.
		idempotent: true,
		itemIndex,
		retry,
	})) as IDataObject;
}
