import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nexpayApiRequest } from '../../helpers/transport';
import { paymentIdField, paymentPath, readPaymentId } from '../payment/shared';
import type { OperationContext } from '../types';

const show = { resource: ['conversation'], operation: ['get'] };

export const description: INodeProperties[] = [
	paymentIdField(show, 'ID of the payment whose conversation to get; a payment without one gives an empty message list'),
	{
		displayName: 'Options',
		name: 'conversationOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Split Messages Into Items',
				name: 'splitMessages',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per message (with the conversation ID, payment ID and closed flag) instead of one item for the whole conversation',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject | IDataObject[]> {
	const paymentId = readPaymentId(this, itemIndex);
	const options = this.getNodeParameter('conversationOptions', itemIndex, {}) as { splitMessages?: boolean };
	const conversation = (await nexpayApiRequest.call(this, { method: 'GET', path: paymentPath(paymentId, '/conversation'), itemIndex, retry })) as IDataObject;
	// No conversation yet is documented as an empty list, not an error.
	const messages = Array.isArray(conversation.messages) ? (conversation.messages as IDataObject[]) : [];
	if (!options.splitMessages) return { ...conversation, messages };
	return messages.map((message) => ({
		conversationId: conversation.id ?? null,
		paymentId: conversation.paymentId ?? paymentId,
		isClosed: conversation.isClosed ?? false,
		...message,
	}));
}
