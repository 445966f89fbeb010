import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations = {
	get: get.execute,
	getMany: getMany.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a payment with its status, payee and payer', action: 'Get a payment' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many payments, one item each', action: 'Get many payments' },
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
];
