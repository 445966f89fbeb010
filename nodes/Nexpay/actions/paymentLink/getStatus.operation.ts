import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { linkSubmissionLocator, locatorIsEmpty, readIntentId, readPublicLinkId } from '../listSearch';
import type { OperationContext } from '../types';
import { publicLinkIdField, publicLinkPath } from './shared';

const SUBMISSION = 'submissionPaymentIntentId';

export const description: INodeProperties[] = [
	publicLinkIdField('getStatus'),
	linkSubmissionLocator({
		name: SUBMISSION,
		displayName: 'Submission',
		description: 'Optional: a payer’s submission of this link (its payment intent ID) to include its status',
		show: { resource: ['paymentLink'], operation: ['getStatus'] },
		required: false,
	}),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const token = readPublicLinkId(this, 'publicLinkId', itemIndex, 'Payment Link');
	const qs: IDataObject = locatorIsEmpty(this, SUBMISSION, itemIndex) ? {} : { paymentIntentId: readIntentId(this, SUBMISSION, itemIndex, 'Submission') };
	return (await nexpayApiRequest.call(this, { method: 'GET', path: publicLinkPath(token, 'status'), qs, itemIndex, retry })) as IDataObject;
}
