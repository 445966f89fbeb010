import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiList } from '../../helpers/pagination';
import { validateIntentId } from '../../helpers/validation';
import { INTENTS_PATH } from '../paymentIntent/requests';
import { intentIdField, listFields, readListOptions } from '../paymentIntent/shared';
import type { OperationContext } from '../types';

const show = { resource: ['paymentLink'], operation: ['getSubmissions'] };

export const description: INodeProperties[] = [
	intentIdField('linkPaymentIntentId', show, 'The payment link’s own payment intent ID (paymentIntentId from Payment Link → Create)'),
	{
		displayName: 'Status',
		name: 'submissionStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Completed', value: 'completed', description: 'The payer has paid' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Pending', value: 'pending', description: 'Started by the payer, not paid yet' },
		],
		default: '',
		description: 'Only output submissions with this status',
		displayOptions: { show },
	},
	...listFields(show),
];

/** Every payer who uses a link creates a child intent (deliveryMode payment_link_submission) pointing back at it. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const field = { node: this.getNode(), itemIndex };
	const parentId = validateIntentId(field, 'Payment Intent ID', this.getNodeParameter('linkPaymentIntentId', itemIndex));
	const status = String(this.getNodeParameter('submissionStatus', itemIndex, '') ?? '').trim();
	const qs: IDataObject = {
		'filter[deliveryMode]': 'payment_link_submission',
		'filter[createdFrom.paymentIntentId]': parentId,
	};
	if (status) qs['filter[status]'] = status;
	return await nexpayApiList.call(this, {
		path: INTENTS_PATH,
		listKey: 'paymentIntents',
		qs,
		...readListOptions(this, itemIndex),
		itemIndex,
		retry,
	});
}
