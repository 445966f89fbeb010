import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { listSearch } from './actions/listSearch';
import { loadOptions } from './actions/loadOptions';
import { RESOURCE_OPTIONS, RESOURCES } from './actions/resources';
import { router } from './actions/router';
import { requestOptionsDescription } from './actions/shared';
import { EUROWALLET_RESOURCES, V2_RESOURCES } from './actions/types';

export class Nexpay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexpay',
		name: 'nexpay',
		icon: { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create payment links and payment intents, talk to Nexpay about payments, and send SEPA/SWIFT payments from a EuroWallet',
		defaults: { name: 'Nexpay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'nexpayApi', required: true, displayOptions: { show: { resource: [...V2_RESOURCES] } } },
			{ name: 'nexpayEuroWalletApi', required: true, displayOptions: { show: { resource: [...EUROWALLET_RESOURCES] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCE_OPTIONS,
				default: 'paymentLink',
			},
			...Object.values(RESOURCES).flatMap((resource) => resource.description),
			...requestOptionsDescription,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
