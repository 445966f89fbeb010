import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { euroWalletApiRequest } from '../helpers/transport';

/**
 * The editor asks for a picker's list as soon as it shows the field; before a credential is
 * chosen there is nothing to ask Nexpay with (n8n would answer the editor with a 500), so no
 * request is made and the list is empty.
 */
export function hasCredential(context: ILoadOptionsFunctions, name: string): boolean {
	const credentials = context.getNode().credentials ?? {};
	const chosen = credentials[name];
	return Boolean(chosen && (chosen.id || chosen.name));
}

function matches(filter: string | undefined, ...fields: unknown[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase().replace(/\s+/g, '');
	return fields.some((value) => String(value ?? '').toLowerCase().replace(/\s+/g, '').includes(wanted));
}

/** EuroWallet accounts: IBAN, its tag and balance; active accounts first. */
export async function searchEuroWalletAccounts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	if (!hasCredential(this, 'nexpayEuroWalletApi')) return { results: [] };
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: '/api/1/eurowallet/status',
		qs: { allAccounts: true },
	})) as { accounts?: IDataObject[] };
	const accounts = (response.accounts ?? []).filter((account) => account.iban && matches(filter, account.iban, account.tagName));
	accounts.sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE'));
	return {
		results: accounts.map((account) => {
			const parts = [String(account.iban)];
			if (account.tagName) parts.push(String(account.tagName));
			if (account.balance !== undefined) parts.push(`${String(account.balance)} EUR`);
			if (account.status && account.status !== 'ACTIVE') parts.push(String(account.status));
			return { name: parts.join(' · '), value: String(account.iban) };
		}),
	};
}

/** A EuroWallet account field: "From list" (searchable) or "By IBAN" (checked as typed). */
export function euroWalletAccountLocator(field: Pick<INodeProperties, 'displayName' | 'description' | 'displayOptions'> & { required?: boolean }): INodeProperties {
	return {
		...field,
		name: 'account',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an account…',
				typeOptions: { searchListMethod: 'searchEuroWalletAccounts', searchable: true },
			},
			{
				displayName: 'By IBAN',
				name: 'iban',
				type: 'string',
				placeholder: 'LT12 3456 7890 1234 5678',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[A-Za-z]{2}\\s*[0-9]{2}[A-Za-z0-9 ]{8,40}$', errorMessage: 'Not an IBAN (two letters, two check digits, then the account)' },
					},
				],
			},
		],
	};
}

export const listSearch = { searchEuroWalletAccounts };
