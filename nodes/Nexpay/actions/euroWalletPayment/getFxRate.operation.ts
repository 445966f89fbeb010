import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import { validateCurrency } from '../../helpers/validation';
import { swiftCurrencyLocator } from '../listSearch';
import type { OperationContext } from '../types';

export const description: INodeProperties[] = [
	swiftCurrencyLocator({
		name: 'currency',
		displayName: 'Currency',
		default: 'USD',
		description: 'Currency to get the EUR rate for',
		show: { resource: ['euroWalletPayment'], operation: ['getFxRate'] },
	}),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const currency = validateCurrency({ node: this.getNode(), itemIndex }, 'Currency', this.getNodeParameter('currency', itemIndex, '', { extractValue: true }));
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/2/eurowallet/payments/fx-rate',
		qs: { currency },
		itemIndex,
		retry,
	})) as IDataObject;
	return { baseCurrency: 'EUR', currency, ...response };
}
