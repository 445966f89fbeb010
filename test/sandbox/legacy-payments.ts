// EuroWallet payment endpoints: create (with its transaction signature and externalPaymentId
// idempotency), commission, status, details, history, FX rate and SWIFT currencies.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { json, nowIso, Reject, today, type Handler, type HandlerResult } from './http';
import { isNexpayIban, isValidIban } from './iban';
import { invalidParameter, legacyError, missingParameter, readParams, requestError } from './legacy-common';
import { formatCents, parseAmount } from './money';
import { COUNTRY_CODES, FX_RATES, SWIFT_CURRENCIES } from './reference-data';
import { CLIENT_NAME, type SandboxState } from './state';
import type { EuroWalletPayment, IncomingPaymentOptions, SandboxKeys } from './types';

const MANDATORY = ['requestTime', 'account', 'amount', 'beneficiaryName', 'beneficiaryAccount', 'beneficiaryReference', 'transactionSignature'];
const SWIFT_MANDATORY = ['beneficiaryBankBic', 'beneficiaryBankName', 'beneficiaryAddressStreet', 'beneficiaryAddressTown', 'beneficiaryAddressCountry'];
/** The order the docs' transaction-signature pseudo-code concatenates. */
const SIGNED_FIELDS = ['requestTime', 'account', 'amount', 'beneficiaryName', 'beneficiaryAddress', 'beneficiaryAccount', 'beneficiaryReference', 'externalPaymentId'];
const REQUEST_TIME_WINDOW_MS = 5 * 60 * 1000;
const COMMISSION = { SEPA: '3.00', SWIFT: '25.00' } as const;

type NetworkType = 'SEPA' | 'SWIFT';

function check(condition: boolean, failure: () => HandlerResult): asserts condition {
	if (!condition) throw new Reject(failure());
}

function lengthBetween(value: string, min: number, max: number, tooShort: number, tooLong: number, label: string): void {
	const length = [...value].length;
	check(length >= min, () => legacyError(400, tooShort, `${label} too short`));
	check(length <= max, () => legacyError(400, tooLong, `${label} too long`));
}

function networkTypeOf(params: Record<string, string>): NetworkType {
	const value = params.networkType || 'SEPA';
	check(value === 'SEPA' || value === 'SWIFT', () => legacyError(400, 20050, 'Invalid payment network type'));
	return value as NetworkType;
}

function transactionSignatureValid(params: Record<string, string>, secret: string): boolean {
	// Raw (decoded) values; fields the request does not carry are left out.
	const message = SIGNED_FIELDS.filter((name) => name in params)
		.map((name) => `${name}=${params[name]}`)
		.join('&');
	const expected = Buffer.from(createHmac('sha512', secret).update(message, 'utf8').digest('hex'));
	const given = Buffer.from(params.transactionSignature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

function validateSwift(params: Record<string, string>): void {
	const bic = params.beneficiaryBankBic;
	check(bic.length <= 11, () => legacyError(400, 20060, 'Beneficiary bank BIC too long'));
	check(bic.length >= 8, () => legacyError(400, 20061, 'Beneficiary bank BIC too short'));
	check(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic), () => invalidParameter('beneficiaryBankBic must be 8 or 11 letters/digits'));
	check(params.beneficiaryBankName.length <= 140, () => legacyError(400, 20080, 'Beneficiary bank name too long'));
	lengthBetween(params.beneficiaryAddressStreet, 2, 70, 20090, 20091, 'Beneficiary address street');
	lengthBetween(params.beneficiaryAddressTown, 2, 35, 20100, 20101, 'Beneficiary address town');
	check(COUNTRY_CODES.has(params.beneficiaryAddressCountry), () => legacyError(400, 20111, 'Beneficiary address country invalid'));
}

/** EUR cents booked for the ordered amount (non-EUR SWIFT converts at the fixed rate). */
function bookedCents(amountCents: number, currency: string): number {
	return Math.round(amountCents / Number(FX_RATES[currency]));
}

function createPayment(state: SandboxState, keys: SandboxKeys): Handler {
	return (ctx) => {
		const p = readParams(ctx);
		for (const name of MANDATORY) check(Boolean(p[name]), () => missingParameter(name));
		const networkType = networkTypeOf(p);
		if (networkType === 'SWIFT') for (const name of SWIFT_MANDATORY) check(Boolean(p[name]), () => missingParameter(name));

		const requestTime = Number(p.requestTime);
		check(/^\d{1,16}$/.test(p.requestTime) && Math.abs(Date.now() - requestTime) <= REQUEST_TIME_WINDOW_MS, () =>
			legacyError(400, 20000, 'Invalid request time'),
		);
		check(transactionSignatureValid(p, keys.euroWalletTransactionSecret), () => legacyError(400, 20040, 'Invalid transaction signature'));
		lengthBetween(p.beneficiaryName, 2, 70, 20020, 20010, 'Beneficiary name');
		check([...p.beneficiaryReference].length <= 140, () => legacyError(400, 20030, 'Reference information for beneficiary too long'));
		if (networkType === 'SWIFT') validateSwift(p);

		const amountCents = parseAmount(p.amount);
		check(amountCents !== null, () => invalidParameter('amount must be a decimal greater than 0.00 with at most two fraction digits'));
		const currency = p.currency || 'EUR';
		const currencies = networkType === 'SWIFT' ? SWIFT_CURRENCIES : ['EUR'];
		check(currencies.includes(currency), () => invalidParameter(`currency ${currency} is not supported for ${networkType} payments`));
		check((p.externalPaymentId ?? '').length <= 36, () => invalidParameter('externalPaymentId is longer than 36 characters'));
		if (networkType === 'SEPA') check(isValidIban(p.beneficiaryAccount), () => invalidParameter('beneficiaryAccount is not a valid IBAN'));

		// Recovery-check idempotency: a known externalPaymentId answers with the existing payment.
		const existing = p.externalPaymentId ? state.ewPayments.find((x) => x.externalPaymentId === p.externalPaymentId) : undefined;
		if (existing) return json(200, { paymentId: existing.paymentId, status: existing.status });

		const account = state.findAccount(p.account);
		check(account?.status === 'ACTIVE', () => requestError(`Account ${p.account} is not an active account of this client`));
		check(p.beneficiaryAccount !== account.iban, () => requestError('Beneficiary account must differ from the debited account'));
		const debit = bookedCents(amountCents, currency);
		check(debit <= account.balanceCents, () => requestError(`Insufficient funds: balance ${formatCents(account.balanceCents)} EUR`));

		account.balanceCents -= debit;
		const own = state.findAccount(p.beneficiaryAccount);
		const internal = own?.status === 'ACTIVE' ? own : undefined;
		if (internal) internal.balanceCents += debit;
		const payment: EuroWalletPayment = {
			paymentId: String(state.nextEwPaymentId++),
			...(p.externalPaymentId ? { externalPaymentId: p.externalPaymentId } : {}),
			account: account.iban,
			amount: formatCents(debit),
			...(currency !== 'EUR' ? { originalAmount: formatCents(amountCents), originalCurrency: currency } : {}),
			direction: 'outgoing',
			// Sandbox rule from the docs: transfers to Nexpay IBANs complete, others stay pending.
			status: isNexpayIban(p.beneficiaryAccount) ? 'COMPLETED' : 'PENDING',
			networkType,
			otherName: p.beneficiaryName,
			otherAccount: p.beneficiaryAccount,
			details: p.beneficiaryReference,
			date: today(),
			runningBalance: formatCents(account.balanceCents),
			...(internal ? { internalCredit: { account: internal.iban, runningBalance: formatCents(internal.balanceCents) } } : {}),
			request: p,
			createdAt: nowIso(),
		};
		state.ewPayments.push(payment);
		return json(200, { paymentId: payment.paymentId, status: payment.status });
	};
}

const commission: Handler = (ctx) => {
	const p = readParams(ctx);
	for (const name of ['beneficiaryBankAccount', 'amount']) check(Boolean(p[name]), () => missingParameter(name));
	check(isValidIban(p.beneficiaryBankAccount), () => invalidParameter('beneficiaryBankAccount is not a valid IBAN'));
	check(parseAmount(p.amount) !== null, () => invalidParameter('amount must be a decimal greater than 0.00 with at most two fraction digits'));
	return json(200, { commissionAmount: COMMISSION[networkTypeOf(p)] });
};

/** clientPaymentId XOR externalPaymentId, as status and details both require. */
function lookup(state: SandboxState, p: Record<string, string>): EuroWalletPayment {
	const byClientId = Boolean(p.clientPaymentId);
	const byExternalId = Boolean(p.externalPaymentId);
	check(byClientId || byExternalId, () => legacyError(400, 20000, 'paymentId or externalPaymentId parameters was not provided'));
	check(!(byClientId && byExternalId), () => legacyError(400, 20010, 'Both paymentId and externalPaymentId parameters was provided'));
	if (byClientId) check(/^\d+$/.test(p.clientPaymentId), () => invalidParameter('clientPaymentId must be an integer'));
	const found = byClientId
		? state.ewPayments.find((x) => x.paymentId === String(Number(p.clientPaymentId)))
		: state.ewPayments.find((x) => x.externalPaymentId === p.externalPaymentId);
	check(found !== undefined, () => requestError('No payment found with given payment parameter'));
	return found;
}

/** Shared by details and history; optional fields only when set, as in the docs' examples. */
function entryView(payment: EuroWalletPayment, side: 'debit' | 'credit'): Record<string, unknown> {
	const credit = side === 'credit' && payment.internalCredit;
	return {
		networkType: payment.networkType,
		date: payment.date,
		beneficiaryName: payment.otherName,
		account: credit ? payment.internalCredit?.account : payment.account,
		details: payment.details,
		amount: payment.amount,
		...(payment.originalAmount ? { originalAmount: payment.originalAmount, originalCurrency: payment.originalCurrency } : {}),
		runningBalance: credit ? payment.internalCredit?.runningBalance : payment.runningBalance,
		direction: credit ? 'incoming' : payment.direction,
		paymentId: payment.paymentId,
		...(payment.externalPaymentId ? { externalPaymentId: payment.externalPaymentId } : {}),
		...(payment.batchReference ? { batchReference: payment.batchReference } : {}),
	};
}

function paymentStatus(state: SandboxState): Handler {
	return (ctx) => {
		const payment = lookup(state, readParams(ctx));
		// The docs show an integer here (and a string everywhere else).
		return json(200, { paymentId: Number(payment.paymentId), status: payment.status });
	};
}

function paymentDetails(state: SandboxState): Handler {
	return (ctx) => {
		const payment = lookup(state, readParams(ctx));
		return json(200, { ...entryView(payment, 'debit'), status: payment.status });
	};
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function history(state: SandboxState): Handler {
	return (ctx) => {
		const p = readParams(ctx);
		for (const name of ['fromDate', 'toDate']) {
			if (p[name]) check(DATE.test(p[name]) && !Number.isNaN(Date.parse(p[name])), () => invalidParameter(`${name} must be yyyy-MM-dd`));
		}
		const account = p.account ? state.findAccount(p.account) : state.defaultAccount();
		check(account !== undefined, () => requestError(`Account ${p.account} not found`));
		const iban = account.iban;
		const inRange = (date: string): boolean => (!p.fromDate || date >= p.fromDate) && (!p.toDate || date <= p.toDate);

		let debit = 0;
		let credit = 0;
		const entries: Record<string, unknown>[] = [];
		const signed: number[] = [];
		for (const payment of state.ewPayments) {
			const side = payment.account === iban ? 'debit' : payment.internalCredit?.account === iban ? 'credit' : null;
			if (!side || !inRange(payment.date)) continue;
			const view = entryView(payment, side);
			const cents = Math.round(Number(payment.amount) * 100);
			const incoming = view.direction === 'incoming';
			if (incoming) credit += cents;
			else debit += cents;
			signed.push(incoming ? cents : -cents);
			entries.push(view);
		}
		const current = account.balanceCents;
		const last = entries.at(-1);
		const balanceEnd = last ? Math.round(Number(last.runningBalance) * 100) : current;
		const balanceStart = entries.length ? Math.round(Number(entries[0].runningBalance) * 100) - signed[0] : current;
		return json(200, {
			debitTurnover: formatCents(debit),
			creditTurnover: formatCents(credit),
			balanceStart: formatCents(balanceStart),
			balanceEnd: formatCents(balanceEnd),
			clientName: CLIENT_NAME,
			account: iban,
			entries,
		});
	};
}

const fxRate: Handler = (ctx) => {
	const p = readParams(ctx);
	check(Boolean(p.currency), () => missingParameter('currency'));
	const rate = FX_RATES[p.currency];
	check(rate !== undefined, () => invalidParameter(`currency ${p.currency} is not supported`));
	return json(200, { fxRate: rate });
};

const swiftCurrencies: Handler = () => json(200, { swiftCurrencies: SWIFT_CURRENCIES });

export function paymentRoutes(state: SandboxState, keys: SandboxKeys): [string, string, Handler][] {
	return [
		['POST', '/api/2/eurowallet/payments', createPayment(state, keys)],
		['GET', '/api/1/eurowallet/payments/commission', commission],
		['GET', '/api/1/eurowallet/payments/status', paymentStatus(state)],
		['GET', '/api/1/nexpay/payments', paymentDetails(state)],
		['GET', '/api/1/eurowallet/payments/history', history(state)],
		['GET', '/api/2/eurowallet/payments/fx-rate', fxRate],
		['GET', '/api/2/eurowallet/payments/swift-currencies', swiftCurrencies],
	];
}

/** Test helper: an incoming SEPA credit that shows up in history and the ledger. */
export function addIncomingPayment(state: SandboxState, opts: IncomingPaymentOptions): EuroWalletPayment {
	const account = opts.account ? state.findAccount(opts.account) : state.defaultAccount();
	if (!account) throw new Error(`addIncomingPayment: unknown account ${opts.account}`);
	const cents = parseAmount(opts.amount);
	if (cents === null) throw new Error(`addIncomingPayment: invalid amount ${opts.amount}`);
	account.balanceCents += cents;
	const payment: EuroWalletPayment = {
		paymentId: String(state.nextEwPaymentId++),
		account: account.iban,
		amount: formatCents(cents),
		direction: 'incoming',
		status: 'COMPLETED',
		networkType: 'SEPA',
		otherName: opts.otherName ?? 'Sandbox Payer GmbH',
		otherAccount: opts.otherAccount ?? 'DE89370400440532013000',
		details: opts.details ?? 'Incoming payment',
		date: opts.date ?? today(),
		runningBalance: formatCents(account.balanceCents),
		createdAt: nowIso(),
	};
	state.ewPayments.push(payment);
	return payment;
}

/** Test helper: move a payment to another status (balances are left as they are). */
export function setPaymentStatus(state: SandboxState, paymentId: string, status: EuroWalletPayment['status']): void {
	const payment = state.ewPayments.find((x) => x.paymentId === paymentId);
	if (!payment) throw new Error(`setPaymentStatus: unknown payment ${paymentId}`);
	payment.status = status;
}
