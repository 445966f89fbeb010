import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getCommission from './getCommission.operation';
import * as getFxRate from './getFxRate.operation';
import * as getHistory from './getHistory.operation';
import * as getStatus from './getStatus.operation';
import * as getSwiftCurrencies from './getSwiftCurrencies.operation';

export const operations = {
	create: create.execute,
	get: get.execute,
	getCommission: getCommission.execute,
	getFxRate: getFxRate.execute,
	getHistory: getHistory.execute,
	getStatus: getStatus.execute,
	getSwiftCurrencies: getSwiftCurrencies.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['euroWalletPayment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send a SEPA or SWIFT payment; retried safely with an external payment ID and confirmed by a status check',
				action: 'Create a payment',
			},
			{ name: 'Get', value: 'get', description: 'Get the details of a payment', action: 'Get a payment' },
			{
				name: 'Get Commission',
				value: 'getCommission',
				description: 'Get the fee Nexpay would charge for a payment',
				action: 'Get the commission for a payment',
			},
			{ name: 'Get FX Rate', value: 'getFxRate', description: 'Get the EUR exchange rate for a currency', action: 'Get an FX rate' },
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get an account’s payments and balances for a period',
				action: 'Get account history',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get whether a payment is PENDING, COMPLETED or REJECTED',
				action: 'Get the status of a payment',
			},
			{
				name: 'Get SWIFT Currencies',
				value: 'getSwiftCurrencies',
				description: 'List the currencies a SWIFT payment can be made in',
				action: 'Get SWIFT currencies',
			},
		],
		default: 'create',
	},
	...create.description,
	...getCommission.description,
	...getStatus.description,
	...get.description,
	...getHistory.description,
	...getFxRate.description,
];
