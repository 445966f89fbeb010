import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import { optionalString } from '../../helpers/validation';
import type { OperationContext } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Account Name',
		name: 'tagName',
		type: 'string',
		default: '',
		placeholder: 'Payroll',
		description: 'A name for the new IBAN, shown in the web application and returned as tagName',
		displayOptions: { show: { resource: ['euroWalletAccount'], operation: ['createIban'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const tagName = optionalString({ node: this.getNode(), itemIndex }, 'Account Name', this.getNodeParameter('tagName', itemIndex, ''), { max: 100 });
	// Not repeatable: a lost answer could mean an IBAN was opened, so 5xx and timeouts are not retried.
	return (await euroWalletApiRequest.call(this, {
		method: 'POST',
		path: '/api/1/eurowallet/account',
		body: tagName ? { tagName } : {},
		itemIndex,
		retry,
	})) as IDataObject;
}
