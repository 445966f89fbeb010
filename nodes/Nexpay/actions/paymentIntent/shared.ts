import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import type { ListOptions } from '../../helpers/pagination';
import {
	choiceValues,
	optionalString,
	requireChoice,
	requireString,
	shareToBasisPoints,
	validateAmount,
	validateCurrency,
	validatePositiveInteger,
	validateSharesTotal,
	type FieldContext,
	type ShareUnit,
} from '../../helpers/validation';
import { intentLocator } from '../listSearch';

type Show = Record<string, Array<string | number | boolean>>;

export const FIXED = 'fixed_payee_amounts';
export const SPLIT = 'free_entry_with_portions';
export const LINK_DELIVERY_MODE = 'reusable_payment_link';
export const LINK_PAYER_ROLE = 'unknown_link_payer';

/** The use cases the docs describe, shared by the link scenarios and the general intent form. */
export const USE_CASE_OPTIONS = [
	{
		name: 'Education Provider Tuition',
		value: 'education_provider_tuition',
		description: 'A student pays one provider a fixed amount (education_provider_tuition)',
	},
	{
		name: 'Education Provider Tuition With Tenant Split',
		value: 'education_provider_tuition_with_tenant_split',
		description: 'The payer enters a total that is split between the provider and your tenant',
	},
	{
		name: 'Generic Service Invoice',
		value: 'generic_service_invoice',
		description: 'A partner pays your tenant a fixed invoice amount',
	},
	{
		name: 'Owed Commission Invoice',
		value: 'owed_commission_invoice',
		description: 'A partner pays commission it owes your tenant, as a fixed amount',
	},
];

// ---------------------------------------------------------------------------------------------
// IDs

export function intentIdField(name: string, show: Show, description: string): INodeProperties {
	return intentLocator({ name, displayName: 'Payment Intent ID', description, show });
}

// ---------------------------------------------------------------------------------------------
// Lists

export function listFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

export function readListOptions(context: IExecuteFunctions, itemIndex: number): ListOptions {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return { returnAll: true, limit: 0 };
	const field: FieldContext = { node: context.getNode(), itemIndex };
	return { returnAll: false, limit: validatePositiveInteger(field, 'Limit', context.getNodeParameter('limit', itemIndex, 50)) };
}

// ---------------------------------------------------------------------------------------------
// Recipients

export const SHARE_UNIT_HINT = 'Percent: 70 means 70 %. Basis points: 7000 means 70 % (10000 = 100 %). The shares must add up to 100 % (10000 basis points).';

export function shareUnitField(name: string, show: Show): INodeProperties {
	return {
		displayName: 'Shares Entered In',
		name,
		type: 'options',
		options: [
			{ name: 'Basis Points', value: 'basisPoints', description: '7000 = 70 %, as Nexpay stores it (portionBps); they must total 10000' },
			{ name: 'Percent', value: 'percent', description: '70 = 70 % (up to two decimals, e.g. 33.33); they must total 100' },
		],
		default: 'percent',
		description: 'How the Share of each recipient is written; the node converts percentages to basis points exactly',
		hint: SHARE_UNIT_HINT,
		displayOptions: { show },
	};
}

/** Shares Entered In for the item; a value no list offers is refused, never read as percent. */
export function readShareUnit(context: IExecuteFunctions, itemIndex: number, name: string): ShareUnit {
	const value = context.getNodeParameter(name, itemIndex, 'percent');
	return requireChoice({ node: context.getNode(), itemIndex }, 'Shares Entered In', value, choiceValues(shareUnitField(name, {}))) as ShareUnit;
}

/** Display Currency Source (instructions.paymentLink.displayCurrencySource), as the payment link docs list its values. */
export function displayCurrencySourceOption(description: string): INodeProperties {
	return {
		displayName: 'Display Currency Source',
		name: 'displayCurrencySource',
		type: 'options',
		options: [
			{ name: 'Display Currency Field', value: 'explicit', description: 'Use the Display Currency as entered' },
			{ name: 'First Recipient’s Currency', value: 'first_recipient_currency', description: 'Only for older integrations that relied on it' },
			{
				name: 'Primary Recipient’s Currency',
				value: 'primary_recipient_currency',
				description: 'The currency of the recipient Nexpay treats as primary (recommended when no Display Currency is set)',
			},
		],
		default: 'explicit',
		description,
	};
}

/** Display Currency Source from an options collection: unset, or one of the documented values. */
export function readDisplayCurrencySource(field: FieldContext, value: unknown): string | undefined {
	if (value === undefined || value === '') return undefined;
	return requireChoice(field, 'Display Currency Source', value, choiceValues(displayCurrencySourceOption('')));
}

/*
 * The fields of a recipient row that do not depend on the amount mode. Named so the row can list them in
 * the order a person fills it; n8n-nodes-base's alphabetize rule is meant for option lists people scan.
 */
const payeeField: INodeProperties = {
	displayName: 'Connector Payee ID',
	name: 'connectorPayeeId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '123',
	description:
		'The saved payee that receives the money (Nexpay Dashboard → Payees). For your own tenant use its ID from Settings → Organization; sandbox and production IDs differ.',
};

const roleField: INodeProperties = {
	displayName: 'Role',
	name: 'role',
	type: 'options',
	options: [
		{ name: 'Education Provider', value: 'education_provider', description: 'A university, school or other provider' },
		{ name: 'Tenant', value: 'tenant', description: 'Your own organization (the owner of the API key)' },
	],
	default: 'education_provider',
	description: 'Who this recipient is',
};

const currencyField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	default: '',
	placeholder: 'AUD',
	description: 'Three-letter currency code the recipient is paid in. Empty means the Display Currency.',
};

const orderField: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'Position of the recipient (1 = first, the primary one). 0 means its place in this list.',
};

const splitRoleField: INodeProperties = {
	displayName: 'Split Role',
	name: 'splitRole',
	type: 'options',
	options: [
		{
			name: 'Auto (From Role)',
			value: 'auto',
			description: 'Principal provider amount for a provider; tenant commission for your tenant in a split',
		},
		{ name: 'None', value: 'none', description: 'Send no split role' },
		{ name: 'Principal Provider Amount', value: 'principal_provider_amount' },
		{ name: 'Tenant Commission', value: 'tenant_commission' },
	],
	default: 'auto',
	description: 'What this recipient’s part of the payment is',
};

/**
 * The recipient list. `fixedWhen` / `splitWhen` are root-parameter conditions (e.g.
 * `{ '/linkScenario': [...] }`) that show the Amount or the Share of each recipient.
 */
export function recipientsField(name: string, show: Show, fixedWhen: Show, splitWhen: Show, description: string): INodeProperties {
	return {
		displayName: 'Recipients',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Recipient',
		default: {},
		required: true,
		description,
		displayOptions: { show },
		options: [
			{
				displayName: 'Recipient',
				name: 'recipient',
				// In the order a person fills a row (not alphabetical): who, their role, how much, in what currency.
				values: [
					payeeField,
					roleField,
					{
						displayName: 'Amount',
						name: 'payeeAmount',
						type: 'string',
						default: '',
						placeholder: '10000.00',
						description: 'What this recipient receives, as a decimal with at most two decimals (no currency sign)',
						displayOptions: { show: fixedWhen },
					},
					{
						displayName: 'Share',
						name: 'share',
						type: 'string',
						default: '',
						placeholder: '70',
						description: 'This recipient’s part of the total the payer enters, in the unit chosen in "Shares Entered In"',
						displayOptions: { show: splitWhen },
					},
					currencyField,
					orderField,
					splitRoleField,
				],
			},
		],
	};
}

interface RecipientRow {
	role?: string;
	order?: number;
	connectorPayeeId?: number | string;
	splitRole?: string;
	payeeAmount?: string;
	share?: string | number;
	currency?: string;
}

export interface ReadRecipientsOptions {
	/** The fixedCollection parameter. */
	parameter: string;
	amountMode: string;
	shareUnit: ShareUnit;
	/** Used for a recipient whose Currency is empty. */
	defaultCurrency?: string;
}

/**
 * The recipients as the API wants them, every value checked: amounts (fixed) or shares that
 * total exactly 10000 basis points (split), currencies, payee IDs and unique orders.
 */
export function readRecipients(context: IExecuteFunctions, itemIndex: number, options: ReadRecipientsOptions): IDataObject[] {
	const node = context.getNode();
	const field: FieldContext = { node, itemIndex };
	const rows = ((context.getNodeParameter(options.parameter, itemIndex, {}) as IDataObject).recipient ?? []) as RecipientRow[];
	if (!Array.isArray(rows) || rows.length === 0) throw invalidInput(node, itemIndex, 'Recipients', 'needs at least one recipient');
	const split = options.amountMode === SPLIT;

	const recipients = rows.map((row, index) => {
		const label = `Recipient ${index + 1}`;
		const role = requireString(field, `${label} Role`, row.role ?? 'education_provider');
		if (row.connectorPayeeId === undefined || row.connectorPayeeId === '' || Number(row.connectorPayeeId) === 0) {
			throw invalidInput(node, itemIndex, `${label} Connector Payee ID`, 'is required (the payee’s ID from the Nexpay Dashboard → Payees)');
		}
		const connectorPayeeId = validatePositiveInteger(field, `${label} Connector Payee ID`, row.connectorPayeeId);
		const givenOrder = Number(row.order ?? 0);
		const order = givenOrder === 0 ? index + 1 : validatePositiveInteger(field, `${label} Order`, row.order);
		const currencyText = optionalString(field, `${label} Currency`, row.currency) ?? options.defaultCurrency;
		if (!currencyText) {
			throw invalidInput(node, itemIndex, `${label} Currency`, 'is required (or set the Display Currency, which empty recipient currencies follow)');
		}
		const currency = validateCurrency(field, `${label} Currency`, currencyText);
		const amount: IDataObject = split
			? { portionBps: shareToBasisPoints(field, `${label} Share`, row.share, options.shareUnit), currency }
			: { payeeAmount: validateAmount(field, `${label} Amount`, row.payeeAmount), currency };
		const splitRole = resolveSplitRole(row.splitRole ?? 'auto', role, split);
		return { role, order, connectorPayeeId, ...(splitRole ? { splitRole } : {}), amount };
	});

	const orders = recipients.map((recipient) => recipient.order);
	const repeated = orders.find((order, index) => orders.indexOf(order) !== index);
	if (repeated !== undefined) {
		throw invalidInput(node, itemIndex, 'Recipients', `use Order ${repeated} more than once; each recipient needs its own position`);
	}
	if (split) checkSharesTotal(field, recipients.map((recipient) => (recipient.amount as IDataObject).portionBps as number), options.shareUnit);
	return recipients;
}

function resolveSplitRole(choice: string, role: string, split: boolean): string | undefined {
	if (choice === 'none') return undefined;
	if (choice !== 'auto') return choice;
	if (role === 'education_provider') return 'principal_provider_amount';
	if (role === 'tenant' && split) return 'tenant_commission';
	return undefined;
}

/** Shares must total 10000 bps; 100 "basis points" in all almost always means percentages were typed. */
export function checkSharesTotal(
	field: FieldContext,
	basisPoints: number[],
	unit: ShareUnit,
	percentHint = 'set "Shares Entered In" to Percent, or multiply each share by 100 (30 % = 3000)',
): void {
	const total = basisPoints.reduce((sum, share) => sum + share, 0);
	if (unit === 'basisPoints' && total === 100) {
		throw invalidInput(
			field.node,
			field.itemIndex,
			'Recipient Shares',
			`total 100 basis points (1 %); they must total exactly 10000 basis points. It looks like percentages: ${percentHint}`,
		);
	}
	validateSharesTotal(field, 'Recipient Shares', basisPoints, unit);
}

// ---------------------------------------------------------------------------------------------
// Use case, delivery mode, amount mode and payer role (Payment Intent → Create and Get Requirements)

export interface IntentShape {
	useCase: string;
	deliveryMode: string;
	amountMode: string;
	payerRole: string;
}

export function intentShapeFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Use Case',
			name: 'intentUseCase',
			type: 'options',
			options: USE_CASE_OPTIONS,
			default: 'education_provider_tuition',
			description: 'What the payment is for; Nexpay picks its rules and connector by it',
			displayOptions: { show },
		},
		{
			displayName: 'Delivery Mode',
			name: 'intentDeliveryMode',
			type: 'options',
			options: [
				{ name: 'Manual', value: 'manual', description: 'You (the operator) drive the payment' },
				{ name: 'Reusable Payment Link', value: LINK_DELIVERY_MODE, description: 'A URL many payers can open and pay' },
			],
			default: 'manual',
			displayOptions: { show },
		},
		{
			displayName: 'Amount Mode',
			name: 'intentAmountMode',
			type: 'options',
			options: [
				{ name: 'Fixed Payee Amounts', value: FIXED, description: 'Each recipient gets a set amount' },
				{ name: 'Free Entry With Portions', value: SPLIT, description: 'The payer enters a total, split between recipients by share' },
			],
			default: FIXED,
			displayOptions: { show },
		},
		{
			displayName: 'Payer Role',
			name: 'intentPayerRole',
			type: 'string',
			default: '',
			placeholder: 'unknown_link_payer',
			description: 'Role of the payer (payer.role). Empty means unknown_link_payer for a reusable payment link; other delivery modes need one.',
			displayOptions: { show },
		},
	];
}

export function readIntentShape(context: IExecuteFunctions, itemIndex: number): IntentShape {
	const field: FieldContext = { node: context.getNode(), itemIndex };
	const deliveryMode = context.getNodeParameter('intentDeliveryMode', itemIndex) as string;
	const givenRole = optionalString(field, 'Payer Role', context.getNodeParameter('intentPayerRole', itemIndex, ''));
	const payerRole = givenRole ?? (deliveryMode === LINK_DELIVERY_MODE ? LINK_PAYER_ROLE : requireString(field, 'Payer Role', givenRole));
	return {
		useCase: context.getNodeParameter('intentUseCase', itemIndex) as string,
		deliveryMode,
		amountMode: context.getNodeParameter('intentAmountMode', itemIndex) as string,
		payerRole,
	};
}
