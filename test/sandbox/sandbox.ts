// The Sandbox object tests hold: state, faults and request log behind one HTTP front end, plus
// the helpers that shape state. The HTTP control API calls these same methods.
import { controlRouter } from './control';
import { FaultEngine } from './faults';
import { accountView, legacyApi } from './legacy';
import { addIncomingPayment, setPaymentStatus } from './legacy-payments';
import { HttpFrontend } from './server';
import { SandboxState } from './state';
import type {
	AttachmentFile,
	CompleteLinkSubmissionOptions,
	CreatePaymentOptions,
	EuroWalletStatus,
	FaultSpec,
	IncomingPaymentOptions,
	ListPaging,
	RecordedRequest,
	Sandbox,
	SandboxKeys,
	SandboxOptions,
	SendWebhookOptions,
} from './types';
import { LIST_PAGING_MODES } from './types';
import { v2Api } from './v2';
import { completeLinkSubmission, setIntentStatus } from './v2-links';
import { addAdminMessage, closeConversation, createPayment } from './v2-payments';
import { buildWebhook, postWebhook, WebhookSigner } from './webhooks';

/** Obviously fake, fixed test credentials. */
export const DEFAULT_SANDBOX_KEYS: SandboxKeys = {
	v2ApiKey: 'sandbox-v2-key-not-a-secret-0001',
	euroWalletApiKey: 'sandbox-ew-api-key-not-a-secret-0001',
	euroWalletSecretKey: 'sandbox-ew-secret-key-not-a-secret-0001',
	euroWalletTransactionSecret: 'sandbox-ew-transaction-secret-not-a-secret-0001',
};

const DEFAULT_SEED = 20260315;

function checkListPaging(mode: unknown): ListPaging {
	if (!LIST_PAGING_MODES.includes(mode as ListPaging)) throw new Error(`listPaging must be one of ${LIST_PAGING_MODES.join(', ')}`);
	return mode as ListPaging;
}

class SandboxInstance implements Sandbox {
	readonly keys: SandboxKeys;
	readonly webhookPublicKeyPem: string;
	private readonly state = new SandboxState();
	private readonly faults: FaultEngine;
	private readonly signer = new WebhookSigner();
	private readonly log: RecordedRequest[] = [];
	private readonly startListPaging: ListPaging;
	readonly http: HttpFrontend;

	constructor(options: SandboxOptions) {
		this.keys = { ...DEFAULT_SANDBOX_KEYS, ...options.keys };
		this.startListPaging = checkListPaging(options.listPaging ?? 'none');
		this.state.listPaging = this.startListPaging;
		this.webhookPublicKeyPem = this.signer.publicKeyPem;
		this.faults = new FaultEngine(options.seed ?? DEFAULT_SEED);
		this.http = new HttpFrontend({
			apis: [legacyApi(this.state, this.keys), v2Api(this.state, this.keys)],
			control: controlRouter(this),
			faults: this.faults,
			log: this.log,
		});
	}

	get url(): string {
		return this.http.url;
	}

	close(): Promise<void> {
		return this.http.close();
	}

	reset(): void {
		this.state.reset();
		this.state.listPaging = this.startListPaging;
		this.faults.reset();
		this.log.length = 0;
	}

	setListPaging(mode: ListPaging): void {
		this.state.listPaging = checkListPaging(mode);
	}

	injectFault(fault: FaultSpec): void {
		this.faults.add(fault);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	requests() {
		return this.log.map((r) => ({ ...r, headers: { ...r.headers } }));
	}

	ledger() {
		return structuredClone(this.state.ewPayments);
	}

	accounts() {
		return this.state.accounts.map(accountView);
	}

	intents() {
		return structuredClone(this.state.intents);
	}

	completeLinkSubmission(parentIntentId: string, opts?: CompleteLinkSubmissionOptions) {
		return completeLinkSubmission(this.state, parentIntentId, opts);
	}

	setChildStatus(childId: string, status: string): void {
		setIntentStatus(this.state, childId, status);
	}

	addIncomingPayment(opts: IncomingPaymentOptions) {
		return structuredClone(addIncomingPayment(this.state, opts));
	}

	setPaymentStatus(paymentId: string, status: EuroWalletStatus): void {
		setPaymentStatus(this.state, paymentId, status);
	}

	createPayment(opts?: CreatePaymentOptions) {
		return createPayment(this.state, opts);
	}

	closeConversation(paymentId: number): void {
		closeConversation(this.state, paymentId);
	}

	addAdminMessage(paymentId: number, text: string, attachments?: (string | AttachmentFile)[]) {
		return addAdminMessage(this.state, paymentId, text, attachments);
	}

	signWebhookBody(rawBody: string | Buffer): string {
		return this.signer.sign(rawBody);
	}

	sendWebhook(targetUrl: string, opts?: SendWebhookOptions) {
		return postWebhook(targetUrl, buildWebhook(this.signer, this.state, opts));
	}
}

/** Starts a sandbox on 127.0.0.1 (port 0 = any free port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new SandboxInstance(options);
	await sandbox.http.listen(options.port ?? 0);
	return sandbox;
}
