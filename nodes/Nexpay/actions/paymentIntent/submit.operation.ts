import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkAgentSubmit, runsAsAgentTool } from '../../helpers/agentGuard';
import { nexpayApiRequest } from '../../helpers/transport';
import { readIntentId } from '../listSearch';
import type { OperationContext } from '../types';
import { INTENTS_PATH, submitIdempotencyKey, submitIntent } from './requests';
import { intentIdField } from './shared';

const show = { resource: ['paymentIntent'], operation: ['submit'] };

export const description: INodeProperties[] = [
	intentIdField('paymentIntentId', show, 'ID of the draft payment intent to submit (publish, for a payment link)'),
	{
		displayName: 'Options',
		name: 'submitOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
				description:
					'Sent as Idempotency-Key. Empty: derived from the execution, node, item and intent, so retries never submit twice. A key may only be reused for the same submit; reusing it for another intent fails with HTTP 422.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const id = readIntentId(this, 'paymentIntentId', itemIndex);
	if (runsAsAgentTool(this)) {
		// An agent may publish a link but not submit a payment: look at what the intent is first.
		const intent = (await nexpayApiRequest.call(this, { method: 'GET', path: `${INTENTS_PATH}/${encodeURIComponent(id)}`, itemIndex, retry })) as IDataObject;
		checkAgentSubmit(this, itemIndex, intent.deliveryMode);
	}
	const options = this.getNodeParameter('submitOptions', itemIndex, {}) as { idempotencyKey?: string };
	const idempotencyKey = submitIdempotencyKey(this, itemIndex, id, options.idempotencyKey);
	return await submitIntent.call(this, id, idempotencyKey, itemIndex, retry);
}
