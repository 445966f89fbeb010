import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { readIntentId } from '../listSearch';
import type { OperationContext } from '../types';
import { intentPath } from './requests';
import { intentIdField } from './shared';

export const description: INodeProperties[] = [
	intentIdField('paymentIntentId', { resource: ['paymentIntent'], operation: ['get'] }, 'ID of the payment intent to get (e.g. from Create or Get Many)'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const id = readIntentId(this, 'paymentIntentId', itemIndex);
	return (await nexpayApiRequest.call(this, { method: 'GET', path: intentPath(id), itemIndex, retry })) as IDataObject;
}
