import type { INodeProperties } from 'n8n-workflow';

import * as createIban from './createIban.operation';
import * as getDepositDetails from './getDepositDetails.operation';
import * as getMany from './getMany.operation';

export const operations = {
	createIban: createIban.execute,
	getMany: getMany.execute,
	getDepositDetails: getDepositDetails.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['euroWalletAccount'] } },
		options: [
			{
				name: 'Create IBAN',
				value: 'createIban',
				description: 'Open a new IBAN in the EuroWallet (at most 7 per client)',
				action: 'Create an IBAN',
			},
			{
				name: 'Get Deposit Details',
				value: 'getDepositDetails',
				description: 'Get the bank details payers need to send money to your IBANs (SEPA and SWIFT)',
				action: 'Get deposit details',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List IBANs with their status and balance, one item per account',
				action: 'Get many accounts',
			},
		],
		default: 'getMany',
	},
	...createIban.description,
	...getMany.description,
];
