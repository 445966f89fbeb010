// Public payer endpoints of a published payment link (no auth), the hosted page the link URL
// points at, and the child submissions each payer creates.
import { randomBytes } from 'node:crypto';
import { json, nowIso, type Handler, type HandlerResult } from './http';
import { formatCents, parseAmount } from './money';
import { COUNTRY_CODES, FX_RATES } from './reference-data';
import { payeeName, TENANT_NAME, type SandboxState } from './state';
import type { CompleteLinkSubmissionOptions, PaymentIntent, Quote, Recipient } from './types';
import { fail, failValidation, isObject, newId, readJson, type FieldProblem } from './v2-common';
import { uploadDocument } from './v2-documents';
import { displayCurrency, LINK_CONNECTOR, sortedRecipients } from './v2-intent-rules';
import { intentView } from './v2-intents';

const QUOTE_TTL_MS = 15 * 60 * 1000;
const MIN_AMOUNT_CENTS = 100;
const EURO_AREA = new Set('AT BE HR CY EE FI FR DE GR IE IT LV LT LU MT NL PT SK SI ES'.split(' '));
const LOCAL_CURRENCY: Record<string, string> = {
	AU: 'AUD', GB: 'GBP', US: 'USD', CA: 'CAD', NZ: 'NZD', SG: 'SGD', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN',
	HK: 'HKD', CH: 'CHF', CZ: 'CZK', JP: 'JPY', HU: 'HUF', BG: 'BGN',
};
/** Fee per payment method, in basis points of the converted amount. */
const METHOD_FEES_BPS = { bank_transfer: 0, card: 250, installments: 400 } as const;

/** Only published links resolve; a draft's token is not public yet. */
function activeLink(state: SandboxState, token: string): PaymentIntent {
	const intent = state.findIntentByLink(token);
	if (!intent || intent.status !== 'active') fail(404, 'PAY0001', { publicLinkId: token });
	return intent;
}

function fixedAmount(intent: PaymentIntent): string | null {
	return intent.amountMode === 'fixed_payee_amounts' ? intent.amount : null;
}

function resolveLink(state: SandboxState): Handler {
	return (ctx) => {
		const link = activeLink(state, ctx.params.token);
		const reference = link.instructions.paymentLink?.reference ?? null;
		return json(200, {
			publicLinkId: link.publicLinkId,
			status: link.status,
			recipientName: payeeName(sortedRecipients(link)[0].connectorPayeeId),
			amountMode: link.amountMode === 'fixed_payee_amounts' ? 'fixed' : 'open',
			amount: fixedAmount(link),
			currency: displayCurrency(link),
			reference,
			createdByText: link.instructions.paymentLink?.includeCreatedByText ? `Created by ${TENANT_NAME}` : null,
		});
	};
}

function convert(cents: number, from: string, to: string): number {
	return Math.round((cents / Number(FX_RATES[from])) * Number(FX_RATES[to]));
}

function quote(state: SandboxState): Handler {
	return (ctx) => {
		const link = activeLink(state, ctx.params.token);
		const body = readJson(ctx);
		const fixed = fixedAmount(link);
		const amountText = fixed ?? body.amount;
		const cents = typeof amountText === 'string' ? parseAmount(amountText) : null;
		const country = body.payerCountryCode;
		const problems: FieldProblem[] = [];
		if (cents === null) problems.push({ field: 'amount', message: 'required decimal string greater than 0, e.g. "1500.00"' });
		if (fixed && body.amount !== undefined && parseAmount(String(body.amount)) !== cents) problems.push({ field: 'amount', message: `this link has a fixed amount of ${fixed}` });
		if (typeof country !== 'string' || !COUNTRY_CODES.has(country)) problems.push({ field: 'payerCountryCode', message: 'required ISO 3166-1 alpha-2 code' });
		if (problems.length || cents === null) failValidation(problems);
		const currency = displayCurrency(link) ?? '';
		const payerCurrency = EURO_AREA.has(country as string) ? 'EUR' : (LOCAL_CURRENCY[country as string] ?? 'USD');
		if (!FX_RATES[currency]) fail(422, 'QOT0003', { fromCurrency: payerCurrency, toCurrency: currency });
		if (cents < MIN_AMOUNT_CENTS) fail(422, 'QOT0004', { minimum: formatCents(MIN_AMOUNT_CENTS), currency });

		const converted = convert(cents, currency, payerCurrency);
		const stored: Quote = {
			quoteId: newId('qt'),
			publicLinkId: ctx.params.token,
			amount: formatCents(cents),
			currency,
			payerCountryCode: country as string,
			expiresAt: new Date(Date.now() + QUOTE_TTL_MS).toISOString(),
			variants: (Object.keys(METHOD_FEES_BPS) as (keyof typeof METHOD_FEES_BPS)[]).map((method) => {
				const fee = Math.round((converted * METHOD_FEES_BPS[method]) / 10000);
				return { id: newId('qv'), method, payerAmount: formatCents(converted + fee), payerCurrency, fee: formatCents(fee) };
			}),
		};
		state.quotes.set(stored.quoteId, stored);
		return json(201, stored);
	};
}

/** Splits a payer total by portionBps; the rounding remainder goes to the first recipient. */
function childRecipients(parent: PaymentIntent, cents: number, currency: string): Recipient[] {
	if (parent.amountMode === 'fixed_payee_amounts') return structuredClone(parent.recipients);
	const shares = parent.recipients.map((r) => Math.floor((cents * (r.amount.portionBps ?? 0)) / 10000));
	shares[0] += cents - shares.reduce((a, b) => a + b, 0);
	return parent.recipients.map((r, i) => ({ ...structuredClone(r), amount: { ...r.amount, payeeAmount: formatCents(shares[i]), currency } }));
}

function createChild(
	state: SandboxState,
	parent: PaymentIntent,
	opts: { cents: number; currency: string; payer: Record<string, unknown>; status: string; documentIds: string[] },
): PaymentIntent {
	const now = nowIso();
	const child: PaymentIntent = {
		id: newId('pi'),
		status: opts.status,
		useCase: parent.useCase,
		deliveryMode: 'payment_link_submission',
		amountMode: parent.amountMode,
		payer: { role: 'link_payer', ...opts.payer },
		recipients: childRecipients(parent, opts.cents, opts.currency),
		instructions: structuredClone(parent.instructions),
		termsAccepted: true,
		publicLinkId: parent.publicLinkId,
		createdFrom: { paymentIntentId: parent.id },
		amount: formatCents(opts.cents),
		currency: opts.currency,
		executions: [{ id: newId('ex'), connector: LINK_CONNECTOR, status: opts.status, paymentLinkUrl: parent.lastPaymentLinkUrl ?? undefined, createdAt: now }],
		lastConnectorPaymentId: `pn_${randomBytes(8).toString('hex')}`,
		lastPaymentLinkUrl: parent.lastPaymentLinkUrl,
		lastExecutionConnector: LINK_CONNECTOR,
		bulkProgress: null,
		documentIds: opts.documentIds,
		createdAt: now,
		updatedAt: now,
	};
	state.intents.push(child);
	return child;
}

function payerSession(state: SandboxState): Handler {
	return (ctx) => {
		const link = activeLink(state, ctx.params.token);
		const body = readJson(ctx);
		const problems: FieldProblem[] = [];
		if (!isObject(body.payerDetails)) problems.push({ field: 'payerDetails', message: 'required object' });
		if (typeof body.quoteId !== 'string') problems.push({ field: 'quoteId', message: 'required string' });
		if (typeof body.variantId !== 'string') problems.push({ field: 'variantId', message: 'required string' });
		const documentIds = body.documentIds ?? [];
		if (!Array.isArray(documentIds) || documentIds.some((d) => typeof d !== 'string')) problems.push({ field: 'documentIds', message: 'must be an array of document ids' });
		if (problems.length) failValidation(problems);

		const stored = state.quotes.get(body.quoteId as string);
		if (!stored || stored.publicLinkId !== link.publicLinkId) fail(404, 'QOT0002', { quoteId: body.quoteId });
		if (Date.parse(stored.expiresAt) < Date.now()) fail(422, 'QOT0001', { quoteId: stored.quoteId, expiresAt: stored.expiresAt });
		if (!stored.variants.some((v) => v.id === body.variantId)) failValidation([{ field: 'variantId', message: 'not a variant of this quote' }]);
		for (const id of documentIds as string[]) if (!state.documents.has(id)) fail(404, 'DOC0001', { documentId: id });

		const child = createChild(state, link, {
			cents: parseAmount(stored.amount) ?? 0,
			currency: stored.currency,
			payer: { ...(body.payerDetails as Record<string, unknown>), countryCode: stored.payerCountryCode },
			status: 'pending',
			documentIds: documentIds as string[],
		});
		const checkoutUrl = `${ctx.baseUrl}/pay/${link.publicLinkId}?paymentIntentId=${child.id}`;
		return json(201, { paymentIntentId: child.id, status: child.status, checkoutUrl, nextAction: { type: 'redirect', url: checkoutUrl } });
	};
}

function linkStatus(state: SandboxState): Handler {
	return (ctx) => {
		const link = activeLink(state, ctx.params.token);
		const childId = new URLSearchParams(ctx.rawQuery).get('paymentIntentId');
		const child = childId === null ? undefined : state.findIntent(childId);
		if (childId !== null && child?.createdFrom?.paymentIntentId !== link.id) fail(404, 'PAY0001', { paymentIntentId: childId });
		return json(200, {
			publicLinkId: link.publicLinkId,
			status: link.status,
			...(child ? { paymentIntent: { id: child.id, status: child.status, amount: child.amount, currency: child.currency } } : {}),
		});
	};
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What paymentLinkUrl opens: a plain page so a browser or an e2e test sees something real. */
function hostedPage(state: SandboxState): Handler {
	return (ctx): HandlerResult => {
		const link = state.findIntentByLink(ctx.params.token);
		const found = link?.status === 'active';
		const title = found ? `Pay ${payeeName(sortedRecipients(link)[0].connectorPayeeId)}` : 'Payment link not found';
		const amount = found ? `${fixedAmount(link) ?? 'Any amount'} ${displayCurrency(link) ?? ''}` : '';
		return {
			status: found ? 200 : 404,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: `<!doctype html><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(amount)}</p><p>Nexpay sandbox</p>`,
		};
	};
}

export function publicRoutes(state: SandboxState): [string, string, Handler][] {
	const upload = uploadDocument(state);
	return [
		['GET', '/v2/public/payment-links/:token', resolveLink(state)],
		['POST', '/v2/public/payment-links/:token/quote', quote(state)],
		['POST', '/v2/public/payment-links/:token/documents', (ctx) => (activeLink(state, ctx.params.token), upload(ctx))],
		['POST', '/v2/public/payment-links/:token/payer-session', payerSession(state)],
		['GET', '/v2/public/payment-links/:token/status', linkStatus(state)],
		['GET', '/pay/:token', hostedPage(state)],
	];
}

/** Test helper: a payer completes a published link (parent intent id or its publicLinkId). */
export function completeLinkSubmission(state: SandboxState, parentId: string, opts: CompleteLinkSubmissionOptions = {}): PaymentIntent {
	const parent = state.findIntent(parentId) ?? state.findIntentByLink(parentId);
	if (!parent || parent.deliveryMode !== 'reusable_payment_link' || parent.status !== 'active') {
		throw new Error(`completeLinkSubmission: ${parentId} is not a published payment link`);
	}
	const amount = opts.amount ?? fixedAmount(parent) ?? '100.00';
	const cents = parseAmount(amount);
	if (cents === null) throw new Error(`completeLinkSubmission: invalid amount ${amount}`);
	const payerName = opts.payerName ?? 'Sandbox Payer';
	const child = createChild(state, parent, {
		cents,
		currency: opts.currency ?? displayCurrency(parent) ?? 'EUR',
		payer: { name: payerName, email: `${payerName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test` },
		status: opts.status ?? 'completed',
		documentIds: [],
	});
	return intentView(child);
}

/** Test helper: move a child submission (or any intent) to another status. */
export function setIntentStatus(state: SandboxState, intentId: string, status: string): void {
	const intent = state.findIntent(intentId);
	if (!intent) throw new Error(`setChildStatus: unknown payment intent ${intentId}`);
	intent.status = status;
	intent.updatedAt = nowIso();
	for (const execution of intent.executions) execution.status = status;
}
