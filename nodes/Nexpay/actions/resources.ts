import type { INodePropertyOptions } from 'n8n-workflow';

import * as euroWalletAccount from './euroWalletAccount';
import * as euroWalletPayment from './euroWalletPayment';
import type { NexpayResource, ResourceModule } from './types';

export const RESOURCES: Partial<Record<NexpayResource, ResourceModule>> = {
	euroWalletAccount,
	euroWalletPayment,
};

export const RESOURCE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'EuroWallet Account', value: 'euroWalletAccount', description: 'IBANs, balances and deposit details (EuroWallet API)' },
	{ name: 'EuroWallet Payment', value: 'euroWalletPayment', description: 'SEPA and SWIFT payments from a EuroWallet IBAN (EuroWallet API)' },
];
