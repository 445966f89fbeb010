import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { euroWalletApiRequest } from '../helpers/transport';
import { hasCredential } from './listSearch';

/** The user's active IBANs, for picking the account a payment leaves from. */
export async function getEuroWalletAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	if (!hasCredential(this, 'nexpayEuroWalletApi')) return [];
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/status',
		qs: { allAccounts: true },
	})) as { accounts?: IDataObject[] };
	return (response.accounts ?? [])
		.filter((account) => account.status === 'ACTIVE')
		.map((account) => ({
			name: account.tagName ? `${account.iban} (${account.tagName})` : String(account.iban),
			value: String(account.iban),
			description: `Balance ${account.balance} EUR`,
		}));
}

export async function getSwiftCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// Before a credential is chosen there is nothing to ask Nexpay with.
	if (!hasCredential(this, 'nexpayEuroWalletApi')) return [];
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/2/eurowallet/payments/swift-currencies',
	})) as { swiftCurrencies?: string[] };
	return (response.swiftCurrencies ?? []).map((currency) => ({ name: currency, value: currency }));
}

export const loadOptions = { getEuroWalletAccounts, getSwiftCurrencies };
