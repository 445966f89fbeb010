import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { paymentIdField, paymentPath, readPaymentId } from '../payment/shared';
import type { OperationContext } from '../types';

export const description: INodeProperties[] = [
	paymentIdField({ resource: ['conversation'], operation: ['close'] }, 'ID of the payment whose conversation to close; no messages can be sent after that'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const paymentId = readPaymentId(this, itemIndex);
	return (await nexpayApiRequest.call(this, {
		method: 'POST',
		path: paymentPath(paymentId, '/conversation/close'),
		body: {},
		// Closing twice is refused ([CNV0002]) rather than repeated, so a retry cannot do harm.
		idempotent: true,
		itemIndex,
		retry,
	})) as IDataObject;
}
