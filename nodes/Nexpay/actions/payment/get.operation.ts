import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import type { OperationContext } from '../types';
import { paymentIdField, paymentPath, readPaymentId } from './shared';

export const description: INodeProperties[] = [
	paymentIdField({ resource: ['payment'], operation: ['get'] }, 'ID of the payment to get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const id = readPaymentId(this, itemIndex);
	return (await nexpayApiRequest.call(this, { method: 'GET', path: paymentPath(id), itemIndex, retry })) as IDataObject;
}
