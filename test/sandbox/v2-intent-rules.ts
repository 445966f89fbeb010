// The rules Core applies to payment intents: structural validation at create, the connector
// profile per delivery mode, and the business rules dry-run reports as missing requirements.
import { formatCents, parseAmount } from './money';
import type { Connector, PaymentIntent, PaymentLinkInstructions, Recipient } from './types';
import { failValidation, isObject, type FieldProblem, type Json } from './v2-common';

const USE_CASES = [
	'education_provider_tuition',
	'education_provider_tuition_with_tenant_split',
	'generic_service_invoice',
	'owed_commission_invoice',
];
const DELIVERY_MODES = ['reusable_payment_link', 'manual'];
const AMOUNT_MODES = ['fixed_payee_amounts', 'free_entry_with_portions'];
const DISPLAY_SOURCES = ['explicit', 'first_recipient_currency', 'primary_recipient_currency'];
const MAX_RECIPIENTS_PER_INTENT = 10;
const FULL_SHARE_BPS = 10000;

export const LINK_CONNECTOR: Connector = { provider: 'paynow', action: 'payment_link', version: 'v1' };
const MANUAL_CONNECTOR: Connector = { provider: 'nexpay', action: 'manual_payment', version: 'v1' };
const LINK_LIMITATIONS = [
	{ code: 'reusable_link', description: 'Links are reusable (many payers per URL), not single-use.' },
	{ code: 'no_cancellation', description: "Links cannot be cancelled after they're issued." },
	{ code: 'async_reconciliation', description: 'Completion is reconciled asynchronously via polling.' },
	{ code: 'shared_reference', description: 'A single shared reference applies to every payee on the link.' },
];

interface ConnectorProfile {
	connector: Connector;
	maxRecipients: number;
	acceptedLimitations: { code: string; description: string }[];
}

export function profileOf(deliveryMode: string): ConnectorProfile {
	return deliveryMode === 'reusable_payment_link'
		? { connector: LINK_CONNECTOR, maxRecipients: 3, acceptedLimitations: LINK_LIMITATIONS }
		: { connector: MANUAL_CONNECTOR, maxRecipients: MAX_RECIPIENTS_PER_INTENT, acceptedLimitations: [] };
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isPositiveInt = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
const isCurrency = (value: unknown): value is string => typeof value === 'string' && /^[A-Z]{3}$/.test(value);

function parseRecipients(value: unknown, amountMode: unknown, bad: (field: string, message: string) => void): Recipient[] {
	if (!Array.isArray(value) || value.length === 0) {
		bad('recipients', 'must be a non-empty array');
		return [];
	}
	if (value.length > MAX_RECIPIENTS_PER_INTENT) bad('recipients', `at most ${MAX_RECIPIENTS_PER_INTENT} recipients per intent`);
	const recipients: Recipient[] = [];
	value.forEach((r: unknown, i) => {
		const at = `recipients[${i}]`;
		if (!isObject(r)) return bad(at, 'must be an object');
		if (!isText(r.role)) bad(`${at}.role`, 'required string');
		if (!isPositiveInt(r.order)) bad(`${at}.order`, 'required integer >= 1');
		if (!isPositiveInt(r.connectorPayeeId)) bad(`${at}.connectorPayeeId`, 'required integer >= 1');
		if (r.splitRole !== undefined && !isText(r.splitRole)) bad(`${at}.splitRole`, 'must be a string');
		const amount = r.amount;
		if (!isObject(amount)) return bad(`${at}.amount`, 'required object');
		if (!isCurrency(amount.currency)) bad(`${at}.amount.currency`, 'required ISO 4217 code such as AUD');
		if (amountMode === 'fixed_payee_amounts') {
			if (typeof amount.payeeAmount !== 'string' || parseAmount(amount.payeeAmount) === null) {
				bad(`${at}.amount.payeeAmount`, 'required decimal string greater than 0 with at most 2 decimals, e.g. "10000.00"');
			}
			if (amount.portionBps !== undefined) bad(`${at}.amount.portionBps`, 'not allowed with fixed_payee_amounts');
		} else if (amountMode === 'free_entry_with_portions') {
			const bps = amount.portionBps;
			if (!Number.isInteger(bps) || (bps as number) < 1 || (bps as number) > FULL_SHARE_BPS) {
				bad(`${at}.amount.portionBps`, 'required integer basis points between 1 and 10000 (3000 = 30%)');
			}
			if (amount.payeeAmount !== undefined) bad(`${at}.amount.payeeAmount`, 'not allowed with free_entry_with_portions');
		}
		recipients.push({
			role: r.role as string,
			order: r.order as number,
			connectorPayeeId: r.connectorPayeeId as number,
			...(r.splitRole === undefined ? {} : { splitRole: r.splitRole as string }),
			amount: {
				...(amount.payeeAmount === undefined ? {} : { payeeAmount: amount.payeeAmount as string }),
				...(amount.portionBps === undefined ? {} : { portionBps: amount.portionBps as number }),
				currency: amount.currency as string,
			},
		});
	});
	const orders = recipients.map((r) => r.order);
	if (new Set(orders).size !== orders.length) bad('recipients', 'order values must be unique');
	return recipients;
}

function parsePaymentLink(value: unknown, bad: (field: string, message: string) => void): PaymentLinkInstructions | undefined {
	if (value === undefined) return undefined;
	const at = 'instructions.paymentLink';
	if (!isObject(value)) {
		bad(at, 'must be an object');
		return undefined;
	}
	if (value.displayCurrency !== undefined && !isCurrency(value.displayCurrency)) bad(`${at}.displayCurrency`, 'must be an ISO 4217 code');
	if (value.displayCurrencySource !== undefined && !DISPLAY_SOURCES.includes(value.displayCurrencySource as string)) {
		bad(`${at}.displayCurrencySource`, `must be one of ${DISPLAY_SOURCES.join(', ')}`);
	}
	if (value.reference !== undefined && (typeof value.reference !== 'string' || value.reference.length > 140)) {
		bad(`${at}.reference`, 'must be a string of at most 140 characters');
	}
	if (value.includeCreatedByText !== undefined && typeof value.includeCreatedByText !== 'boolean') {
		bad(`${at}.includeCreatedByText`, 'must be a boolean');
	}
	const out: PaymentLinkInstructions = {};
	for (const key of ['displayCurrency', 'displayCurrencySource', 'reference', 'includeCreatedByText'] as const) {
		if (value[key] !== undefined) Object.assign(out, { [key]: value[key] });
	}
	return out;
}

/** Structural validation, as Core's request DTOs would do it; business rules wait for dry-run. */
export function validateCreate(body: Json): Omit<PaymentIntent, 'id' | 'status' | 'publicLinkId' | 'executions' | 'createdAt' | 'updatedAt' | 'amount' | 'currency'> {
	const problems: FieldProblem[] = [];
	const bad = (field: string, message: string): void => void problems.push({ field, message });
	if (!isText(body.useCase)) bad('useCase', 'required string');
	if (!DELIVERY_MODES.includes(body.deliveryMode as string)) bad('deliveryMode', `must be one of ${DELIVERY_MODES.join(', ')}`);
	if (!AMOUNT_MODES.includes(body.amountMode as string)) bad('amountMode', `must be one of ${AMOUNT_MODES.join(', ')}`);
	const payer = body.payer;
	if (!isObject(payer) || !isText(payer.role)) bad('payer.role', 'required string');
	else if (body.deliveryMode === 'reusable_payment_link' && payer.role !== 'unknown_link_payer') {
		bad('payer.role', 'must be unknown_link_payer for reusable_payment_link');
	}
	const recipients = parseRecipients(body.recipients, body.amountMode, bad);
	const instructions = body.instructions;
	if (instructions !== undefined && !isObject(instructions)) bad('instructions', 'must be an object');
	const paymentLink = parsePaymentLink(isObject(instructions) ? instructions.paymentLink : undefined, bad);
	if (body.termsAccepted !== undefined && typeof body.termsAccepted !== 'boolean') bad('termsAccepted', 'must be a boolean');
	if (problems.length) failValidation(problems);
	return {
		useCase: body.useCase as string,
		deliveryMode: body.deliveryMode as string,
		amountMode: body.amountMode as string,
		payer: payer as Json,
		recipients,
		instructions: paymentLink ? { paymentLink } : {},
		termsAccepted: body.termsAccepted === true,
		createdFrom: null,
		lastConnectorPaymentId: null,
		lastPaymentLinkUrl: null,
		lastExecutionConnector: null,
		bulkProgress: null,
		documentIds: [],
	};
}

export function sortedRecipients(intent: PaymentIntent): Recipient[] {
	return [...intent.recipients].sort((a, b) => a.order - b.order);
}

/** The currency the payer is shown, following instructions.paymentLink.displayCurrencySource. */
export function displayCurrency(intent: Pick<PaymentIntent, 'recipients' | 'instructions' | 'amountMode'>): string | null {
	const link = intent.instructions.paymentLink ?? {};
	const first = intent.recipients[0]?.amount.currency ?? null;
	switch (link.displayCurrencySource) {
		case 'explicit':
			return link.displayCurrency ?? null;
		case 'first_recipient_currency':
		case 'primary_recipient_currency':
			return first;
		default:
			// Split links must name it; a fixed link can fall back to its recipient's currency.
			return link.displayCurrency ?? (intent.amountMode === 'fixed_payee_amounts' ? first : null);
	}
}

export function fixedTotal(intent: Pick<PaymentIntent, 'recipients' | 'amountMode'>): string | null {
	if (intent.amountMode !== 'fixed_payee_amounts') return null;
	const currencies = new Set(intent.recipients.map((r) => r.amount.currency));
	if (currencies.size !== 1) return null;
	return formatCents(intent.recipients.reduce((sum, r) => sum + (parseAmount(r.amount.payeeAmount ?? '') ?? 0), 0));
}

interface RuleResult {
	status: 'enabled' | 'disabled';
	reason?: string;
	missingRequirements: FieldProblem[];
}

export function evaluateRule(intent: PaymentIntent): RuleResult {
	if (!USE_CASES.includes(intent.useCase)) {
		return { status: 'disabled', reason: `no rule enabled for useCase ${intent.useCase}`, missingRequirements: [] };
	}
	const missing: FieldProblem[] = [];
	const { maxRecipients } = profileOf(intent.deliveryMode);
	if (intent.recipients.length > maxRecipients) {
		missing.push({ field: 'recipients', message: `${intent.recipients.length} recipients; this connector allows at most ${maxRecipients}` });
	}
	if (intent.amountMode === 'free_entry_with_portions') {
		const sum = intent.recipients.reduce((total, r) => total + (r.amount.portionBps ?? 0), 0);
		if (sum !== FULL_SHARE_BPS) {
			missing.push({ field: 'recipients[].amount.portionBps', message: `portions sum to ${sum}; they must sum to ${FULL_SHARE_BPS}` });
		}
	}
	if (intent.deliveryMode === 'reusable_payment_link' && !displayCurrency(intent)) {
		missing.push({ field: 'instructions.paymentLink.displayCurrency', message: 'required for split links (or set displayCurrencySource)' });
	}
	if (!intent.termsAccepted) missing.push({ field: 'termsAccepted', message: 'terms must be accepted (true)' });
	return { status: 'enabled', missingRequirements: missing };
}

/** The stateless preview of POST /v2/payment-intents/requirements. */
export function previewRequirements(body: Json): Json {
	const problems: FieldProblem[] = [];
	if (!DELIVERY_MODES.includes(body.deliveryMode as string)) problems.push({ field: 'deliveryMode', message: `must be one of ${DELIVERY_MODES.join(', ')}` });
	if (!AMOUNT_MODES.includes(body.amountMode as string)) problems.push({ field: 'amountMode', message: `must be one of ${AMOUNT_MODES.join(', ')}` });
	if (!isText(body.useCase)) problems.push({ field: 'useCase', message: 'required string' });
	if (problems.length) failValidation(problems);
	const profile = profileOf(body.deliveryMode as string);
	const isLink = body.deliveryMode === 'reusable_payment_link';
	const split = body.amountMode === 'free_entry_with_portions';
	return {
		useCase: body.useCase,
		deliveryMode: body.deliveryMode,
		amountMode: body.amountMode,
		connector: profile.connector,
		rule: { status: USE_CASES.includes(body.useCase as string) ? 'enabled' : 'disabled' },
		limits: { minRecipients: 1, maxRecipients: profile.maxRecipients },
		controls: { acceptedLimitations: profile.acceptedLimitations },
		requiredFields: [
			...(isLink ? ['payer.role=unknown_link_payer'] : ['payer.role']),
			'recipients[].role',
			'recipients[].order',
			'recipients[].connectorPayeeId',
			split ? 'recipients[].amount.portionBps' : 'recipients[].amount.payeeAmount',
			'recipients[].amount.currency',
			...(isLink && split ? ['instructions.paymentLink.displayCurrency'] : []),
			'termsAccepted',
		],
	};
}
