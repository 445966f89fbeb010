import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import { requireChoice } from '../../helpers/validation';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';

const showOnlyForGetMany = { show: { resource: ['euroWalletAccount'], operation: ['getMany'] } };

const statusField: INodeProperties = {
	displayName: 'Status',
	name: 'statusFilter',
	type: 'options',
	options: [
		{ name: 'Any', value: 'any' },
		{ name: 'Active', value: 'ACTIVE' },
		{ name: 'Closed', value: 'CLOSED' },
	],
	default: 'any',
	description: 'Only output accounts with this status',
	displayOptions: { show: { ...showOnlyForGetMany.show, allAccounts: [true] } },
};

export const description: INodeProperties[] = [
	{
		displayName: 'Accounts',
		name: 'allAccounts',
		type: 'options',
		options: [
			{ name: 'All Accounts', value: true, description: 'Every IBAN, active and closed' },
			{ name: 'Default Account', value: false, description: 'Only the default IBAN' },
		],
		default: true,
		displayOptions: showOnlyForGetMany,
	},
	statusField,
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const field = { node: this.getNode(), itemIndex };
	// An expression may give "false" as text, which must not read as true.
	const allAccounts = requireChoice(field, 'Accounts', String(this.getNodeParameter('allAccounts', itemIndex, true)), ['true', 'false']) === 'true';
	const statusFilter = allAccounts ? readChoice(this, itemIndex, statusField) : 'any';
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/status',
		qs: allAccounts ? { allAccounts: true } : {},
		itemIndex,
		retry,
	})) as { accounts?: IDataObject[] };
	const accounts = response.accounts ?? [];
	return statusFilter === 'any' ? accounts : accounts.filter((account) => account.status === statusFilter);
}
