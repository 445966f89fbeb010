import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readIntentId } from '../listSearch';
import type { OperationContext } from '../types';
import { dryRunIntent, dryRunProblems } from './requests';
import { intentIdField } from './shared';

export const description: INodeProperties[] = [
	intentIdField('paymentIntentId', { resource: ['paymentIntent'], operation: ['dryRun'] }, 'ID of the draft payment intent to check'),
];

/** Nexpay's answer as is, plus readyToSubmit: the rule is enabled and nothing is missing. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const id = readIntentId(this, 'paymentIntentId', itemIndex);
	const result = await dryRunIntent.call(this, id, itemIndex, retry);
	return { readyToSubmit: dryRunProblems(result).length === 0, ...result };
}
