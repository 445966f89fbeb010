// Part 4: bad input. The matrix is generated from the Nexpay node's own description: for every
// operation, the fields its displayOptions show for a valid parameter set, each given invalid
// values of its kind (and emptied when required). Item 0 is valid, item 1 carries the bad value,
// so a correct refusal names "[item 1]" and the only requests the sandbox sees are item 0's.
import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyCollection, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { runNode, type RunNodeResult } from '../rig';
import { startSandbox, type Sandbox } from '../sandbox';
import { CAMPAIGN_KEYS, euroWalletCredentials, oneLine, v2Credentials, type Evidence, type PartTable } from './common';

const OWN_IBAN = 'LT023080010000000239';
const EXTERNAL_IBAN = 'DE89370400440532013000';
const FAST = { baseDelayMs: 5, maxAttempts: 2, timeoutMs: 5000 };

/** What a field holds, as far as validity goes. The description has no such notion, so it is read from the field's name. */
type Kind =
	| 'amount'
	| 'iban'
	| 'swiftAccount'
	| 'currency'
	| 'bic'
	| 'country'
	| 'numericId'
	| 'intentId'
	| 'publicLinkId'
	| 'uuid'
	| 'uuidList'
	| 'share'
	| 'positiveInteger'
	| 'date'
	| 'json'
	| 'binaryProperty'
	| 'itemFields'
	| 'text';

const KIND_BY_NAME: Record<string, Kind> = {
	amount: 'amount',
	payeeAmount: 'amount',
	quoteAmount: 'amount',
	account: 'iban',
	beneficiaryAccount: 'iban',
	beneficiaryBankAccount: 'iban',
	currency: 'currency',
	linkDisplayCurrency: 'currency',
	displayCurrency: 'currency',
	beneficiaryBankBic: 'bic',
	beneficiaryAddressCountry: 'country',
	payerCountryCode: 'country',
	paymentId: 'numericId',
	v2PaymentId: 'numericId',
	paymentIntentId: 'intentId',
	linkPaymentIntentId: 'intentId',
	submissionPaymentIntentId: 'intentId',
	createdFromPaymentIntentId: 'intentId',
	publicLinkId: 'publicLinkId',
	attachmentDocumentId: 'uuid',
	attachmentDocumentIds: 'uuidList',
	share: 'share',
	connectorPayeeId: 'positiveInteger',
	fromDate: 'date',
	toDate: 'date',
	intentJsonBody: 'json',
	payerDetails: 'json',
	binaryPropertyName: 'binaryProperty',
	attachmentBinaryProperties: 'binaryProperty',
	externalPaymentIdFields: 'itemFields',
};

const INVALID: Record<Exclude<Kind, 'text'>, unknown[]> = {
	amount: ['abc', '-5.00', '0.00', '10.001', '1,50'],
	iban: ['LT023080010000000238', 'LT02308001000000023', 'ZZ0230800100000002', 'not-an-iban'],
	// SWIFT also takes plain account numbers (up to 34 characters); what looks like an IBAN must be one.
	swiftAccount: ['LT023080010000000238', 'DE8937040044053201300', 'x'.repeat(35)],
	currency: ['EURO', 'E1'],
	bic: ['DEUTDE', 'DEUTDEFF5', 'DEUT-DEFF'],
	country: ['DEU', 'D1'],
	numericId: ['abc', '-1', '1.5', '../status'],
	intentId: ['../payments', 'pi 1', 'pi_1?x=1'],
	publicLinkId: ['../quote', 'pl 1'],
	uuid: ['invoice.pdf', '../payments'],
	uuidList: ['invoice.pdf', 'f47ac10b-58cc-4372-a567-0e02b2c3d479, ../x'],
	share: ['abc', '-10', '0', '150', '33.333'],
	positiveInteger: ['0', '-3', '1.5', 'abc'],
	date: ['2026-13-45', 'yesterday'],
	json: ['{not json', '[1, 2]'],
	binaryProperty: ['noSuchFile'],
	itemFields: ['noSuchField'],
};

/** Limits the API docs print for fields whose description does not repeat them. */
const DOC_LIMITS: Record<string, { min?: number; max: number }> = {
	beneficiaryBankName: { max: 140 },
	beneficiaryAddressStreet: { min: 2, max: 70 },
	beneficiaryAddressTown: { min: 2, max: 35 },
};

/** Length limits printed in a field's description: "(max 36 characters)", "(2–70 characters)". */
function lengthLimits(property: INodeProperties): { min?: number; max: number } | undefined {
	const text = property.description ?? '';
	const range = /(\d+)\s*[–-]\s*(\d+) characters/.exec(text);
	if (range) return { min: Number(range[1]), max: Number(range[2]) };
	const max = /max(?:imum)? (\d+) characters/i.exec(text);
	if (max) return { max: Number(max[1]) };
	return DOC_LIMITS[property.name];
}

/** The label an error should use: the display name without n8n's "Name or ID" picker suffix. */
function labelOf(property: INodeProperties): string {
	return property.displayName.replace(/ Name or ID$/, '');
}

interface BadValue {
	value: unknown;
	why: string;
}

function badValues(property: INodeProperties, required: boolean, base: Base): BadValue[] {
	const values: BadValue[] = [];
	if (required) values.push({ value: '', why: 'empty (required)' });
	// "Put Output File in Field" names where to put a file: any name is valid.
	const output = /output/i.test(property.displayName);
	const kind: Kind = (output ? undefined : (base.kinds?.[property.name] ?? KIND_BY_NAME[property.name])) ?? 'text';
	if (kind !== 'text') {
		for (const value of INVALID[kind]) values.push({ value, why: `${kind} ${JSON.stringify(value)}` });
	} else if (property.type === 'string') {
		const limits = lengthLimits(property);
		if (limits) {
			values.push({ value: 'x'.repeat(limits.max + 1), why: `${limits.max + 1} characters (max ${limits.max})` });
			if (limits.min && limits.min > 1) values.push({ value: 'x'.repeat(limits.min - 1), why: `${limits.min - 1} character (min ${limits.min})` });
		}
	}
	// A fixed choice list set by an expression: a value that is none of its choices.
	if (property.type === 'options' && kind === 'text' && !property.typeOptions?.loadOptionsMethod) {
		values.push({ value: 'not-a-choice', why: `"not-a-choice" (none of its ${(property.options ?? []).length} choices)` });
	}
	if (property.type === 'number' && kind === 'text') {
		const { minValue, maxValue } = (property.typeOptions ?? {}) as { minValue?: number; maxValue?: number };
		if (minValue !== undefined) values.push({ value: minValue - 1, why: `${minValue - 1} (min ${minValue})` });
		if (maxValue !== undefined) values.push({ value: maxValue + 1, why: `${maxValue + 1} (max ${maxValue})` });
		if (minValue !== undefined || maxValue !== undefined) values.push({ value: 'abc', why: 'not a number' });
	}
	return values;
}

interface Base {
	resource: string;
	operation: string;
	label?: string;
	parameters: IDataObject;
	input?: (index: number) => INodeExecutionData;
	/** Also fuzz Request Options here (they are the same code for every operation of an API). */
	requestOptions?: boolean;
	fixtures?: (sandbox: Sandbox) => Promise<IDataObject>;
	/** Kinds that differ from the usual for this parameter set (SWIFT accounts need not be IBANs). */
	kinds?: Record<string, Kind>;
}

async function v2Call(sandbox: Sandbox, method: string, path: string, body?: IDataObject, headers: Record<string, string> = {}): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `ApiKey ${sandbox.keys.v2ApiKey}`, ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json;
}

const fixedLink = (reference: string): IDataObject => ({
	useCase: 'education_provider_tuition',
	deliveryMode: 'reusable_payment_link',
	amountMode: 'fixed_payee_amounts',
	payer: { role: 'unknown_link_payer' },
	recipients: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { payeeAmount: '100.00', currency: 'AUD' } }],
	instructions: { paymentLink: { reference, includeCreatedByText: true } },
	termsAccepted: true,
});

const draftIntent = async (sandbox: Sandbox): Promise<IDataObject> => ({ intentId: String((await v2Call(sandbox, 'POST', '/v2/payment-intents', fixedLink('CMP-DRAFT'))).id) });

const publishedLink = async (sandbox: Sandbox): Promise<IDataObject> => {
	const id = String((await v2Call(sandbox, 'POST', '/v2/payment-intents', fixedLink('CMP-LINK'))).id);
	await v2Call(sandbox, 'POST', `/v2/payment-intents/${id}/dry-run`);
	await v2Call(sandbox, 'POST', `/v2/payment-intents/${id}/submit`, undefined, { 'idempotency-key': 'cmp-fixture-submit' });
	const intent = sandbox.intents().find((entry) => entry.id === id);
	return { intentId: id, publicLinkId: String(intent?.publicLinkId) };
};

const fileInput = (index: number): INodeExecutionData => ({
	json: { n: index, invoiceNumber: `INV-${index}` },
	binary: { file: { data: Buffer.from(`%PDF-1.4 campaign ${index}`).toString('base64'), mimeType: 'application/pdf', fileName: `doc-${index}.pdf`, fileExtension: 'pdf' } },
});

const provider = { role: 'education_provider', connectorPayeeId: 123, order: 1 };
const tenant = { role: 'tenant', connectorPayeeId: 14001, order: 2 };
const sepa = {
	networkType: 'SEPA',
	account: OWN_IBAN,
	amount: '45.00',
	beneficiaryName: 'John Smith',
	beneficiaryAccount: EXTERNAL_IBAN,
	beneficiaryReference: 'Invoice 1',
	beneficiaryAddress: 'New Street 25, Vilnius',
	additionalFields: { externalPaymentIdFields: 'invoiceNumber' },
	// Short waits, so a wait option that is shown by the matrix cannot hold the run for minutes.
	paymentOptions: { waitTimeoutSeconds: 1, pollIntervalSeconds: 0.1 },
};

export const BASES: Base[] = [
	{
		resource: 'paymentLink',
		operation: 'create',
		label: 'fixed amount',
		parameters: {
			linkScenario: 'education_provider_tuition',
			linkRecipients: { recipient: [{ ...provider, payeeAmount: '10000', currency: 'AUD' }] },
			linkReference: 'INV-2026-001',
			linkDisplayCurrency: 'AUD',
			linkOptions: {},
		},
	},
	{
		resource: 'paymentLink',
		operation: 'create',
		label: 'split in percent',
		parameters: {
			linkScenario: 'education_provider_tuition_with_tenant_split',
			linkShareUnit: 'percent',
			linkDisplayCurrency: 'AUD',
			linkRecipients: { recipient: [{ ...provider, share: '70', currency: 'AUD' }, { ...tenant, share: '30', currency: 'AUD' }] },
			linkOptions: {},
		},
	},
	{ resource: 'paymentLink', operation: 'getRequirements', parameters: { linkScenario: 'education_provider_tuition' } },
	{ resource: 'paymentLink', operation: 'getSubmissions', parameters: { linkPaymentIntentId: '$intentId', returnAll: false, limit: 10 }, fixtures: publishedLink },
	{ resource: 'paymentLink', operation: 'getPublicDetails', parameters: { publicLinkId: '$publicLinkId' }, fixtures: publishedLink },
	{ resource: 'paymentLink', operation: 'getQuote', parameters: { publicLinkId: '$publicLinkId', payerCountryCode: 'DE', quoteAmount: '' }, fixtures: publishedLink },
	{ resource: 'paymentLink', operation: 'getStatus', parameters: { publicLinkId: '$publicLinkId', submissionPaymentIntentId: '' }, fixtures: publishedLink },
	{
		resource: 'paymentIntent',
		operation: 'create',
		label: 'form',
		parameters: {
			intentBodySource: 'form',
			intentUseCase: 'education_provider_tuition',
			intentDeliveryMode: 'manual',
			intentPayerRole: 'student',
			intentRecipients: { recipient: [{ ...provider, payeeAmount: '2500', currency: 'GBP' }] },
			intentAdditionalFields: { payerDetails: '{"name": "Ana Lima"}', displayCurrency: 'GBP', reference: 'INV-7' },
		},
	},
	{ resource: 'paymentIntent', operation: 'create', label: 'JSON body', parameters: { intentBodySource: 'json', intentJsonBody: JSON.stringify(fixedLink('CMP-JSON')) } },
	{ resource: 'paymentIntent', operation: 'get', parameters: { paymentIntentId: '$intentId' }, fixtures: draftIntent },
	{ resource: 'paymentIntent', operation: 'getMany', parameters: { returnAll: false, limit: 10, intentFilters: {} }, fixtures: draftIntent },
	{ resource: 'paymentIntent', operation: 'getRequirements', parameters: { intentUseCase: 'education_provider_tuition', intentDeliveryMode: 'manual', intentPayerRole: 'student' } },
	{ resource: 'paymentIntent', operation: 'dryRun', parameters: { paymentIntentId: '$intentId' }, fixtures: draftIntent },
	{ resource: 'paymentIntent', operation: 'submit', parameters: { paymentIntentId: '$intentId', submitOptions: {} }, fixtures: draftIntent },
	{ resource: 'payment', operation: 'get', parameters: { v2PaymentId: '123' }, requestOptions: true },
	{ resource: 'payment', operation: 'getMany', parameters: { returnAll: false, limit: 10, paymentFilters: {} } },
	{ resource: 'conversation', operation: 'get', parameters: { v2PaymentId: '123', conversationOptions: {} } },
	{ resource: 'conversation', operation: 'sendMessage', parameters: { v2PaymentId: '125', messageText: 'Is the invoice paid?', messageOptions: {} }, input: fileInput },
	{ resource: 'conversation', operation: 'checkUnread', parameters: { v2PaymentId: '123' } },
	{
		resource: 'conversation',
		operation: 'downloadAttachment',
		parameters: { v2PaymentId: '123', attachmentDocumentId: '$attachmentId', binaryPropertyName: 'file' },
		fixtures: async (sandbox) => {
			const message = sandbox.addAdminMessage(123, 'Receipt attached', [{ fileName: 'receipt.pdf', content: '%PDF-1.4 receipt' }]);
			return { attachmentId: String((message.attachments as IDataObject[])[0].id) };
		},
	},
	{ resource: 'conversation', operation: 'close', parameters: { v2PaymentId: '123' } },
	{ resource: 'document', operation: 'upload', parameters: { binaryPropertyName: 'file', documentType: 'passport', documentOptions: {} }, input: fileInput },
	{ resource: 'euroWalletAccount', operation: 'createIban', parameters: { tagName: 'Campaign' } },
	{ resource: 'euroWalletAccount', operation: 'getMany', parameters: { allAccounts: true }, requestOptions: true },
	{ resource: 'euroWalletAccount', operation: 'getDepositDetails', parameters: {} },
	{ resource: 'euroWalletPayment', operation: 'create', label: 'SEPA', parameters: sepa },
	{
		resource: 'euroWalletPayment',
		operation: 'create',
		label: 'SWIFT',
		kinds: { beneficiaryAccount: 'swiftAccount' },
		parameters: {
			...sepa,
			networkType: 'SWIFT',
			currency: 'USD',
			beneficiaryAddress: undefined,
			beneficiaryBankBic: 'DEUTDEFF',
			beneficiaryBankName: 'Deutsche Bank AG',
			beneficiaryAddressStreet: 'Taunusanlage 12',
			beneficiaryAddressTown: 'Frankfurt am Main',
			beneficiaryAddressCountry: 'DE',
		},
	},
	{ resource: 'euroWalletPayment', operation: 'getCommission', parameters: { networkType: 'SEPA', beneficiaryBankAccount: EXTERNAL_IBAN, amount: '10.00' } },
	{ resource: 'euroWalletPayment', operation: 'getStatus', label: 'by payment ID', parameters: { lookupBy: 'paymentId', paymentId: '$ewPaymentId' }, fixtures: ewPayment },
	{ resource: 'euroWalletPayment', operation: 'getStatus', label: 'by external ID', parameters: { lookupBy: 'externalPaymentId', externalPaymentId: 'CMP-EXT-1' }, fixtures: ewPayment },
	{ resource: 'euroWalletPayment', operation: 'get', label: 'by payment ID', parameters: { lookupBy: 'paymentId', paymentId: '$ewPaymentId' }, fixtures: ewPayment },
	{ resource: 'euroWalletPayment', operation: 'get', label: 'by external ID', parameters: { lookupBy: 'externalPaymentId', externalPaymentId: 'CMP-EXT-1' }, fixtures: ewPayment },
	{ resource: 'euroWalletPayment', operation: 'getHistory', parameters: { account: OWN_IBAN, fromDate: '2026-01-01', toDate: '2026-12-31', output: 'entries', direction: 'both' } },
	{ resource: 'euroWalletPayment', operation: 'getFxRate', parameters: { currency: 'USD' } },
	{ resource: 'euroWalletPayment', operation: 'getSwiftCurrencies', parameters: {} },
];

/** A EuroWallet payment with external payment ID CMP-EXT-1, made through the node itself. */
async function ewPayment(sandbox: Sandbox): Promise<IDataObject> {
	const { items, error } = await runNexpay(sandbox, { ...sepa, resource: 'euroWalletPayment', operation: 'create', additionalFields: { externalPaymentId: 'CMP-EXT-1' } }, [{ json: {} }]);
	if (error) throw error;
	return { ewPaymentId: String(items[0].json.paymentId) };
}

async function runNexpay(sandbox: Sandbox, parameters: IDataObject, input: INodeExecutionData[]): Promise<RunNodeResult> {
	try {
		return await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: { ...v2Credentials(sandbox), ...euroWalletCredentials(sandbox) },
			node: { type: 'nexpay', parameters: { requestOptions: FAST, ...parameters } as INodeParameters },
			input,
		});
	} catch (error) {
		// n8n refuses to start a workflow whose node has issues (an empty required field): nothing runs.
		return { items: [], outputs: [], error: error as Error, runData: {}, result: undefined as never };
	}
}

/** Base parameters as n8n stores them: a picker (resource locator) holds {__rl, mode, value}. */
function asStored(base: Base, fixtures: IDataObject): IDataObject {
	const parameters = resolvePlaceholders({ resource: base.resource, operation: base.operation, ...base.parameters }, fixtures) as IDataObject;
	for (const property of new Nexpay().description.properties) {
		if (property.type !== 'resourceLocator' || typeof parameters[property.name] !== 'string') continue;
		if (!visible(property, parameters, parameters)) continue;
		parameters[property.name] = { __rl: true, mode: 'list', value: parameters[property.name] as string };
	}
	return parameters;
}

function resolvePlaceholders(value: unknown, fixtures: IDataObject): unknown {
	if (typeof value === 'string' && value.startsWith('$') && value.slice(1) in fixtures) return fixtures[value.slice(1)];
	if (Array.isArray(value)) return value.map((entry) => resolvePlaceholders(entry, fixtures));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, resolvePlaceholders(entry, fixtures)]));
	}
	return value;
}

/** displayOptions.show/hide against the values a field sits among ('/name' reaches the root). */
function visible(property: { displayOptions?: INodeProperties['displayOptions'] }, siblings: IDataObject, root: IDataObject): boolean {
	const valueOf = (key: string): unknown => (key.startsWith('/') ? root[key.slice(1)] : siblings[key]);
	for (const [key, allowed] of Object.entries(property.displayOptions?.show ?? {})) {
		if (!(allowed ?? []).includes(valueOf(key) as never)) return false;
	}
	for (const [key, hidden] of Object.entries(property.displayOptions?.hide ?? {})) {
		if ((hidden ?? []).includes(valueOf(key) as never)) return false;
	}
	return true;
}

interface Case {
	base: Base;
	/** Path of the value in the parameters, e.g. ['linkRecipients', 'recipient', 0, 'share']. */
	path: (string | number)[];
	property: INodeProperties;
	bad: BadValue;
	/** Sibling values a collection option needs to be shown (e.g. waitForFinalStatus for Max Wait). */
	siblings?: IDataObject;
}

/** Every (field, bad value) of every base, from the node description; `perField` keeps the first n values of each field. */
export function generateCases(bases: Base[] = BASES, perField = Infinity): Case[] {
	const properties = new Nexpay().description.properties;
	const cases: Case[] = [];
	const seen = new Set<string>();
	for (const base of bases) {
		const root: IDataObject = { resource: base.resource, operation: base.operation, ...base.parameters };
		const add = (path: (string | number)[], property: INodeProperties, required: boolean, siblings?: IDataObject): void => {
			const key = `${base.resource}.${base.operation}.${path.filter((part) => typeof part === 'string').join('.')}`;
			if (seen.has(key)) return;
			const bads = badValues(property, required, base);
			if (!bads.length) return;
			seen.add(key);
			for (const bad of bads.slice(0, perField)) cases.push({ base, path, property, bad, siblings });
		};
		for (const property of properties) {
			if (property.name === 'resource' || property.name === 'operation' || property.type === 'notice') continue;
			if (property.name === 'requestOptions' && !base.requestOptions) continue;
			if (!visible(property, root, root)) continue;
			if (property.type === 'collection') {
				const given = (root[property.name] ?? {}) as IDataObject;
				for (const option of (property.options ?? []) as INodeProperties[]) {
					if (option.type === 'fixedCollection') {
						// Batching is shown for the v2 resources only ('/resource').
						if (!visible(option, given, root)) continue;
						for (const group of (option.options ?? []) as INodePropertyCollection[]) {
							for (const value of group.values) add([property.name, option.name, group.name, value.name], value, false);
						}
						continue;
					}
					const siblings: IDataObject = {};
					for (const [key, allowed] of Object.entries(option.displayOptions?.show ?? {})) siblings[key] = (allowed ?? [])[0] as never;
					if (!visible(option, { ...given, ...siblings }, root)) continue;
					add([property.name, option.name], option, false, siblings);
				}
			} else if (property.type === 'fixedCollection') {
				for (const group of (property.options ?? []) as INodePropertyCollection[]) {
					const rows = ((root[property.name] as IDataObject | undefined)?.[group.name] ?? []) as IDataObject[];
					if (!rows.length) continue;
					for (const value of group.values) {
						if (!(value.name in rows[rows.length - 1])) continue;
						add([property.name, group.name, rows.length - 1, value.name], value, value.name === 'connectorPayeeId' || value.name === 'payeeAmount' || value.name === 'share');
					}
				}
			} else if (property.type === 'resourceLocator') {
				add([property.name, 'value'], property, property.required === true);
			} else {
				add([property.name], property, property.required === true);
			}
		}
	}
	return cases;
}

function getPath(target: IDataObject, path: (string | number)[]): unknown {
	let node: unknown = target;
	for (const part of path) node = (node as Record<string | number, unknown> | undefined)?.[part];
	return node;
}

function setPath(target: IDataObject, path: (string | number)[], value: unknown): void {
	let node = target as Record<string | number, unknown>;
	for (const part of path.slice(0, -1)) {
		node[part] ??= typeof part === 'number' ? [] : {};
		node = node[part] as Record<string | number, unknown>;
	}
	node[path[path.length - 1]] = value;
}

/** The field reads its value from the item, so each item can carry its own (valid or bad) value. */
const FROM_ITEM = '={{ $json.campaignValue }}';

/** Options that steer the node itself (retries, batching, waiting); their values are never sent to Nexpay. */
const SETTING = /^(requestOptions|paymentOptions)\./;

/** Settings of the whole run, read from the first item (how many items are in flight): item 1's value is not used. */
const PER_RUN = /^requestOptions\.batching\./;

/**
 * Choice lists that offer values of Nexpay's own vocabulary, which the docs show by example and never close
 * (roles, use cases, delivery and amount modes, document types): the node passes an unlisted value on and
 * Nexpay decides, so a value Nexpay adds later can be used before the node lists it.
 */
export const OPEN_VOCABULARY = /(^|\.)(role|intentUseCase|intentDeliveryMode|intentAmountMode|deliveryMode|documentType|attachmentDocumentType)$/;

export interface CaseOutcome {
	/** A Request Options or Wait for Final Status setting rather than data for Nexpay. */
	setting: boolean;
	/** A fixed choice list (options field) given a value outside it by an expression. */
	choice: boolean;
	/** A choice list of Nexpay's open vocabulary: an unlisted value is Nexpay's to accept or refuse. */
	openVocabulary: boolean;
	/** No error, no request, no output item. */
	droppedSilently: boolean;
	operation: string;
	field: string;
	why: string;
	reached: number;
	refused: boolean;
	namesFieldAndItem: boolean;
	message: string;
}

export interface BadInputResult {
	table: PartTable;
	outcomes: CaseOutcome[];
	cases: number;
	reached: number;
	refusedNamingFieldAndItem: number;
	baselineFailures: string[];
}

/** One line per field, bad value and outcome, naming the operations it happened in. */
function groupFindings(findings: CaseOutcome[]): string[] {
	const describe = (outcome: CaseOutcome): string =>
		outcome.reached > 0
			? 'sent, no error'
			: outcome.droppedSilently
				? 'nothing sent, no error and no output item: the item is dropped silently'
				: `refused: "${oneLine(outcome.message, 160)}"`;
	const groups = new Map<string, { field: string; why: string; outcome: string; operations: string[]; requests: number[] }>();
	for (const finding of findings) {
		const outcome = describe(finding);
		const key = `${finding.field}|${finding.why}|${outcome}`;
		const group = groups.get(key) ?? { field: finding.field, why: finding.why, outcome, operations: [], requests: [] };
		group.operations.push(finding.operation);
		group.requests.push(finding.reached);
		groups.set(key, group);
	}
	return [...groups.values()].map(
		(group) =>
			`- **${group.field}** = ${group.why} (${group.operations.join('; ')}): ${group.outcome}${group.requests.some((n) => n > 0) ? ` (${group.requests.join(' / ')} requests)` : ''}`,
	);
}

export async function runBadInputCampaign(options: { evidence: Evidence; bases?: Base[]; perField?: number }): Promise<BadInputResult> {
	const sandbox = await startSandbox({ port: 0, seed: 4, keys: CAMPAIGN_KEYS });
	const cases = generateCases(options.bases, options.perField);
	const outcomes: CaseOutcome[] = [];
	const baselineFailures: string[] = [];
	const baselines = new Set<Base>();
	const inputOf = (base: Base, values?: unknown[]): INodeExecutionData[] =>
		(values ?? [undefined]).map((value, index) => {
			const item = base.input ? base.input(index) : { json: { n: index, invoiceNumber: `INV-${index}` } };
			return values ? { ...item, json: { ...item.json, campaignValue: value as never } } : item;
		});
	const prepare = async (base: Base): Promise<IDataObject> => {
		sandbox.reset();
		return base.fixtures ? await base.fixtures(sandbox) : {};
	};
	try {
		for (const base of new Set(cases.map((entry) => entry.base))) {
			if (process.env.CAMPAIGN_DEBUG) process.stderr.write(`baseline ${base.resource}.${base.operation}\n`);
			const fixtures = await prepare(base);
			const before = sandbox.requests().length;
			const result = await runNexpay(sandbox, asStored(base, fixtures), inputOf(base));
			options.evidence.scanRun(`bad input baseline ${base.resource}.${base.operation}`, result);
			if (result.error) baselineFailures.push(`${base.resource} → ${base.operation}${base.label ? ` (${base.label})` : ''}: ${result.error.message}`);
			if (sandbox.requests().length === before) baselineFailures.push(`${base.resource} → ${base.operation}: sent nothing`);
			baselines.add(base);
		}
		for (const entry of cases) {
			const { base, path, property, bad } = entry;
			if (process.env.CAMPAIGN_DEBUG) process.stderr.write(`case ${base.resource}.${base.operation} ${path.join('.')} ${bad.why}\n`);
			const fixtures = await prepare(base);
			const parameters = asStored(base, fixtures);
			for (const [key, value] of Object.entries(entry.siblings ?? {})) setPath(parameters, [...path.slice(0, -1), key], value);
			// A setting left at its default is absent from the stored parameters: item 0 gets the default then.
			const good = getPath(parameters, path) ?? property.default;
			setPath(parameters, path, FROM_ITEM);
			// Alone, the bad item must send nothing at all.
			const before = sandbox.requests().length;
			const alone = await runNexpay(sandbox, parameters, inputOf(base, [bad.value]));
			options.evidence.scanRun(`bad input ${base.resource}.${base.operation}.${String(path[path.length - 1])}`, alone);
			const reached = sandbox.requests().length - before;
			// After a valid item, the error must name the item (1).
			const second = await runNexpay(sandbox, parameters, inputOf(base, [good ?? '', bad.value]));
			options.evidence.scanRun(`bad input ${base.resource}.${base.operation}.${String(path[path.length - 1])} (item 1)`, second);
			const error = alone.error;
			const refused = error instanceof NodeOperationError || (error !== undefined && reached === 0 && !('httpCode' in error));
			const field = path.filter((part) => typeof part === 'string').join('.');
			const perRun = PER_RUN.test(field);
			const message = (perRun ? error?.message : second.error?.message) ?? '(no error)';
			const namesItem = perRun ? message.includes('[item 0]') : message.includes('[item 1]') && (error?.message ?? '').includes('[item 0]');
			const choice = property.type === 'options' && !property.typeOptions?.loadOptionsMethod;
			outcomes.push({
				operation: `${base.resource} → ${base.operation}${base.label ? ` (${base.label})` : ''}`,
				field,
				why: bad.why,
				reached,
				refused: refused && reached === 0,
				namesFieldAndItem: refused && reached === 0 && message.includes(labelOf(property)) && namesItem,
				message,
				setting: SETTING.test(field),
				choice,
				openVocabulary: choice && OPEN_VOCABULARY.test(field),
				droppedSilently: error === undefined && reached === 0 && alone.items.length === 0,
			});
		}
	} finally {
		await sandbox.close();
	}

	const rowOf = (label: string, group: CaseOutcome[]): (string | number)[] => [
		label,
		new Set(group.map((outcome) => outcome.operation.replace(/ \(.*\)$/, ''))).size,
		new Set(group.map((outcome) => `${outcome.operation.replace(/ \(.*\)$/, '')}.${outcome.field}`)).size,
		group.length,
		group.filter((outcome) => outcome.refused).length,
		group.filter((outcome) => outcome.reached > 0).length,
		group.reduce((sum, outcome) => sum + outcome.reached, 0),
		group.filter((outcome) => outcome.namesFieldAndItem).length,
	];
	const data = outcomes.filter((outcome) => !outcome.setting && !outcome.choice);
	const choices = outcomes.filter((outcome) => !outcome.setting && outcome.choice && !outcome.openVocabulary);
	const openChoices = outcomes.filter((outcome) => outcome.openVocabulary);
	const settings = outcomes.filter((outcome) => outcome.setting);
	const resources = [...new Set(data.map((outcome) => outcome.operation.split(' → ')[0]))];
	const rows = resources.map((resource) => rowOf(resource, data.filter((outcome) => outcome.operation.startsWith(`${resource} → `))));
	rows.push(rowOf('**all data fields**', data));
	if (choices.length) rows.push(rowOf('choice lists set by an expression', choices));
	if (openChoices.length) rows.push(rowOf("Nexpay's open vocabularies set by an expression (passed on)", openChoices));
	if (settings.length) rows.push(rowOf('settings: Request Options, Wait for Final Status', settings));
	const findings = outcomes.filter((outcome) => !outcome.openVocabulary && (outcome.reached > 0 || !outcome.namesFieldAndItem));
	const operationsCovered = new Set(BASES.map((base) => `${base.resource}.${base.operation}`));
	const allOperations = new Set(
		new Nexpay().description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => ((property.options ?? []) as { value: string }[]).map((option) => `${String(property.displayOptions?.show?.resource?.[0])}.${option.value}`)),
	);
	const uncovered = [...allOperations].filter((operation) => !operationsCovered.has(operation));
	return {
		table: {
			title: '4. Bad input: a matrix generated from the node description',
			columns: ['resource', 'operations', 'fields', 'bad values', 'refused before sending', 'cases that reached the sandbox', 'requests that reached the sandbox', 'errors naming field and item'],
			rows,
			notes: [
				`Each operation runs first with a valid parameter set (${baselines.size} sets, ${baselineFailures.length} failed${baselineFailures.length ? `: ${baselineFailures.join('; ')}` : ''}); then, for every field its displayOptions show, the field reads its value from the item and an item gets an invalid value of the field's kind (amount, IBAN, BIC, currency, country, ID, share, date, JSON, length from the description or the API docs, number range from typeOptions, binary field) or, when required, an empty one. Alone, that item must send nothing (every request of the run is counted) and fail naming the field and [item 0]; after a valid item 0, the error must name [item 1]. Fixed choice lists get a value outside the list (only an expression can set one; they have their own row; the lists of Nexpay's own vocabulary, which the docs show by example and never close, are passed on for Nexpay to judge and have a row of their own: ${[...new Set(openChoices.map((outcome) => outcome.field))].join(', ')}); the batching settings apply to the whole run and are read from the first item, so their error names [item 0]; booleans are not in the matrix; Request Options are checked once per API (Payment → Get, EuroWallet Account → Get Many). Operations: ${operationsCovered.size} of ${allOperations.size}${uncovered.length ? ` (not covered: ${uncovered.join(', ')})` : ''}.`,
				...(findings.length ? [`Findings (${findings.length} cases):`, '', ...groupFindings(findings)] : []),
			],
		},
		outcomes,
		cases: data.length,
		reached: data.filter((outcome) => outcome.reached > 0).length,
		refusedNamingFieldAndItem: data.filter((outcome) => outcome.namesFieldAndItem).length,
		baselineFailures,
	};
}
