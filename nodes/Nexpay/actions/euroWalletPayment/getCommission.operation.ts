import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../../helpers/transport';
import { validateAmount, validateIban } from '../../helpers/validation';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';
import { networkTypeField } from './shared';

const show = { resource: ['euroWalletPayment'], operation: ['getCommission'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Beneficiary Account',
		name: 'beneficiaryBankAccount',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'LT02 3080 0100 0000 0239',
		description: 'IBAN the payment would go to',
		displayOptions: { show },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		placeholder: '20.00',
		displayOptions: { show },
	},
	networkTypeField(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const field = { node: this.getNode(), itemIndex };
	const beneficiaryBankAccount = validateIban(field, 'Beneficiary Account', this.getNodeParameter('beneficiaryBankAccount', itemIndex));
	const amount = validateAmount(field, 'Amount', this.getNodeParameter('amount', itemIndex));
	const networkType = readChoice(this, itemIndex, networkTypeField(show));
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/payments/commission',
		qs: { beneficiaryBankAccount, amount, networkType },
		itemIndex,
		retry,
	})) as IDataObject;
	return { ...response, amount, beneficiaryBankAccount, networkType };
}
