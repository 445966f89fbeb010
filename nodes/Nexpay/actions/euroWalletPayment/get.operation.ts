import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import type { OperationContext } from '../types';
import { lookupFields, readLookup } from './shared';

export const description = lookupFields('get');

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	return (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/nexpay/payments',
		qs: readLookup(this, itemIndex) as unknown as IDataObject,
		itemIndex,
		retry,
	})) as IDataObject;
}
