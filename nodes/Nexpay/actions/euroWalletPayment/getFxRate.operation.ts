import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import { validateCurrency } from '../../helpers/validation';
import type { OperationContext } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Currency Name or ID',
		name: 'currency',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSwiftCurrencies' },
		default: 'USD',
		required: true,
		description:
			'Currency to get the EUR rate for. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['euroWalletPayment'], operation: ['getFxRate'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const currency = validateCurrency({ node: this.getNode(), itemIndex }, 'Currency', this.getNodeParameter('currency', itemIndex));
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/2/eurowallet/payments/fx-rate',
		qs: { currency },
		itemIndex,
		retry,
	})) as IDataObject;
	return { baseCurrency: 'EUR', currency, ...response };
}
