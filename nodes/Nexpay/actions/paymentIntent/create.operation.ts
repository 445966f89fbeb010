import { jsonParse, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import {
	optionalString,
	requireString,
	validateAmount,
	validateCurrency,
	type FieldContext,
	type ShareUnit,
} from '../../helpers/validation';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';
import { createIntent } from './requests';
import {
	checkSharesTotal,
	FIXED,
	intentShapeFields,
	LINK_DELIVERY_MODE,
	LINK_PAYER_ROLE,
	displayCurrencySourceOption,
	readDisplayCurrencySource,
	readIntentShape,
	readRecipients,
	readShareUnit,
	recipientsField,
	shareUnitField,
	SPLIT,
} from './shared';

const show = { resource: ['paymentIntent'], operation: ['create'] };
const showForm = { ...show, intentBodySource: ['form'] };

const bodySourceField: INodeProperties = {
	displayName: 'Define Intent Using',
	name: 'intentBodySource',
	type: 'options',
	options: [
		{ name: 'Form', value: 'form', description: 'Use case, recipients and link instructions as fields' },
		{ name: 'JSON', value: 'json', description: 'The whole request body as JSON, for shapes the form does not cover' },
	],
	default: 'form',
	displayOptions: { show },
};

export const description: INodeProperties[] = [
	bodySourceField,
	{
		displayName: 'Body (JSON)',
		name: 'intentJsonBody',
		type: 'json',
		default:
			'{\n  "useCase": "education_provider_tuition",\n  "deliveryMode": "manual",\n  "amountMode": "fixed_payee_amounts",\n  "payer": { "role": "student" },\n  "recipients": [],\n  "termsAccepted": true\n}',
		description: 'The payment intent as Nexpay’s API takes it (POST /v2/payment-intents). Shares (portionBps) are basis points: 3000 = 30 %.',
		displayOptions: { show: { ...show, intentBodySource: ['json'] } },
	},
	...intentShapeFields(showForm),
	shareUnitField('intentShareUnit', { ...showForm, intentAmountMode: [SPLIT] }),
	recipientsField(
		'intentRecipients',
		showForm,
		{ '/intentAmountMode': [FIXED] },
		{ '/intentAmountMode': [SPLIT] },
		'Who receives the money: an Amount each (fixed payee amounts) or a Share each of the payer’s total (free entry with portions)',
	),
	{
		displayName: 'Accept Terms',
		name: 'intentTermsAccepted',
		type: 'boolean',
		default: true,
		description: 'Whether you accept Nexpay’s terms for this payment (termsAccepted); Nexpay will not submit an intent without it',
		displayOptions: { show: showForm },
	},
	{
		displayName: 'Additional Fields',
		name: 'intentAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showForm },
		options: [
			{
				displayName: 'Display Currency',
				name: 'displayCurrency',
				type: 'string',
				default: '',
				placeholder: 'AUD',
				description: 'Currency a payment link is shown in (instructions.paymentLink.displayCurrency); required for split links. Recipients without a Currency use it.',
			},
			displayCurrencySourceOption('Where Nexpay takes the currency shown to a payment link’s payer from'),
			{
				displayName: 'Payer Details (JSON)',
				name: 'payerDetails',
				type: 'json',
				default: '{}',
				description: 'More payer fields, merged into "payer" next to its role',
			},
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				placeholder: 'INV-2026-001',
				description: 'Reference of a payment link (instructions.paymentLink.reference)',
			},
			{
				displayName: 'Show "Created By" Text',
				name: 'includeCreatedByText',
				type: 'boolean',
				default: true,
				description: 'Whether a payment link’s page shows "Created by [your organization]"',
			},
		],
	},
];

interface AdditionalFields {
	displayCurrency?: string;
	displayCurrencySource?: string;
	payerDetails?: string | IDataObject;
	reference?: string;
	includeCreatedByText?: boolean;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const body = readChoice(this, itemIndex, bodySourceField) === 'json' ? readJsonBody(this, itemIndex) : readFormBody(this, itemIndex);
	return await createIntent.call(this, body, itemIndex, retry);
}

function parseJsonObject(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = value.trim() ? jsonParse(value) : {};
		} catch {
			throw invalidInput(context.getNode(), itemIndex, field, 'is not valid JSON');
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw invalidInput(context.getNode(), itemIndex, field, 'must be a JSON object ({ … })');
	}
	return parsed as IDataObject;
}

function readFormBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = context.getNode();
	const field: FieldContext = { node, itemIndex };
	const shape = readIntentShape(context, itemIndex);
	const extra = context.getNodeParameter('intentAdditionalFields', itemIndex, {}) as AdditionalFields;
	const displayText = optionalString(field, 'Display Currency', extra.displayCurrency);
	const displayCurrency = displayText ? validateCurrency(field, 'Display Currency', displayText) : undefined;
	const shareUnit: ShareUnit = shape.amountMode === SPLIT ? readShareUnit(context, itemIndex, 'intentShareUnit') : 'percent';
	const displayCurrencySource = readDisplayCurrencySource(field, extra.displayCurrencySource);
	const recipients = readRecipients(context, itemIndex, { parameter: 'intentRecipients', amountMode: shape.amountMode, shareUnit, defaultCurrency: displayCurrency });

	const payerDetails = extra.payerDetails === undefined ? {} : parseJsonObject(context, itemIndex, 'Payer Details (JSON)', extra.payerDetails);
	const body: IDataObject = {
		useCase: shape.useCase,
		deliveryMode: shape.deliveryMode,
		amountMode: shape.amountMode,
		payer: { ...payerDetails, role: shape.payerRole },
		recipients,
		termsAccepted: context.getNodeParameter('intentTermsAccepted', itemIndex, true) as boolean,
	};
	const paymentLink: IDataObject = {};
	if (displayCurrencySource) paymentLink.displayCurrencySource = displayCurrencySource;
	if (displayCurrency) paymentLink.displayCurrency = displayCurrency;
	const reference = optionalString(field, 'Reference', extra.reference);
	if (reference) paymentLink.reference = reference;
	if (extra.includeCreatedByText !== undefined) paymentLink.includeCreatedByText = extra.includeCreatedByText;
	if (shape.deliveryMode === LINK_DELIVERY_MODE && paymentLink.includeCreatedByText === undefined) paymentLink.includeCreatedByText = true;
	if (Object.keys(paymentLink).length) body.instructions = { paymentLink };
	return body;
}

/** The user's own body, with the checks the form would make on what it has: amounts, shares, currencies. */
function readJsonBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = context.getNode();
	const field: FieldContext = { node, itemIndex };
	const body = parseJsonObject(context, itemIndex, 'Body (JSON)', context.getNodeParameter('intentJsonBody', itemIndex, '{}'));
	requireString(field, 'Body (JSON) useCase', body.useCase);
	if (body.deliveryMode === LINK_DELIVERY_MODE && body.payer === undefined) body.payer = { role: LINK_PAYER_ROLE };
	const recipients = body.recipients;
	if (!Array.isArray(recipients)) return body;
	const portions: number[] = [];
	recipients.forEach((recipient, index) => {
		const amount = (recipient as IDataObject | null)?.amount as IDataObject | undefined;
		if (!amount || typeof amount !== 'object') return;
		const label = `Body (JSON) recipients[${index}].amount`;
		if (amount.currency !== undefined) amount.currency = validateCurrency(field, `${label}.currency`, amount.currency);
		if (amount.payeeAmount !== undefined) amount.payeeAmount = validateAmount(field, `${label}.payeeAmount`, amount.payeeAmount);
		if (body.amountMode === SPLIT) {
			const bps = amount.portionBps;
			if (!Number.isInteger(bps) || (bps as number) < 1 || (bps as number) > 10000) {
				throw invalidInput(node, itemIndex, `${label}.portionBps`, `must be whole basis points from 1 to 10000 (3000 = 30 %), not ${JSON.stringify(bps)}`);
			}
			portions.push(bps as number);
		}
	});
	if (body.amountMode === SPLIT && portions.length) {
		checkSharesTotal(field, portions, 'basisPoints', 'portionBps is in basis points, so multiply each percentage by 100 (30 % = 3000)');
	}
	return body;
}
