import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiList } from '../../helpers/pagination';
import { requireString } from '../../helpers/validation';
import { paymentLinkLocator, readPaymentLinkIntentId } from '../listSearch';
import { INTENTS_PATH } from '../paymentIntent/requests';
import { listFields, readListOptions } from '../paymentIntent/shared';
import type { OperationContext } from '../types';

const show = { resource: ['paymentLink'], operation: ['getSubmissions'] };
/** The docs define only `completed` for submissions; anything else is typed in. */
const OTHER_STATUS = 'other';

export const description: INodeProperties[] = [
	paymentLinkLocator({
		name: 'linkPaymentIntentId',
		displayName: 'Payment Link',
		description: 'The payment link: its own payment intent ID (paymentIntentId from Payment Link → Create), or its URL',
		show,
	}),
	{
		displayName: 'Status',
		name: 'submissionStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Completed', value: 'completed', description: 'The payer has paid (the status the Nexpay docs define)' },
			{ name: 'Other Status', value: OTHER_STATUS, description: 'A status the Nexpay docs do not list; type it below' },
		],
		default: '',
		description: 'Only output submissions with this status',
		displayOptions: { show },
	},
	{
		displayName: 'Other Status',
		name: 'otherSubmissionStatus',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'failed',
		description: 'The submission status to list, exactly as Nexpay reports it (filter[status])',
		displayOptions: { show: { ...show, submissionStatus: [OTHER_STATUS] } },
	},
	...listFields(show),
];

/** Every payer who uses a link creates a child intent (deliveryMode payment_link_submission) pointing back at it. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const field = { node: this.getNode(), itemIndex };
	const parentId = await readPaymentLinkIntentId(this, 'linkPaymentIntentId', itemIndex, 'Payment Link');
	const choice = String(this.getNodeParameter('submissionStatus', itemIndex, '') ?? '').trim();
	// A value saved by an older version (e.g. `failed`) is still read as itself.
	const status =
		choice === OTHER_STATUS ? requireString(field, 'Other Status', this.getNodeParameter('otherSubmissionStatus', itemIndex, ''), { max: 50 }) : choice;
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
