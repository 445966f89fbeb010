import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { getPaymentStatus, lookupFields, readLookup } from './shared';

export const description = lookupFields('getStatus');

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const lookup = readLookup(this, itemIndex);
	const { paymentId, status } = await getPaymentStatus.call(this, lookup, itemIndex, retry);
	return { paymentId: String(paymentId), status, ...('externalPaymentId' in lookup ? lookup : {}) };
}
