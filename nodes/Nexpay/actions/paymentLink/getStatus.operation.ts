import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { validateIntentId } from '../../helpers/validation';
import { readPublicLinkId } from '../listSearch';
import type { OperationContext } from '../types';
import { publicLinkIdField, publicLinkPath } from './shared';

export const description: INodeProperties[] = [
	publicLinkIdField('getStatus'),
	{
		displayName: 'Submission Payment Intent ID',
		name: 'submissionPaymentIntentId',
		type: 'string',
		default: '',
		placeholder: 'pi_8d1e6b3c0f2a4e5d9b7c',
		description: 'Optional: a payer’s child submission (from the payer session) to include its status',
		displayOptions: { show: { resource: ['paymentLink'], operation: ['getStatus'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const field = { node: this.getNode(), itemIndex };
	const token = readPublicLinkId(this, 'publicLinkId', itemIndex, 'Payment Link');
	const childText = String(this.getNodeParameter('submissionPaymentIntentId', itemIndex, '') ?? '').trim();
	const qs: IDataObject = childText ? { paymentIntentId: validateIntentId(field, 'Submission Payment Intent ID', childText) } : {};
	return (await nexpayApiRequest.call(this, { method: 'GET', path: publicLinkPath(token, 'status'), qs, itemIndex, retry })) as IDataObject;
}
