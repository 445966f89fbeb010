import type { INodeProperties } from 'n8n-workflow';

import * as upload from './upload.operation';

export const operations = {
	upload: upload.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file from a binary field and get the document ID to attach to messages',
				action: 'Upload a document',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
