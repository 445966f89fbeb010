import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { agentGuardFields, checkAgentPayment } from '../../helpers/agentGuard';
import { asNodeError } from '../../helpers/errors';
import { itemFieldsKey, originExecution, parseFieldList, stableItemKey, warnOncePerRun } from '../../helpers/idempotency';
import { transactionSignature } from '../../helpers/signing';
import { cancelSignalOf, euroWalletApiRequest, euroWalletCredentials, isCancellation, type RetryOptions } from '../../helpers/transport';
import {
	optionalString,
	requireString,
	validateAmount,
	validateBic,
	validateCountryCode,
	validateCurrency,
	validateIban,
	validateNumberSetting,
	type FieldContext,
} from '../../helpers/validation';
import { euroWalletAccountLocator, swiftCurrencyLocator } from '../listSearch';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';
import { FINAL_STATUSES, getPaymentStatus, isPaymentNotFound, networkTypeField } from './shared';

const forCreate = { resource: ['euroWalletPayment'], operation: ['create'] };
const forSwift = { ...forCreate, networkType: ['SWIFT'] };
const forSepa = { ...forCreate, networkType: ['SEPA'] };

export const description: INodeProperties[] = [
	networkTypeField(forCreate),
	euroWalletAccountLocator({
		displayName: 'From Account',
		required: true,
		description: 'Your EuroWallet IBAN the money leaves from',
		displayOptions: { show: forCreate },
	}),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		placeholder: '45.00',
		description: 'Decimal amount with at most two decimals, in EUR for SEPA or in the chosen currency for SWIFT',
		displayOptions: { show: forCreate },
	},
	swiftCurrencyLocator({
		name: 'currency',
		displayName: 'Currency',
		default: 'EUR',
		description: 'Currency of a SWIFT transfer, from Nexpay’s SWIFT currency list',
		show: forSwift,
	}),
	{
		displayName: 'Beneficiary Name',
		name: 'beneficiaryName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'John Smith',
		description: 'Name of the person or company receiving the money (2–70 characters)',
		displayOptions: { show: forCreate },
	},
	{
		displayName: 'Beneficiary Account',
		name: 'beneficiaryAccount',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'LT63 3080 0100 0000 0208',
		description: 'The recipient’s IBAN (SEPA), or IBAN / account number (SWIFT). Spaces are removed.',
		displayOptions: { show: forCreate },
	},
	{
		displayName: 'Reference',
		name: 'beneficiaryReference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Invoice #314950-392',
		description: 'Purpose of payment shown to the recipient (max 140 characters)',
		displayOptions: { show: forCreate },
	},
	{
		displayName: 'Beneficiary Address',
		name: 'beneficiaryAddress',
		type: 'string',
		default: '',
		placeholder: 'New Street 25, Vilnius',
		description: 'Optional address of the recipient (SEPA only)',
		displayOptions: { show: forSepa },
	},
	{
		displayName: 'Beneficiary Bank BIC',
		name: 'beneficiaryBankBic',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'DEUTDEFF',
		description: 'BIC / SWIFT code of the recipient’s bank (8 or 11 characters)',
		displayOptions: { show: forSwift },
	},
	{
		displayName: 'Beneficiary Bank Name',
		name: 'beneficiaryBankName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Deutsche Bank AG',
		displayOptions: { show: forSwift },
	},
	{
		displayName: 'Beneficiary Street',
		name: 'beneficiaryAddressStreet',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Taunusanlage 12',
		displayOptions: { show: forSwift },
	},
	{
		displayName: 'Beneficiary Town',
		name: 'beneficiaryAddressTown',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Frankfurt am Main',
		displayOptions: { show: forSwift },
	},
	{
		displayName: 'Beneficiary Country',
		name: 'beneficiaryAddressCountry',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'DE',
		description: 'Two-letter ISO 3166 country code of the recipient',
		displayOptions: { show: forSwift },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: forCreate },
		options: [
			{
				displayName: 'External Payment ID',
				name: 'externalPaymentId',
				type: 'string',
				default: '',
				placeholder: 'INV-2026-0042',
				description:
					'Your own ID for this payment (max 36 characters), e.g. the invoice number. Nexpay never creates two payments with the same one, so every re-run of the workflow is safe. Left empty, see "Derive ID From Fields"; without either, the node derives one from the execution: Retry On Fail and Executions → Retry reuse it, a new run of the workflow pays again.',
			},
			{
				displayName: 'Derive ID From Fields',
				name: 'externalPaymentIdFields',
				type: 'string',
				default: '',
				placeholder: 'invoiceNumber',
				description:
					'Input fields that identify the payment, comma-separated (dots reach nested fields, e.g. supplier.iban, invoiceNumber). The External Payment ID is derived from their values, the workflow and this node, so the same invoice is paid once however often the workflow runs. Used when External Payment ID is empty.',
			},
			{
				displayName: 'Pay Fee With GBX',
				name: 'useGbxForFee',
				type: 'boolean',
				default: false,
				description: 'Whether to cover the payment fee with GBX tokens instead of EUR',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'paymentOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: forCreate },
		options: [
			{
				displayName: 'Wait for Final Status',
				name: 'waitForFinalStatus',
				type: 'boolean',
				default: false,
				description: 'Whether to poll the payment until it is COMPLETED or REJECTED (or the wait times out) before continuing',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'waitTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How long to wait for a final status; after that the item goes on with the status it has',
				displayOptions: { show: { waitForFinalStatus: [true] } },
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: 10,
				displayOptions: { show: { waitForFinalStatus: [true] } },
			},
		],
	},
	// Only when an AI agent uses the node as a tool: what it may pay.
	...agentGuardFields(forCreate),
];

interface PaymentOptions {
	waitForFinalStatus?: boolean;
	waitTimeoutSeconds?: number;
	pollIntervalSeconds?: number;
}

function readBeneficiaryAccount(field: FieldContext, value: unknown, swift: boolean): string {
	const compact = String(value ?? '').replace(/\s/g, '').toUpperCase();
	// SWIFT destinations outside IBAN countries use plain account numbers.
	if (swift && !/^[A-Z]{2}\d{2}/.test(compact)) return requireString(field, 'Beneficiary Account', compact, { max: 34 });
	return validateIban(field, 'Beneficiary Account', compact);
}

/** A 5xx, reset or timeout that outlived the retries: Nexpay may or may not have the payment. */
function outcomeUnknown(error: NodeApiError): boolean {
	return !!error.context.networkCode || Number(error.httpCode) >= 500;
}

/**
 * Whether the payment may exist despite the error: the outcome is unknown, or a refusal came
 * after an attempt whose outcome is unknown (that attempt may have made the payment, and the
 * refusal may be about its consequence, e.g. the balance it used up).
 */
function mayExist(error: NodeApiError): boolean {
	return outcomeUnknown(error) || Number(error.context.uncertainAttempts ?? 0) > 0;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const node = this.getNode();
	const field: FieldContext = { node, itemIndex };
	const param = (name: string) => this.getNodeParameter(name, itemIndex, '');
	// Never a silent SEPA: "swift" from an expression is refused, not sent as the other network.
	const networkType = readChoice(this, itemIndex, networkTypeField(forCreate));
	const swift = networkType === 'SWIFT';
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('paymentOptions', itemIndex, {}) as PaymentOptions;
	if (options.waitForFinalStatus) {
		// Checked before the payment is sent, not after it is booked.
		validateNumberSetting(field, 'Max Wait (Seconds)', options.waitTimeoutSeconds ?? 300, { min: 0.1 });
		validateNumberSetting(field, 'Poll Interval (Seconds)', options.pollIntervalSeconds ?? 10, { min: 0.1 });
	}

	const account = validateIban(field, 'From Account', this.getNodeParameter('account', itemIndex, '', { extractValue: true }));
	const amount = validateAmount(field, 'Amount', param('amount'));
	const currency = swift ? validateCurrency(field, 'Currency', this.getNodeParameter('currency', itemIndex, '', { extractValue: true })) : undefined;
	const beneficiaryName = requireString(field, 'Beneficiary Name', param('beneficiaryName'), { min: 2, max: 70 });
	const beneficiaryAccount = readBeneficiaryAccount(field, param('beneficiaryAccount'), swift);
	const beneficiaryReference = requireString(field, 'Reference', param('beneficiaryReference'), { max: 140 });
	const beneficiaryAddress = swift ? undefined : optionalString(field, 'Beneficiary Address', param('beneficiaryAddress'), { max: 140 });
	const swiftFields = swift
		? {
				beneficiaryBankBic: validateBic(field, 'Beneficiary Bank BIC', param('beneficiaryBankBic')),
				beneficiaryBankName: requireString(field, 'Beneficiary Bank Name', param('beneficiaryBankName'), { max: 140 }),
				beneficiaryAddressStreet: requireString(field, 'Beneficiary Street', param('beneficiaryAddressStreet'), { min: 2, max: 70 }),
				beneficiaryAddressTown: requireString(field, 'Beneficiary Town', param('beneficiaryAddressTown'), { min: 2, max: 35 }),
				beneficiaryAddressCountry: validateCountryCode(field, 'Beneficiary Country', param('beneficiaryAddressCountry')),
			}
		: {};
	const { externalPaymentId, externalPaymentIdSource } = resolveExternalPaymentId(this, itemIndex, additional);
	checkAgentPayment(this, itemIndex, { amount, currency: currency ?? 'EUR', beneficiaryAccount });

	const credentials = await euroWalletCredentials.call(this, itemIndex);
	const transactionSecret = String(credentials.transactionSecret ?? '').trim();
	if (!transactionSecret) {
		throw new NodeOperationError(node, 'The Nexpay EuroWallet API credential has no Transaction Signing Secret', {
			itemIndex,
			description: 'Creating payments needs the separate outgoing-transaction signing secret. Add it to the credential.',
		});
	}

	// Each attempt gets its own request time (and so its own signature): a retry after a long
	// Retry-After is still current, and the external payment ID keeps it the same payment.
	const bodyPerAttempt = (): IDataObject => {
		const requestTime = Date.now();
		const signed = { requestTime, account, amount, beneficiaryName, beneficiaryAddress, beneficiaryAccount, beneficiaryReference, externalPaymentId };
		return {
			requestTime,
			account,
			amount,
			networkType,
			currency,
			beneficiaryName,
			beneficiaryAddress,
			beneficiaryAccount,
			beneficiaryReference,
			...swiftFields,
			useGbxForFee: additional.useGbxForFee === true ? true : undefined,
			externalPaymentId,
			transactionSignature: transactionSignature(transactionSecret, signed),
		};
	};

	let created: { paymentId: string | number; status: string };
	let recoveredByStatusCheck = false;
	try {
		// The same externalPaymentId makes every retry safe: Nexpay answers with the payment it already has.
		created = (await euroWalletApiRequest.call(this, {
			method: 'POST',
			path: '/api/2/eurowallet/payments',
			bodyPerAttempt,
			idempotent: true,
			itemIndex,
			retry,
		})) as { paymentId: string | number; status: string };
	} catch (error) {
		if (isCancellation(error)) throw cancelledCreate(node, error, externalPaymentId, externalPaymentIdSource, itemIndex);
		if (!(error instanceof NodeApiError) || !mayExist(error)) {
			throw withNextStep(asNodeError(node, error, itemIndex), notBookedNextStep(externalPaymentId, externalPaymentIdSource));
		}
		created = await recoveryCheck.call(this, externalPaymentId, externalPaymentIdSource, itemIndex, retry, error);
		recoveredByStatusCheck = true;
	}

	let status = created.status;
	let waitTimedOut: boolean | undefined;
	if (options.waitForFinalStatus && !FINAL_STATUSES.includes(status)) {
		({ status, waitTimedOut } = await waitForFinalStatus.call(this, created.paymentId, externalPaymentId, status, itemIndex, retry, options));
	}

	return {
		paymentId: String(created.paymentId),
		status,
		externalPaymentId,
		externalPaymentIdSource,
		networkType,
		account,
		amount,
		currency: currency ?? 'EUR',
		beneficiaryName,
		beneficiaryAccount,
		beneficiaryReference,
		...(recoveredByStatusCheck ? { recoveredByStatusCheck } : {}),
		...(waitTimedOut !== undefined ? { waitTimedOut } : {}),
	};
}

/** The docs' recovery check: ask by externalPaymentId whether the uncertain create happened. */
async function recoveryCheck(
	this: IExecuteFunctions,
	externalPaymentId: string,
	source: ExternalPaymentIdSource,
	itemIndex: number,
	retry: RetryOptions,
	cause: NodeApiError,
): Promise<{ paymentId: string | number; status: string }> {
	try {
		return await getPaymentStatus.call(this, { externalPaymentId }, itemIndex, retry);
	} catch (error) {
		const node = this.getNode();
		if (isPaymentNotFound(error)) {
			// Nexpay has no such payment, so a refusal is simply the answer to report.
			if (!outcomeUnknown(cause)) throw withNextStep(cause, notBookedNextStep(externalPaymentId, source));
			throw new NodeApiError(node, { externalPaymentId, cause: cause.message }, {
				message: `The payment was not created: ${cause.message}`,
				description: `Nexpay has no payment with external payment ID ${externalPaymentId}. ${notBookedNextStep(externalPaymentId, source)}`,
				itemIndex,
			});
		}
		throw outcomeUnknownError(node, cause, externalPaymentId, source, itemIndex);
	}
}

/** The one "outcome unknown" report: after a failed recovery check, and after a create cut off by n8n's Stop. */
function outcomeUnknownError(
	node: INode,
	cause: Error,
	externalPaymentId: string,
	source: ExternalPaymentIdSource,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(node, { externalPaymentId, cause: cause.message }, {
		message: `Payment outcome unknown: ${cause.message}`,
		description: `Nexpay did not confirm whether the payment with external payment ID ${externalPaymentId} exists. ${unknownOutcomeNextStep(externalPaymentId, source)}`,
		itemIndex,
	});
}

/**
 * The execution was stopped during the create: nothing more may be sent (no recovery check), so
 * the report says what is known: unknown when an attempt may have reached Nexpay, else not booked.
 */
function cancelledCreate(
	node: INode,
	error: NodeOperationError,
	externalPaymentId: string,
	source: ExternalPaymentIdSource,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (Number(error.context.uncertainAttempts ?? 0) > 0) return outcomeUnknownError(node, error, externalPaymentId, source, itemIndex);
	error.description = `${error.description ? `${error.description} ` : ''}${notBookedNextStep(externalPaymentId, source)}`;
	return error;
}

type ExternalPaymentIdSource = 'given' | 'itemFields' | 'execution';

function resolveExternalPaymentId(
	context: IExecuteFunctions,
	itemIndex: number,
	additional: IDataObject,
): { externalPaymentId: string; externalPaymentIdSource: ExternalPaymentIdSource } {
	const field: FieldContext = { node: context.getNode(), itemIndex };
	const given = optionalString(field, 'External Payment ID', additional.externalPaymentId, { max: 36 });
	if (given !== undefined) return { externalPaymentId: given, externalPaymentIdSource: 'given' };
	const fields = parseFieldList(additional.externalPaymentIdFields);
	if (fields.length > 0) {
		const key = itemFieldsKey(context, itemIndex, fields, 'Derive ID From Fields', 'eurowallet-payment');
		return { externalPaymentId: `n8n-${key.slice(0, 32)}`, externalPaymentIdSource: 'itemFields' };
	}
	const origin = originExecution(context);
	warnOncePerRun(
		context,
		origin.survivesRetry
			? 'External Payment IDs were derived from this execution: Retry On Fail and Executions → Retry never pay an item twice, but running the workflow again pays again. To make every run safe, set External Payment ID (e.g. the invoice number) or Derive ID From Fields.'
			: 'External Payment IDs were derived from this execution, but n8n did not store the execution custom data that keeps them across Executions → Retry (it holds at most 10 keys): a retry would pay again. Set External Payment ID (e.g. the invoice number) or Derive ID From Fields.',
	);
	return { externalPaymentId: `n8n-${stableItemKey(context, itemIndex, 'eurowallet-payment').slice(0, 32)}`, externalPaymentIdSource: 'execution' };
}

/** What is safe after a refusal or a confirmed non-creation, in the terms of n8n's buttons. */
function notBookedNextStep(externalPaymentId: string, source: ExternalPaymentIdSource): string {
	const rerun =
		source === 'execution'
			? 'Do not run the whole workflow again instead: a new run derives new IDs and pays the earlier items again.'
			: 'Running the workflow again is safe too: the ID comes from your data.';
	return `Nothing was booked for this item. When the cause is fixed, use Executions → Retry (or Retry On Fail): items before this one keep their external payment IDs, so Nexpay returns their payments instead of paying them again, and this item is sent again as ${externalPaymentId}. ${rerun}`;
}

function unknownOutcomeNextStep(externalPaymentId: string, source: ExternalPaymentIdSource): string {
	const rerun =
		source === 'execution'
			? 'Do not run the whole workflow again instead: a new run derives new IDs and could pay this and the earlier items twice.'
			: 'Running the workflow again is safe too: the ID comes from your data.';
	return `Safe next steps: Executions → Retry (or Retry On Fail) sends it again with the same external payment ID ${externalPaymentId}, and Nexpay books it at most once; or look it up with EuroWallet Payment → Get Status by that ID. ${rerun}`;
}

function withNextStep<T extends NodeApiError | NodeOperationError>(error: T, nextStep: string): T {
	// Validation errors already say nothing was sent; only errors from Nexpay get the retry advice.
	if (error instanceof NodeApiError) error.description = `${error.description ? `${error.description} ` : ''}${nextStep}`;
	return error;
}

async function waitForFinalStatus(
	this: IExecuteFunctions,
	paymentId: string | number,
	externalPaymentId: string,
	initialStatus: string,
	itemIndex: number,
	retry: RetryOptions,
	options: PaymentOptions,
): Promise<{ status: string; waitTimedOut: boolean }> {
	const field = { node: this.getNode(), itemIndex };
	const deadline = Date.now() + validateNumberSetting(field, 'Max Wait (Seconds)', options.waitTimeoutSeconds ?? 300, { min: 0.1 }) * 1000;
	const interval = Math.max(100, validateNumberSetting(field, 'Poll Interval (Seconds)', options.pollIntervalSeconds ?? 10, { min: 0.1 }) * 1000);
	const signal = cancelSignalOf(this);
	let status = initialStatus;
	try {
		while (Date.now() < deadline) {
			await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
			({ status } = await getPaymentStatus.call(this, { externalPaymentId }, itemIndex, retry));
			if (FINAL_STATUSES.includes(status)) return { status, waitTimedOut: false };
		}
	} catch (error) {
		if (!signal?.aborted && !isCancellation(error)) throw asNodeError(this.getNode(), error, itemIndex);
		// n8n's Stop: the payment exists, only the wait ends.
		const stopped = new NodeOperationError(
			this.getNode(),
			`The execution was canceled while waiting for the final status of payment ${paymentId}`,
			{
				itemIndex,
				description: `The payment was created: payment ID ${paymentId}, external payment ID ${externalPaymentId}, last status ${status}. Nexpay goes on processing it; look it up with EuroWallet Payment → Get Status by either ID.`,
			},
		);
		stopped.context.cancelled = true;
		throw stopped;
	}
	return { status, waitTimedOut: true };
}
