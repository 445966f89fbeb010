import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import type { OperationContext } from '../types';

const showOnlyForGetMany = { show: { resource: ['euroWalletAccount'], operation: ['getMany'] } };

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
	{
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
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject[]> {
	const allAccounts = this.getNodeParameter('allAccounts', itemIndex, true) as boolean;
	const statusFilter = allAccounts ? (this.getNodeParameter('statusFilter', itemIndex, 'any') as string) : 'any';
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
