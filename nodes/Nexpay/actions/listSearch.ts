import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { EUROWALLET_CREDENTIAL, V2_CREDENTIAL } from '../helpers/constants';
import { invalidInput } from '../helpers/errors';
import { nexpayApiList } from '../helpers/pagination';
import { euroWalletApiRequest } from '../helpers/transport';
import { PUBLIC_LINK_ID, validateIntentId, validatePositiveInteger, validatePublicLinkId } from '../helpers/validation';

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
	if (!hasCredential(this, EUROWALLET_CREDENTIAL)) return { results: [] };
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

// ---------------------------------------------------------------------------------------------
// v2 lists: payment intents, payment links, payments

/**
 * Entries a picker reads at most. The lists go through the one pagination helper, which ends on
 * every answer a server may give (unpaged, repeated, oversized or empty pages), so a search
 * never loops; this bound keeps opening a picker quick on a tenant with a long history.
 */
export const SEARCH_LIMIT = 2000;
/** Entries per page of the editor's dropdown; it asks for the next page as the user scrolls. */
export const DROPDOWN_PAGE = 100;

function dropdownPage(results: INodeListSearchItems[], paginationToken?: string): INodeListSearchResult {
	const offset = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const next = offset + DROPDOWN_PAGE;
	return { results: results.slice(offset, next), ...(next < results.length ? { paginationToken: String(next) } : {}) };
}
const INTENTS_PATH = '/v2/payment-intents';
const LINK_DELIVERY_MODE = 'reusable_payment_link';
const SUBMISSION_DELIVERY_MODE = 'payment_link_submission';

async function readList(context: ILoadOptionsFunctions | IExecuteFunctions | IPollFunctions, path: string, listKey: string, qs: IDataObject = {}) {
	return await nexpayApiList.call(context, { path, listKey, qs, returnAll: false, limit: SEARCH_LIMIT });
}

/** Most recent first; entries without a date keep their order after the dated ones. */
function recentFirst(entries: IDataObject[]): IDataObject[] {
	const time = (entry: IDataObject) => Date.parse(String(entry.createdAt ?? entry.updatedAt ?? '')) || 0;
	return entries.map((entry, index) => ({ entry, index })).sort((a, b) => time(b.entry) - time(a.entry) || a.index - b.index).map(({ entry }) => entry);
}

function money(entry: IDataObject): string | undefined {
	if (entry.amount !== undefined && entry.amount !== null && typeof entry.amount !== 'object') {
		return [entry.amount, entry.currency].filter((part) => part !== undefined && part !== null).join(' ');
	}
	const recipients = Array.isArray(entry.recipients) ? (entry.recipients as IDataObject[]) : [];
	const amounts = recipients.map((recipient) => (recipient.amount ?? {}) as IDataObject).filter((amount) => amount.payeeAmount !== undefined);
	if (amounts.length === 0) return undefined;
	const cents = amounts.reduce((sum, amount) => sum + Math.round(Number(amount.payeeAmount) * 100), 0);
	return Number.isFinite(cents) ? `${(cents / 100).toFixed(2)} ${String(amounts[0].currency ?? '')}`.trim() : undefined;
}

function reference(entry: IDataObject): string | undefined {
	const link = ((entry.instructions ?? {}) as IDataObject).paymentLink as IDataObject | undefined;
	const value = entry.reference ?? link?.reference;
	return value ? String(value) : undefined;
}

function intentItem(entry: IDataObject, value: string): INodeListSearchItems {
	// What tells entries apart first (the amount), the ID last: the editor cuts long names at the right.
	const useCase = entry.useCase ? String(entry.useCase).replace(/_/g, ' ') : undefined;
	const parts = [money(entry), entry.status, useCase, reference(entry), String(entry.id)].filter(Boolean).map(String);
	const url = entry.lastPaymentLinkUrl ? String(entry.lastPaymentLinkUrl) : undefined;
	return { name: parts.join(' · '), value, ...(url ? { url } : {}) };
}

async function searchIntents(
	context: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: string | undefined,
	qs: IDataObject,
	valueOf: (entry: IDataObject) => unknown,
): Promise<INodeListSearchResult> {
	if (!hasCredential(context, V2_CREDENTIAL)) return { results: [] };
	const entries = recentFirst(await readList(context, INTENTS_PATH, 'paymentIntents', qs));
	const results: INodeListSearchItems[] = [];
	for (const entry of entries) {
		const value = valueOf(entry);
		if (value === undefined || value === null || value === '') continue;
		if (!matches(filter, entry.id, entry.status, entry.useCase, money(entry), reference(entry), entry.publicLinkId)) continue;
		results.push(intentItem(entry, String(value)));
	}
	return dropdownPage(results, paginationToken);
}

/** Payment intents, most recent first: amount · status · use case · reference · ID. */
export async function searchPaymentIntents(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchIntents(this, filter, paginationToken, {}, (entry) => entry.id);
}

/** Reusable payment links (their payment intents), most recent first. */
export async function searchPaymentLinks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchIntents(this, filter, paginationToken, { 'filter[deliveryMode]': LINK_DELIVERY_MODE }, (entry) => entry.id);
}

/**
 * The payment link chosen in this operation's Payment Link field (by public link ID, as Get Status
 * takes it) as its payment intent ID, or undefined when none is chosen yet or it is an expression.
 */
async function chosenLinkIntentId(context: ILoadOptionsFunctions): Promise<string | undefined> {
	let chosen: unknown;
	try {
		chosen = context.getCurrentNodeParameter('publicLinkId', { extractValue: true });
	} catch {
		return undefined; // a URL that is not a link's: the list is not narrowed
	}
	const publicLinkId = typeof chosen === 'string' ? chosen.trim() : '';
	return PUBLIC_LINK_ID.test(publicLinkId) ? await linkIntentIdOf(context, publicLinkId) : undefined;
}

/** The payment intent ID of the account's payment link with this public link ID, if there is one. */
async function linkIntentIdOf(context: ILoadOptionsFunctions | ReadContext, publicLinkId: string): Promise<string | undefined> {
	const links = await readList(context, INTENTS_PATH, 'paymentIntents', { 'filter[deliveryMode]': LINK_DELIVERY_MODE });
	const link = links.find((entry) => entry.publicLinkId === publicLinkId);
	return link?.id ? String(link.id) : undefined;
}

/** Payer submissions (child intents of payment links), most recent first; only the chosen link's once one is chosen. */
export async function searchLinkSubmissions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	if (!hasCredential(this, V2_CREDENTIAL)) return { results: [] };
	const qs: IDataObject = { 'filter[deliveryMode]': SUBMISSION_DELIVERY_MODE };
	const linkId = await chosenLinkIntentId(this);
	if (linkId) qs['filter[createdFrom.paymentIntentId]'] = linkId;
	return await searchIntents(this, filter, paginationToken, qs, (entry) => entry.id);
}

/** Published payment links by their publicLinkId (the public payer endpoints' token). */
export async function searchPublicLinks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchIntents(this, filter, paginationToken, { 'filter[deliveryMode]': LINK_DELIVERY_MODE }, (entry) => entry.publicLinkId);
}

/** Payments, most recent first: amount · status · payee · reference · #ID. */
export async function searchPayments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	if (!hasCredential(this, V2_CREDENTIAL)) return { results: [] };
	const entries = recentFirst(await readList(this, '/v2/payments', 'payments'));
	const payee = (entry: IDataObject) => ((entry.payee ?? {}) as IDataObject).name;
	const results = entries
		.filter((entry) => entry.id !== undefined && matches(filter, entry.id, entry.status, money(entry), payee(entry), entry.reference))
		.map((entry) => ({
			name: [money(entry), entry.status, payee(entry), entry.reference, `#${String(entry.id)}`].filter(Boolean).map(String).join(' · '),
			value: String(entry.id),
		}));
	return dropdownPage(results, paginationToken);
}

// ---------------------------------------------------------------------------------------------
// The locator fields and reading them

type Show = Record<string, Array<string | number | boolean>>;

/** The last path segment of a payment link URL (…/pay/{publicLinkId}) is its public link ID. */
const LINK_URL = '^https?://[^\\s/]+/(?:[^\\s?#]*/)?([A-Za-z0-9_-]+)/?(?:[?#]\\S*)?$';
const INTENT_ID = '^\\s*[A-Za-z0-9][A-Za-z0-9._:-]*\\s*$';

interface LocatorField {
	name: string;
	displayName: string;
	description: string;
	show?: Show;
	/** Default true; false for a filter or option that may stay empty. */
	required?: boolean;
}

/** What the By ID mode accepts. */
interface IdShape {
	placeholder: string;
	regex: string;
	errorMessage: string;
}

function locator(field: LocatorField, searchListMethod: string, id: IdShape, withUrl: boolean): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(field.required === false ? {} : { required: true }),
		description: field.description,
		...(field.show ? { displayOptions: { show: field.show } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select…',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: id.placeholder,
				validation: [{ type: 'regex', properties: { regex: id.regex, errorMessage: id.errorMessage } }],
			},
			...(withUrl
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: 'https://pay.nexpay.com/pay/pl_Q2hhbmdlTWVQbGVhc2U',
							validation: [{ type: 'regex' as const, properties: { regex: LINK_URL, errorMessage: 'Not a payment link URL (…/pay/<public link ID>)' } }],
							extractValue: { type: 'regex' as const, regex: LINK_URL },
						},
					]
				: []),
		],
	};
}

const INTENT_ID_SHAPE: IdShape = {
	placeholder: 'pi_3f9c2a7d41e8b05c6d12',
	regex: INTENT_ID,
	errorMessage: 'Not a payment intent ID (letters, digits, "_" and "-", like pi_3f9c2a…)',
};

/** A payment intent ID field: From list · By ID. */
export function intentLocator(field: LocatorField): INodeProperties {
	return locator(field, 'searchPaymentIntents', INTENT_ID_SHAPE, false);
}

/** A payment link (its payment intent ID): From list · By ID · By URL (resolved to the link's intent). */
export function paymentLinkLocator(field: LocatorField): INodeProperties {
	return locator(field, 'searchPaymentLinks', INTENT_ID_SHAPE, true);
}

/** A payer submission of a payment link (its payment intent ID): From list · By ID. */
export function linkSubmissionLocator(field: LocatorField): INodeProperties {
	return locator(field, 'searchLinkSubmissions', INTENT_ID_SHAPE, false);
}

/** A payment link's public link ID: From list · By ID · By URL. */
export function publicLinkLocator(field: LocatorField): INodeProperties {
	const id = { placeholder: 'pl_Q2hhbmdlTWVQbGVhc2U', regex: '^\\s*[A-Za-z0-9_-]+\\s*$', errorMessage: 'Not a public link ID (letters, digits, "_" and "-")' };
	return locator(field, 'searchPublicLinks', id, true);
}

/** A payment (whole-number ID): From list · By ID. */
export function paymentLocator(field: LocatorField): INodeProperties {
	return locator(field, 'searchPayments', { placeholder: '123', regex: '^\\s*[0-9]+\\s*$', errorMessage: 'Not a payment ID (a whole number)' }, false);
}

type ReadContext = IExecuteFunctions | IPollFunctions;

/**
 * A locator's value as n8n extracts it, or a plain string (workflows saved before the pickers).
 * A By URL value that is no payment link URL fails n8n's extraction without naming the item: refused here instead.
 */
function locatorValue(context: ReadContext, name: string, itemIndex: number | undefined, label: string): { value: unknown; mode?: string } {
	const read = (extractValue: boolean): unknown =>
		itemIndex === undefined
			? (context as IPollFunctions).getNodeParameter(name, '', { extractValue })
			: (context as IExecuteFunctions).getNodeParameter(name, itemIndex, '', { extractValue });
	const raw = read(false);
	const mode = raw !== null && typeof raw === 'object' && 'mode' in raw ? String((raw as IDataObject).mode) : undefined;
	let value: unknown;
	if (mode === 'url') {
		try {
			value = read(true);
		} catch {
			throw invalidInput(context.getNode(), itemIndex, label, 'is not a payment link URL (…/pay/<public link ID>)');
		}
	} else {
		value = read(true);
	}
	return { value: typeof value === 'string' ? value.trim() : value, mode };
}

/** Whether an optional locator (a filter or option) was left empty: nothing picked, typed or set. */
export function locatorIsEmpty(context: ReadContext, name: string, itemIndex: number | undefined): boolean {
	const raw = itemIndex === undefined ? (context as IPollFunctions).getNodeParameter(name, '') : (context as IExecuteFunctions).getNodeParameter(name, itemIndex, '');
	const value = raw !== null && typeof raw === 'object' && 'value' in raw ? (raw as IDataObject).value : raw;
	return value === undefined || value === null || String(value).trim() === '';
}

export function readIntentId(context: IExecuteFunctions, name: string, itemIndex: number, label = 'Payment Intent ID'): string {
	return validateIntentId({ node: context.getNode(), itemIndex }, label, locatorValue(context, name, itemIndex, label).value);
}

export function readPublicLinkId(context: IExecuteFunctions, name: string, itemIndex: number, label = 'Public Link ID'): string {
	return validatePublicLinkId({ node: context.getNode(), itemIndex }, label, locatorValue(context, name, itemIndex, label).value);
}

export function readPaymentIdValue(context: IExecuteFunctions, name: string, itemIndex: number, label = 'Payment ID'): number {
	return validatePositiveInteger({ node: context.getNode(), itemIndex }, label, locatorValue(context, name, itemIndex, label).value);
}

/**
 * A payment link's own payment intent ID. By URL gives its public link ID, which the links list
 * maps to the intent (the public endpoints do not return it).
 */
export async function readPaymentLinkIntentId(context: ReadContext, name: string, itemIndex: number | undefined, label: string): Promise<string> {
	const field = { node: context.getNode(), itemIndex };
	const { value, mode } = locatorValue(context, name, itemIndex, label);
	if (mode !== 'url') return validateIntentId(field, label, value);
	const publicLinkId = validatePublicLinkId(field, label, value);
	const linkIntentId = await linkIntentIdOf(context, publicLinkId);
	if (!linkIntentId) {
		const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
		throw new NodeOperationError(context.getNode(), `${label}: no payment link of this account has the public link ID ${publicLinkId} (from the URL)${item}`, {
			itemIndex,
			description: 'Check the URL and the credential, or pick the link From List. Nothing was changed at Nexpay.',
		});
	}
	return validateIntentId(field, label, linkIntentId);
}

/** Nexpay's SWIFT currencies, searchable by code. */
export async function searchSwiftCurrencies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	if (!hasCredential(this, EUROWALLET_CREDENTIAL)) return { results: [] };
	const response = (await euroWalletApiRequest.call(this, { method: 'GET', path: '/api/2/eurowallet/payments/swift-currencies' })) as { swiftCurrencies?: unknown[] };
	return {
		results: (response.swiftCurrencies ?? [])
			.map(String)
			.filter((code) => matches(filter, code))
			.map((code) => ({ name: code, value: code })),
	};
}

/** A SWIFT currency field: From list (Nexpay's SWIFT currencies) or By Code. */
export function swiftCurrencyLocator(field: LocatorField & { default: string }): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: field.default },
		required: true,
		description: field.description,
		...(field.show ? { displayOptions: { show: field.show } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a currency…',
				typeOptions: { searchListMethod: 'searchSwiftCurrencies', searchable: true },
			},
			{
				displayName: 'By Code',
				name: 'code',
				type: 'string',
				placeholder: 'USD',
				validation: [{ type: 'regex', properties: { regex: '^\\s*[A-Za-z]{3}\\s*$', errorMessage: 'A three-letter currency code, like USD' } }],
			},
		],
	};
}

export const listSearch = {
	searchSwiftCurrencies,
	searchEuroWalletAccounts,
	searchPaymentIntents,
	searchPaymentLinks,
	searchPublicLinks,
	searchLinkSubmissions,
	searchPayments,
};
