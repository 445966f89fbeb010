import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { readPublicLinkId } from '../listSearch';
import type { OperationContext } from '../types';
import { publicLinkIdField, publicLinkPath } from './shared';

export const description: INodeProperties[] = [publicLinkIdField('getPublicDetails')];

/** What a payer's page shows: recipient name, fixed or open amount, currency. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const token = readPublicLinkId(this, 'publicLinkId', itemIndex, 'Payment Link');
	return (await nexpayApiRequest.call(this, { method: 'GET', path: publicLinkPath(token), itemIndex, retry })) as IDataObject;
}
