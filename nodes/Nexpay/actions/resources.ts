import type { INodePropertyOptions } from 'n8n-workflow';

import * as conversation from './conversation';
import * as document from './document';
import * as euroWalletAccount from './euroWalletAccount';
import * as euroWalletPayment from './euroWalletPayment';
import * as payment from './payment';
import * as paymentIntent from './paymentIntent';
import * as paymentLink from './paymentLink';
import type { NexpayResource, ResourceModule } from './types';

export const RESOURCES: Partial<Record<NexpayResource, ResourceModule>> = {
	paymentLink,
	paymentIntent,
	payment,
	conversation,
	document,
	euroWalletAccount,
	euroWalletPayment,
};

/** v2 first, Payment Link first of all (the default); then the legacy EuroWallet API. */
export const RESOURCE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Payment Link', value: 'paymentLink', description: 'Reusable links a payer opens to pay a fixed amount or a split (v2 API)' },
	{ name: 'Payment Intent', value: 'paymentIntent', description: 'The general form behind links and payments: create, check, submit (v2 API)' },
	{ name: 'Payment', value: 'payment', description: 'Payments Nexpay is processing or has processed (v2 API)' },
	{ name: 'Conversation', value: 'conversation', description: 'Messages with Nexpay about a payment, with attachments (v2 API)' },
	{ name: 'Document', value: 'document', description: 'Files uploaded to Nexpay, e.g. to attach to messages (v2 API)' },
	{ name: 'EuroWallet Account', value: 'euroWalletAccount', description: 'IBANs, balances and deposit details (EuroWallet API)' },
	{ name: 'EuroWallet Payment', value: 'euroWalletPayment', description: 'SEPA and SWIFT payments from a EuroWallet IBAN (EuroWallet API)' },
];
