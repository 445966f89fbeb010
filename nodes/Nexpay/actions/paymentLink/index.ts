import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getPublicDetails from './getPublicDetails.operation';
import * as getQuote from './getQuote.operation';
import * as getRequirements from './getRequirements.operation';
import * as getStatus from './getStatus.operation';
import * as getSubmissions from './getSubmissions.operation';

export const operations = {
	create: create.execute,
	getPublicDetails: getPublicDetails.execute,
	getQuote: getQuote.execute,
	getRequirements: getRequirements.execute,
	getStatus: getStatus.execute,
	getSubmissions: getSubmissions.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentLink'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a reusable payment link for a fixed amount or a split, and publish it to get its URL',
				action: 'Create a payment link',
			},
			{
				name: 'Get Public Details',
				value: 'getPublicDetails',
				description: 'Get what a payer sees for a link: recipient, fixed or open amount, currency (public endpoint)',
				action: 'Get the public details of a payment link',
			},
			{
				name: 'Get Quote',
				value: 'getQuote',
				description: 'Get a payer’s price for a link in their currency, with bank transfer, card and installment options',
				action: 'Get a quote for a payment link',
			},
			{
				name: 'Get Requirements',
				value: 'getRequirements',
				description: 'Get the connector, maximum recipients and limitations for a kind of payment link before creating it',
				action: 'Get the requirements for a payment link',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status of a link, and optionally of one payer’s submission (public endpoint)',
				action: 'Get the status of a payment link',
			},
			{
				name: 'Get Submissions',
				value: 'getSubmissions',
				description: 'List the payments payers made through a link (its child payment intents), one item each',
				action: 'Get the submissions of a payment link',
			},
		],
		default: 'create',
	},
	...create.description,
	...getRequirements.description,
	...getSubmissions.description,
	...getPublicDetails.description,
	...getQuote.description,
	...getStatus.description,
];
