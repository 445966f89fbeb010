// Public data shapes of the sandbox. Everything here is plain JSON-serialisable data (except
// RecordedRequest.rawBody) so the HTTP control API can return the same objects.

export interface SandboxKeys {
	v2ApiKey: string;
	euroWalletApiKey: string;
	euroWalletSecretKey: string;
	euroWalletTransactionSecret: string;
}

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	keys?: Partial<SandboxKeys>;
	/** Seed of the PRNG behind probabilistic faults. */
	seed?: number;
	/** How list endpoints answer; default 'none', the documented unpaged shape. */
	listPaging?: ListPaging;
}

/**
 * Shapes of the v2 list answers (GET /v2/payment-intents, GET /v2/payments). The docs print only
 * `none`; the others are assumptions a client must survive:
 * - 'none': `{ paymentIntents: [...] }`, the whole list, page/limit ignored (the docs' shape);
 * - 'page-limit': page (1-based) and limit (1..100, default 20) honoured, meta {page, limit, total, totalPages};
 * - 'page-ignored': the whole list on every page, with a meta that always claims another page;
 * - 'oversized-pages': pages of 150 whatever limit asks, honest meta;
 * - 'no-totals': page and limit honoured, meta {page, limit} only.
 */
export type ListPaging = 'none' | 'page-limit' | 'page-ignored' | 'oversized-pages' | 'no-totals';

export const LIST_PAGING_MODES: readonly ListPaging[] = ['none', 'page-limit', 'page-ignored', 'oversized-pages', 'no-totals'];

export type FaultKind =
	| 'status-before-commit'
	| 'status-after-commit'
	| 'reset-before-commit'
	| 'reset-after-commit'
	| 'delay-after-commit'
	| 'delay-before-commit'
	| 'retry-after';

export interface FaultSpec {
	/** 'METHOD /path' (":name" segments match any one segment) or '*'. */
	route: string;
	kind: FaultKind;
	status?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
	body?: unknown;
	/** Default 1; default unlimited when `probability` is set. */
	times?: number;
	probability?: number;
	/** When non-empty, each firing picks one of these instead of `kind`. */
	kinds?: FaultKind[];
	/** Only requests whose decoded query or body contains this text, e.g. one item's reference. */
	match?: string;
	/** Let this many matching requests through before the fault starts firing (e.g. 9: the tenth item fails). */
	skip?: number;
	/** Body of the error answer: the API's JSON error (default, or `body`), a proxy's HTML page, or nothing. */
	bodyFormat?: FaultBodyFormat;
}

export type FaultBodyFormat = 'json' | 'html' | 'empty';

export interface RecordedRequest {
	method: string;
	path: string;
	query: string;
	headers: Record<string, string>;
	rawBody: Buffer;
	bodyText: string;
	/** Status the sandbox answered with; 0 when the socket was reset or the client went away. */
	status: number;
	receivedAt: number;
	/** API requests already received and not yet closed when this one arrived: the client's concurrency, measured without timing. */
	inFlightOnArrival: number;
	/** When the response closed (answered, reset or abandoned); unset while it is still open. */
	closedAt?: number;
}

export type EuroWalletStatus = 'PENDING' | 'COMPLETED' | 'REJECTED';

export interface EuroWalletAccount {
	iban: string;
	status: 'ACTIVE' | 'CLOSED';
	balanceCents: number;
	tagName: string | null;
	swiftAccount?: string;
}

export interface EuroWalletPayment {
	paymentId: string;
	externalPaymentId?: string;
	batchReference?: string;
	/** Our account (debited for outgoing, credited for incoming). */
	account: string;
	/** EUR amount booked on `account`. */
	amount: string;
	/** Amount and currency as ordered, for non-EUR SWIFT payments. */
	originalAmount?: string;
	originalCurrency?: string;
	direction: 'incoming' | 'outgoing';
	status: EuroWalletStatus;
	networkType: 'SEPA' | 'SWIFT';
	/** Counterparty: beneficiary of an outgoing payment, payer of an incoming one. */
	otherName: string;
	otherAccount: string;
	details: string;
	date: string;
	/** Balance of `account` right after this entry. */
	runningBalance: string;
	/** Set when an outgoing payment went to another of our own IBANs and credited it. */
	internalCredit?: { account: string; runningBalance: string };
	/** The decoded request parameters that created it (outgoing API payments only). */
	request?: Record<string, string>;
	createdAt: string;
}

export interface Money {
	payeeAmount?: string;
	portionBps?: number;
	currency: string;
}

export interface Recipient {
	role: string;
	order: number;
	connectorPayeeId: number;
	splitRole?: string;
	amount: Money;
}

export interface PaymentLinkInstructions {
	displayCurrency?: string;
	displayCurrencySource?: 'explicit' | 'first_recipient_currency' | 'primary_recipient_currency';
	reference?: string;
	includeCreatedByText?: boolean;
}

export interface Connector {
	provider: string;
	action: string;
	version: string;
}

export interface Execution {
	id: string;
	connector: Connector;
	status: string;
	paymentLinkUrl?: string;
	/** The submit's Idempotency-Key (absent on child submissions). */
	idempotencyKey?: string;
	createdAt: string;
}

export interface PaymentIntent {
	id: string;
	status: string;
	useCase: string;
	deliveryMode: string;
	amountMode: string;
	payer: Record<string, unknown>;
	recipients: Recipient[];
	instructions: { paymentLink?: PaymentLinkInstructions };
	termsAccepted: boolean;
	publicLinkId: string | null;
	createdFrom: { paymentIntentId: string } | null;
	/** Payer-entered total (child submissions) or the fixed total (fixed links). */
	amount: string | null;
	currency: string | null;
	executions: Execution[];
	lastConnectorPaymentId: string | null;
	lastPaymentLinkUrl: string | null;
	lastExecutionConnector: Connector | null;
	bulkProgress: null;
	documentIds: string[];
	createdAt: string;
	updatedAt: string;
}

export interface V2Payment {
	id: number;
	status: string;
	amount: string;
	currency: string;
	payee: { id: number; name: string; country: string };
	payer: { name: string; email: string };
	reference: string;
	createdAt: string;
	updatedAt: string;
}

export interface StoredDocument {
	id: string;
	fileName: string;
	mimeType: string;
	size: number;
	documentType: string;
	content: Buffer;
	createdAt: string;
}

export interface ConversationMessage {
	userId: number;
	isAdminResponse: boolean;
	subject?: string;
	text: string;
	createdOn: string;
	userFullName: string;
	attachmentIds: string[];
}

export interface Conversation {
	id: number;
	paymentId: number;
	isClosed: boolean;
	isRead: boolean;
	messages: ConversationMessage[];
}

export interface Quote {
	quoteId: string;
	publicLinkId: string;
	amount: string;
	currency: string;
	payerCountryCode: string;
	expiresAt: string;
	variants: { id: string; method: 'bank_transfer' | 'card' | 'installments'; payerAmount: string; payerCurrency: string; fee: string }[];
}

export type WebhookVariant =
	| 'valid'
	| 'tampered-body'
	| 'wrong-key'
	| 'missing-signature'
	| 'malformed-signature'
	| 'empty-body'
	| 're-serialised'
	| 'signature-not-hex'
	| 'signature-not-der'
	| 'signature-raw-rs';

export interface SendWebhookOptions {
	variant?: WebhookVariant;
	event?: string;
	payload?: Record<string, unknown>;
	/** Build the payload from this ledger payment instead of the default sample. */
	paymentId?: string;
	headers?: Record<string, string>;
}

export interface CompleteLinkSubmissionOptions {
	amount?: string;
	currency?: string;
	payerName?: string;
	status?: 'completed' | 'pending' | 'failed';
}

export interface IncomingPaymentOptions {
	account?: string;
	amount: string;
	otherName?: string;
	otherAccount?: string;
	details?: string;
	date?: string;
}

/** A file for a sandbox-authored (admin) conversation attachment. */
export interface AttachmentFile {
	fileName: string;
	mimeType?: string;
	content: Buffer | string;
}

export interface CreatePaymentOptions {
	amount?: string;
	currency?: string;
	status?: string;
	payeeId?: number;
	reference?: string;
}

/** An EuroWallet account as the API shows it. */
export interface AccountView {
	iban: string;
	status: 'ACTIVE' | 'CLOSED';
	balance: string;
	tagName: string | null;
}

export interface Sandbox {
	/** 'http://127.0.0.1:PORT', no trailing slash. */
	url: string;
	keys: SandboxKeys;
	/** P-256 SPKI PEM of the key that signs this sandbox's webhooks (fresh per start). */
	webhookPublicKeyPem: string;
	/** Stops listening and destroys open sockets (held delayed responses included). */
	close(): Promise<void>;
	/** Clears all state, faults and the request log and restarts the fault PRNG; keeps keys and the start options. */
	reset(): void;
	/** Changes how list endpoints answer until the next reset. */
	setListPaging(mode: ListPaging): void;
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	/** Every API request received (rejected ones too), in arrival order; control routes excluded. */
	requests(): RecordedRequest[];
	/** Every EuroWallet payment (created through the API or added as incoming), in order. */
	ledger(): EuroWalletPayment[];
	accounts(): AccountView[];
	/** v2 payment intents, child submissions included, in creation order. */
	intents(): PaymentIntent[];
	completeLinkSubmission(parentIntentId: string, opts?: CompleteLinkSubmissionOptions): PaymentIntent;
	setChildStatus(childId: string, status: string): void;
	addIncomingPayment(opts: IncomingPaymentOptions): EuroWalletPayment;
	setPaymentStatus(paymentId: string, status: EuroWalletStatus): void;
	createPayment(opts?: CreatePaymentOptions): V2Payment;
	closeConversation(paymentId: number): void;
	addAdminMessage(paymentId: number, text: string, attachments?: (string | AttachmentFile)[]): Record<string, unknown>;
	/** Hex DER ECDSA-SHA512 signature with the sandbox webhook key. */
	signWebhookBody(rawBody: string | Buffer): string;
	sendWebhook(targetUrl: string, opts?: SendWebhookOptions): Promise<{ status: number; body: string }>;
}
