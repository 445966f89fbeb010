import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiList } from '../../helpers/pagination';
import { optionalString } from '../../helpers/validation';
import { listFields, readListOptions } from '../paymentIntent/shared';
import type { OperationContext } from '../types';

const show = { resource: ['payment'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...listFields(show),
	{
		displayName: 'Filters',
		name: 'paymentFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'completed',
				description: 'Only payments with this status, e.g. pending, processing or completed (filter[status])',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('paymentFilters', itemIndex, {}) as { status?: string };
	const status = optionalString({ node: this.getNode(), itemIndex }, 'Status', filters.status, { max: 50 });
	return await nexpayApiList.call(this, {
		path: '/v2/payments',
		listKey: 'payments',
		qs: status ? { 'filter[status]': status } : {},
		...readListOptions(this, itemIndex),
		itemIndex,
		retry,
	});
}
