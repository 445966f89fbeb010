import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { euroWalletApiRequest } from '../../helpers/transport';
import { validateDate, validateIban } from '../../helpers/validation';
import { euroWalletAccountLocator } from '../listSearch';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';

const show = { resource: ['euroWalletPayment'], operation: ['getHistory'] };

const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'One Item per Entry', value: 'entries', description: 'Each payment of the period as its own item' },
		{ name: 'Summary', value: 'summary', description: 'Turnovers, balances and the entries in one item' },
	],
	default: 'entries',
	displayOptions: { show },
};

const directionField: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	options: [
		{ name: 'Both', value: 'both' },
		{ name: 'Incoming', value: 'incoming' },
		{ name: 'Outgoing', value: 'outgoing' },
	],
	default: 'both',
	description: 'Which entries to output',
	displayOptions: { show: { ...show, output: ['entries'] } },
};

export const description: INodeProperties[] = [
	euroWalletAccountLocator({
		displayName: 'Account',
		description: 'IBAN whose history to read; empty means the default account',
		displayOptions: { show },
	}),
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'dateTime',
		default: '',
		description: 'First day to include (only the date part is used)',
		displayOptions: { show },
	},
	{
		displayName: 'To Date',
		name: 'toDate',
		type: 'dateTime',
		default: '',
		description: 'Last day to include (only the date part is used)',
		displayOptions: { show },
	},
	outputField,
	directionField,
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject | IDataObject[]> {
	const field = { node: this.getNode(), itemIndex };
	const rawAccount = String(this.getNodeParameter('account', itemIndex, '', { extractValue: true }) ?? '').trim();
	const account = rawAccount ? validateIban(field, 'Account', rawAccount) : undefined;
	const fromDate = validateDate(field, 'From Date', this.getNodeParameter('fromDate', itemIndex, ''));
	const toDate = validateDate(field, 'To Date', this.getNodeParameter('toDate', itemIndex, ''));
	if (fromDate && toDate && fromDate > toDate) {
		throw invalidInput(this.getNode(), itemIndex, 'From Date', `(${fromDate}) is after To Date (${toDate})`);
	}
	const summary = readChoice(this, itemIndex, outputField) === 'summary';
	const direction = summary ? 'both' : readChoice(this, itemIndex, directionField);
	const history = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/payments/history',
		qs: { fromDate, toDate, account },
		itemIndex,
		retry,
	})) as IDataObject & { entries?: IDataObject[] };
	if (summary) return history;
	return (history.entries ?? [])
		.filter((entry) => direction === 'both' || entry.direction === direction)
		.map((entry) => ({ ...entry, ownAccount: history.account }));
}
