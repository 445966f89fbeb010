import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { asNodeError, invalidInput } from '../../helpers/errors';
import { optionalString, validateCurrency, type FieldContext, type ShareUnit } from '../../helpers/validation';
import {
	createIntent,
	dryRunIntent,
	dryRunProblems,
	formatProblems,
	paymentLinkUrlOf,
	previewRequirements,
	readOwnIdempotencyKey,
	submitIdempotencyKey,
	submitIntent,
	submitMayBeRepeated,
} from '../paymentIntent/requests';
import { displayCurrencySourceOption, readDisplayCurrencySource, readRecipients, readShareUnit, recipientsField, shareUnitField, SPLIT } from '../paymentIntent/shared';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';
import { amountModeOf, linkBasics, scenarioField, SPLIT_SCENARIO } from './shared';

const show = { resource: ['paymentLink'], operation: ['create'] };
const FIXED_SCENARIOS = ['education_provider_tuition', 'generic_service_invoice', 'owed_commission_invoice'];
const DISPLAY_FROM_RECIPIENT = ['first_recipient_currency', 'primary_recipient_currency'];

export const description: INodeProperties[] = [
	scenarioField(['create']),
	// Set before the recipients: it says how their shares are written.
	shareUnitField('linkShareUnit', { ...show, linkScenario: [SPLIT_SCENARIO] }),
	recipientsField(
		'linkRecipients',
		show,
		{ '/linkScenario': FIXED_SCENARIOS },
		{ '/linkScenario': [SPLIT_SCENARIO] },
		'Who receives the money. A fixed link gives each recipient an Amount; a split link gives each a Share of what the payer enters.',
	),
	{
		displayName: 'Display Currency',
		name: 'linkDisplayCurrency',
		type: 'string',
		default: '',
		placeholder: 'AUD',
		description:
			'Recipient-side currency the link is shown in (the payer also sees their local currency through a live quote). Recipients without a Currency use it. Empty means the recipient’s currency.',
		displayOptions: { show: { ...show, linkScenario: FIXED_SCENARIOS } },
	},
	{
		displayName: 'Display Currency',
		name: 'linkDisplayCurrency',
		type: 'string',
		default: '',
		placeholder: 'AUD',
		description:
			'Recipient-side currency the link is shown in (the payer also sees their local currency through a live quote). Recipients without a Currency use it.',
		hint: 'Required for a split link, unless Options → Display Currency Source picks a recipient’s currency',
		displayOptions: { show: { ...show, linkScenario: [SPLIT_SCENARIO] } },
	},
	{
		displayName: 'Reference',
		name: 'linkReference',
		type: 'string',
		default: '',
		placeholder: 'INV-2026-001',
		description: 'Your reference, shown on the payment page; one shared reference applies to every recipient of the link',
		displayOptions: { show },
	},
	{
		displayName: 'Publish',
		name: 'linkPublish',
		type: 'boolean',
		default: true,
		description:
			'Whether to publish the link right away: the node dry-runs it, stops with the list of anything missing, and submits it once (with an Idempotency-Key) to get the URL',
		displayOptions: { show },
	},
	{
		displayName:
			'Creating a link accepts Nexpay’s terms for it on your behalf (termsAccepted: true). Published links are reusable and cannot be cancelled: to retire one, stop sharing its URL.',
		name: 'linkTermsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'linkOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Check Recipient Limit',
				name: 'checkRecipientLimit',
				type: 'boolean',
				default: false,
				description:
					'Whether to ask Nexpay for the link connector’s maximum number of recipients first and stop, creating nothing, when there are more',
			},
			displayCurrencySourceOption('Where Nexpay takes the currency shown to the payer from'),
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
				description:
					'Key of the publishing submit. Empty: derived from the execution, node, item and intent, so a retry never publishes twice.',
			},
			{
				displayName: 'Show "Created By" Text',
				name: 'includeCreatedByText',
				type: 'boolean',
				default: true,
				description: 'Whether the payment page shows "Created by [your organization]"; turn off for a white-label page',
			},
		],
	},
];

interface LinkOptions {
	checkRecipientLimit?: boolean;
	displayCurrencySource?: string;
	idempotencyKey?: string;
	includeCreatedByText?: boolean;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const node = this.getNode();
	const field: FieldContext = { node, itemIndex };
	const scenario = readChoice(this, itemIndex, scenarioField(['create']));
	const amountMode = amountModeOf(scenario);
	const options = this.getNodeParameter('linkOptions', itemIndex, {}) as LinkOptions;
	const publish = this.getNodeParameter('linkPublish', itemIndex, true) as boolean;

	const source = readDisplayCurrencySource(field, options.displayCurrencySource);
	const displayText = optionalString(field, 'Display Currency', this.getNodeParameter('linkDisplayCurrency', itemIndex, ''));
	const displayCurrency = displayText ? validateCurrency(field, 'Display Currency', displayText) : undefined;
	if (!displayCurrency && amountMode === SPLIT && !DISPLAY_FROM_RECIPIENT.includes(source ?? '')) {
		throw invalidInput(node, itemIndex, 'Display Currency', 'is required for split links (or set Options → Display Currency Source to a recipient’s currency)');
	}
	if (!displayCurrency && source === 'explicit') {
		throw invalidInput(node, itemIndex, 'Display Currency', 'is required when Display Currency Source is "Display Currency Field"');
	}
	const shareUnit: ShareUnit = amountMode === SPLIT ? readShareUnit(this, itemIndex, 'linkShareUnit') : 'percent';
	const recipients = readRecipients(this, itemIndex, { parameter: 'linkRecipients', amountMode, shareUnit, defaultCurrency: displayCurrency });
	const reference = optionalString(field, 'Reference', this.getNodeParameter('linkReference', itemIndex, ''));
	const ownKey = readOwnIdempotencyKey(this, itemIndex, options.idempotencyKey);

	const paymentLink: IDataObject = {};
	if (source) paymentLink.displayCurrencySource = source;
	if (displayCurrency) paymentLink.displayCurrency = displayCurrency;
	if (reference) paymentLink.reference = reference;
	paymentLink.includeCreatedByText = options.includeCreatedByText !== false;
	const body: IDataObject = { ...linkBasics(scenario), recipients, instructions: { paymentLink }, termsAccepted: true };

	if (options.checkRecipientLimit) {
		const preview = await previewRequirements.call(this, linkBasics(scenario), itemIndex, retry);
		const max = Number(((preview.limits ?? {}) as IDataObject).maxRecipients);
		if (Number.isFinite(max) && recipients.length > max) {
			const connector = (preview.connector ?? {}) as IDataObject;
			const via = connector.provider ? ` (connector ${String(connector.provider)} ${String(connector.version ?? '')})`.replace(' )', ')') : '';
			throw new NodeOperationError(node, `Recipients: ${recipients.length} recipients, but Nexpay allows at most ${max} for this kind of link${via} [item ${itemIndex}]`, {
				itemIndex,
				description: `Remove recipients until there are at most ${max}. No payment intent was created for this item.`,
			});
		}
	}

	const created = await createIntent.call(this, body, itemIndex, retry);
	const id = String(created.id);
	if (!publish) return summary(created, created, null);

	const dryRun = await dryRunIntent.call(this, id, itemIndex, retry);
	const problems = dryRunProblems(dryRun);
	if (problems.length) {
		throw new NodeOperationError(node, `Nexpay would not publish this payment link: ${formatProblems(problems)} [item ${itemIndex}]`, {
			itemIndex,
			description: `The payment intent ${id} was created as a draft and not published (a draft is never shown to payers). Fix what is listed and create the link again.`,
		});
	}

	const idempotencyKey = submitIdempotencyKey(this, itemIndex, id, ownKey);
	let submitted: IDataObject;
	try {
		submitted = await submitIntent.call(this, id, idempotencyKey, itemIndex, retry);
	} catch (error) {
		const nodeError = asNodeError(node, error, itemIndex);
		if (submitMayBeRepeated(nodeError)) {
			nodeError.description = `${nodeError.description ?? ''} The payment intent ${id} was created but publishing did not finish: run Payment Intent → Submit for it with Idempotency Key ${idempotencyKey}; Nexpay publishes it once, or returns the link it already published.`.trim();
		}
		throw nodeError;
	}
	return summary(created, submitted, idempotencyKey);
}

function summary(created: IDataObject, latest: IDataObject, idempotencyKey: string | null): IDataObject {
	const link = (((latest.instructions ?? created.instructions ?? {}) as IDataObject).paymentLink ?? {}) as IDataObject;
	return {
		paymentIntentId: latest.id ?? created.id,
		publicLinkId: latest.publicLinkId ?? created.publicLinkId ?? null,
		paymentLinkUrl: paymentLinkUrlOf(latest),
		status: latest.status ?? created.status,
		useCase: latest.useCase ?? created.useCase,
		amountMode: latest.amountMode ?? created.amountMode,
		amount: latest.amount ?? null,
		currency: latest.currency ?? link.displayCurrency ?? null,
		reference: link.reference ?? null,
		...(idempotencyKey ? { idempotencyKey } : {}),
	};
}
