// All mutable sandbox data. Field initialisers are the seed, so reset() is "copy a fresh instance".
import { nexpayIban } from './iban';
import type {
	Conversation,
	EuroWalletAccount,
	EuroWalletPayment,
	ListPaging,
	PaymentIntent,
	Quote,
	StoredDocument,
	V2Payment,
} from './types';

export const CLIENT_NAME = 'Sandbox Client UAB';
export const TENANT_NAME = 'Sandbox Tenant Ltd';
export const ACCOUNT_LIMIT = 7;

/** Payees that connectorPayeeId can point at; unknown ids still work and get a generic name. */
export const PAYEES: Record<number, { name: string; country: string }> = {
	123: { name: 'Sandbox University', country: 'AU' },
	456: { name: 'Example College London', country: 'GB' },
	14001: { name: TENANT_NAME, country: 'LT' },
};

export function payeeName(id: number): string {
	return PAYEES[id]?.name ?? `Payee ${id}`;
}

export interface IdempotencyRecord {
	fingerprint: string;
	status: number;
	body: string;
}

const SEED_TIME = '2026-03-15T09:00:00.000Z';

function seedAccounts(): EuroWalletAccount[] {
	// The three IBANs of the docs' "Get account information" example (all valid mod-97).
	return [
		{ iban: nexpayIban(10000000208), status: 'ACTIVE', balanceCents: 259000, tagName: null, swiftAccount: 'CH89087999390000000U7' },
		{ iban: nexpayIban(10000000238), status: 'CLOSED', balanceCents: 0, tagName: 'My account' },
		{ iban: nexpayIban(10000000239), status: 'ACTIVE', balanceCents: 109680, tagName: 'My account 2' },
	];
}

function seedPayments(): V2Payment[] {
	const payment = (id: number, status: string, amount: string, currency: string, payeeId: number, reference: string): V2Payment => ({
		id,
		status,
		amount,
		currency,
		payee: { id: payeeId, name: payeeName(payeeId), country: PAYEES[payeeId]?.country ?? 'LT' },
		payer: { name: 'Jane Doe', email: 'jane.doe@example.test' },
		reference,
		createdAt: SEED_TIME,
		updatedAt: SEED_TIME,
	});
	return [
		payment(123, 'processing', '10000.00', 'AUD', 123, 'INV-2026-001'),
		payment(124, 'completed', '2450.50', 'GBP', 456, 'TUITION-2026-17'),
		payment(125, 'pending', '1200.00', 'EUR', 14001, 'SERVICE-2026-03'),
	];
}

function seedConversations(): Map<number, Conversation> {
	// The docs' example thread, on payment 123.
	const conversation: Conversation = {
		id: 42,
		paymentId: 123,
		isClosed: false,
		isRead: true,
		messages: [
			{
				userId: 300,
				isAdminResponse: false,
				subject: 'Payment query',
				text: 'Can you confirm the enrollment letter was received?',
				createdOn: '2026-03-15T09:00:00.000Z',
				userFullName: 'Jane Doe',
				attachmentIds: [],
			},
			{
				userId: 1,
				isAdminResponse: true,
				text: 'Yes, we have received all documents. Payment is being processed.',
				createdOn: '2026-03-15T10:30:00.000Z',
				userFullName: 'Support Team',
				attachmentIds: [],
			},
		],
	};
	return new Map([[conversation.paymentId, conversation]]);
}

export class SandboxState {
	// EuroWallet (legacy API)
	accounts: EuroWalletAccount[] = seedAccounts();
	/** Every EuroWallet payment, in creation order. */
	ewPayments: EuroWalletPayment[] = [];
	nextEwPaymentId = 1000;
	nextAccountNumber = 20000000701;
	/** Last accepted nonce per API key. */
	lastNonce = new Map<string, bigint>();

	// v2 API
	intents: PaymentIntent[] = [];
	/** Keyed by Idempotency-Key (there is one API key, so one key space). */
	idempotency = new Map<string, IdempotencyRecord>();
	payments: V2Payment[] = seedPayments();
	nextPaymentId = 126;
	/** Keyed by payment id: at most one conversation per payment. */
	conversations = seedConversations();
	nextConversationId = 43;
	documents = new Map<string, StoredDocument>();
	quotes = new Map<string, Quote>();
	/** How list endpoints answer (see ListPaging); the sandbox sets it from its options. */
	listPaging: ListPaging = 'none';

	reset(): void {
		Object.assign(this, new SandboxState());
	}

	defaultAccount(): EuroWalletAccount {
		return this.accounts[0];
	}

	findAccount(iban: string): EuroWalletAccount | undefined {
		return this.accounts.find((a) => a.iban === iban);
	}

	findIntent(id: string): PaymentIntent | undefined {
		return this.intents.find((i) => i.id === id);
	}

	findIntentByLink(publicLinkId: string): PaymentIntent | undefined {
		return this.intents.find((i) => i.publicLinkId === publicLinkId);
	}

	findPayment(id: string): V2Payment | undefined {
		return /^\d+$/.test(id) ? this.payments.find((p) => p.id === Number(id)) : undefined;
	}
}
