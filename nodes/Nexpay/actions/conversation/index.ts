import type { INodeProperties } from 'n8n-workflow';

import * as checkUnread from './checkUnread.operation';
import * as close from './close.operation';
import * as downloadAttachment from './downloadAttachment.operation';
import * as get from './get.operation';
import * as sendMessage from './sendMessage.operation';

export const operations = {
	checkUnread: checkUnread.execute,
	close: close.execute,
	downloadAttachment: downloadAttachment.execute,
	get: get.execute,
	sendMessage: sendMessage.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Check Unread',
				value: 'checkUnread',
				description: 'Check whether a payment’s conversation has messages you have not read',
				action: 'Check a conversation for unread messages',
			},
			{
				name: 'Close',
				value: 'close',
				description: 'Close a payment’s conversation; no messages can be sent after that',
				action: 'Close a conversation',
			},
			{
				name: 'Download Attachment',
				value: 'downloadAttachment',
				description: 'Download a file attached to a conversation message as binary data',
				action: 'Download a conversation attachment',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the messages about a payment (empty when there is no conversation yet)',
				action: 'Get a conversation',
			},
			{
				name: 'Send Message',
				value: 'sendMessage',
				description: 'Send Nexpay a message about a payment, with files or uploaded documents attached',
				action: 'Send a message in a conversation',
			},
		],
		default: 'get',
	},
	...get.description,
	...sendMessage.description,
	...checkUnread.description,
	...downloadAttachment.description,
	...close.description,
];
