import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as dryRun from './dryRun.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getRequirements from './getRequirements.operation';
import * as submit from './submit.operation';

export const operations = {
	create: create.execute,
	dryRun: dryRun.execute,
	get: get.execute,
	getMany: getMany.execute,
	getRequirements: getRequirements.execute,
	submit: submit.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentIntent'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a draft payment intent from fields or from a JSON body',
				action: 'Create a payment intent',
			},
			{
				name: 'Dry Run',
				value: 'dryRun',
				description: 'Check whether a draft payment intent can be submitted and list anything missing',
				action: 'Dry run a payment intent',
			},
			{ name: 'Get', value: 'get', description: 'Get a payment intent with its recipients and executions', action: 'Get a payment intent' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many payment intents, filtered by delivery mode, parent link or status',
				action: 'Get many payment intents',
			},
			{
				name: 'Get Requirements',
				value: 'getRequirements',
				description: 'Get what Nexpay requires for a kind of payment intent, without creating one',
				action: 'Get the requirements for a payment intent',
			},
			{
				name: 'Submit',
				value: 'submit',
				description: 'Submit a draft payment intent once, with an Idempotency-Key that makes retries safe',
				action: 'Submit a payment intent',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...getRequirements.description,
	...dryRun.description,
	...submit.description,
];
