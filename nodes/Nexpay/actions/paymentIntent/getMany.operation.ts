import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiList } from '../../helpers/pagination';
import { optionalString } from '../../helpers/validation';
import { locatorIsEmpty, paymentLinkLocator, readPaymentLinkIntentId } from '../listSearch';
import type { OperationContext } from '../types';
import { INTENTS_PATH } from './requests';
import { listFields, readListOptions } from './shared';

const show = { resource: ['paymentIntent'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...listFields(show),
	{
		displayName: 'Filters',
		name: 'intentFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			paymentLinkLocator({
				name: 'createdFromPaymentIntentId',
				displayName: 'Created From Payment Link',
				description: 'Only the payer submissions of this payment link: pick it, or give its payment intent ID or its URL (filter[createdFrom.paymentIntentId])',
				required: false,
			}),
			{
				displayName: 'Delivery Mode',
				name: 'deliveryMode',
				type: 'options',
				options: [
					{ name: 'Manual', value: 'manual' },
					{ name: 'Payment Link Submission', value: 'payment_link_submission', description: 'What a payer created by paying through a link' },
					{ name: 'Reusable Payment Link', value: 'reusable_payment_link', description: 'The links themselves' },
				],
				default: 'reusable_payment_link',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'completed',
				description: 'Only intents with this status, e.g. draft, active, submitted, pending, completed or failed',
			},
		],
	},
];

interface Filters {
	createdFromPaymentIntentId?: unknown;
	deliveryMode?: string;
	status?: string;
}

const CREATED_FROM = 'intentFilters.createdFromPaymentIntentId';

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const field = { node: this.getNode(), itemIndex };
	const filters = this.getNodeParameter('intentFilters', itemIndex, {}) as Filters;
	const qs: IDataObject = {};
	if (filters.deliveryMode) qs['filter[deliveryMode]'] = filters.deliveryMode;
	if (filters.createdFromPaymentIntentId !== undefined && !locatorIsEmpty(this, CREATED_FROM, itemIndex)) {
		qs['filter[createdFrom.paymentIntentId]'] = await readPaymentLinkIntentId(this, CREATED_FROM, itemIndex, 'Created From Payment Link');
	}
	const status = optionalString(field, 'Status', filters.status, { max: 50 });
	if (status) qs['filter[status]'] = status;
	return await nexpayApiList.call(this, { path: INTENTS_PATH, listKey: 'paymentIntents', qs, ...readListOptions(this, itemIndex), itemIndex, retry });
}
