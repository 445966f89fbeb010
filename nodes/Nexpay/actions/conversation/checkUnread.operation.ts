import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { paymentIdField, paymentPath, readPaymentId } from '../payment/shared';
import type { OperationContext } from '../types';

export const description: INodeProperties[] = [
	paymentIdField({ resource: ['conversation'], operation: ['checkUnread'] }, 'ID of the payment whose conversation to check'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const paymentId = readPaymentId(this, itemIndex);
	const response = (await nexpayApiRequest.call(this, {
		method: 'GET',
		path: paymentPath(paymentId, '/conversation/unread'),
		itemIndex,
		retry,
	})) as IDataObject;
	return { paymentId, hasUnread: response.hasUnread === true };
}
