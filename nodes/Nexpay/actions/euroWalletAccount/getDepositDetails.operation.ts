import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import type { OperationContext } from '../types';

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	return (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/deposit-details',
		itemIndex,
		retry,
	})) as IDataObject;
}
