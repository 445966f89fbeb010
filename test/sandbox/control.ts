// HTTP control API under /__sandbox/ for tests that cannot reach the sandbox object (e2e against
// a real n8n). Each route calls the same Sandbox method the programmatic API exposes. No auth:
// the server only listens on 127.0.0.1. Helper errors answer 400 {error}.
import { json, Reject, type Handler, type HandlerResult, type RequestContext } from './http';
import { Router } from './router';
import type {
	AttachmentFile,
	CompleteLinkSubmissionOptions,
	CreatePaymentOptions,
	FaultSpec,
	IncomingPaymentOptions,
	ListPaging,
	Sandbox,
	SendWebhookOptions,
} from './types';

type Json = Record<string, unknown>;

function body(ctx: RequestContext): Json {
	if (ctx.rawBody.length === 0) return {};
	try {
		const value: unknown = JSON.parse(ctx.rawBody.toString('utf8'));
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
	} catch {
		// answered below
	}
	throw new Reject(json(400, { error: 'body must be a JSON object' }));
}

/** JSON has no Buffer: attachments come as {fileName, mimeType?, content? (utf8), contentBase64?}. */
function attachmentFromJson(value: unknown): string | AttachmentFile {
	if (typeof value === 'string') return value;
	const a = (value ?? {}) as Json;
	if (typeof a.fileName !== 'string') throw new Error('attachment needs a fileName (or pass a document id string)');
	const content = typeof a.contentBase64 === 'string' ? Buffer.from(a.contentBase64, 'base64') : String(a.content ?? '');
	return { fileName: a.fileName, ...(typeof a.mimeType === 'string' ? { mimeType: a.mimeType } : {}), content };
}

const ok = (value: unknown = { ok: true }, status = 200): HandlerResult => json(status, value);

export function controlRouter(sandbox: Sandbox): Router<Handler> {
	const router = new Router<Handler>();
	const route = (method: string, path: string, handler: Handler): void => void router.add(method, `/__sandbox${path}`, handler);

	route('GET', '/info', () => ok({ url: sandbox.url, keys: sandbox.keys, webhookPublicKeyPem: sandbox.webhookPublicKeyPem }));
	route('POST', '/reset', () => (sandbox.reset(), ok()));
	route('POST', '/faults', (ctx) => (sandbox.injectFault(body(ctx) as unknown as FaultSpec), ok({ ok: true }, 201)));
	route('DELETE', '/faults', () => (sandbox.clearFaults(), ok()));
	route('POST', '/options', (ctx) => {
		const { listPaging } = body(ctx);
		if (listPaging !== undefined) sandbox.setListPaging(listPaging as ListPaging);
		return ok();
	});
	route('GET', '/ledger', () => ok(sandbox.ledger()));
	route('GET', '/accounts', () => ok(sandbox.accounts()));
	route('GET', '/intents', () => ok(sandbox.intents()));
	route('GET', '/requests', () => ok(sandbox.requests().map((r) => ({ ...r, rawBody: r.rawBody.toString('base64') }))));

	route('POST', '/webhooks/send', async (ctx) => {
		const { url, ...opts } = body(ctx);
		if (typeof url !== 'string') throw new Error('url is required');
		return ok(await sandbox.sendWebhook(url, opts as SendWebhookOptions));
	});
	route('POST', '/webhooks/sign', (ctx) => ok({ signature: sandbox.signWebhookBody(String(body(ctx).body ?? '')) }));

	route('POST', '/payment-links/:id/complete', (ctx) => ok(sandbox.completeLinkSubmission(ctx.params.id, body(ctx) as CompleteLinkSubmissionOptions), 201));
	route('POST', '/payment-intents/:id/status', (ctx) => {
		sandbox.setChildStatus(ctx.params.id, String(body(ctx).status));
		return ok(sandbox.intents().find((i) => i.id === ctx.params.id));
	});

	route('POST', '/eurowallet/incoming', (ctx) => {
		const opts = body(ctx);
		if (typeof opts.amount !== 'string') throw new Error('amount is required, e.g. "12.50"');
		return ok(sandbox.addIncomingPayment(opts as unknown as IncomingPaymentOptions), 201);
	});
	route('POST', '/eurowallet/payments/:id/status', (ctx) => {
		const status = body(ctx).status;
		if (status !== 'PENDING' && status !== 'COMPLETED' && status !== 'REJECTED') throw new Error('status must be PENDING, COMPLETED or REJECTED');
		sandbox.setPaymentStatus(ctx.params.id, status);
		return ok(sandbox.ledger().find((p) => p.paymentId === ctx.params.id));
	});

	route('POST', '/payments', (ctx) => {
		const { count, ...options } = body(ctx);
		if (count === undefined) return ok(sandbox.createPayment(options as CreatePaymentOptions), 201);
		// Many at once, for long lists (the Return All benchmark).
		if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1_000_000) throw new Error('count must be an integer from 1 to 1000000');
		for (let i = 0; i < (count as number); i++) sandbox.createPayment(options as CreatePaymentOptions);
		return ok({ created: count }, 201);
	});
	route('POST', '/payments/:id/conversation/admin-messages', (ctx) => {
		const { text, attachments } = body(ctx);
		if (typeof text !== 'string') throw new Error('text is required');
		const files = Array.isArray(attachments) ? attachments.map(attachmentFromJson) : [];
		return ok(sandbox.addAdminMessage(Number(ctx.params.id), text, files), 201);
	});
	route('POST', '/payments/:id/conversation/close', (ctx) => (sandbox.closeConversation(Number(ctx.params.id)), ok()));
	return router;
}

const HINTS: [string, string][] = [
	['GET    /__sandbox/info', 'url, keys, webhook public key'],
	['POST   /__sandbox/reset', 'clear state, faults and request log'],
	['POST   /__sandbox/faults', 'inject a FaultSpec (JSON)'],
	['DELETE /__sandbox/faults', 'remove all faults'],
	['POST   /__sandbox/options', '{listPaging: none|page-limit|page-ignored|oversized-pages|no-totals} until reset'],
	['GET    /__sandbox/ledger|accounts|intents|requests', 'inspect state'],
	['POST   /__sandbox/webhooks/send', '{url, variant?, event?, payload?, paymentId?, headers?}'],
	['POST   /__sandbox/webhooks/sign', '{body} -> {signature}'],
	['POST   /__sandbox/payment-links/:id/complete', '{amount?, currency?, payerName?, status?}'],
	['POST   /__sandbox/payment-intents/:id/status', '{status}'],
	['POST   /__sandbox/eurowallet/incoming', '{amount, account?, otherName?, otherAccount?, details?, date?}'],
	['POST   /__sandbox/eurowallet/payments/:id/status', '{status: PENDING|COMPLETED|REJECTED}'],
	['POST   /__sandbox/payments', '{amount?, currency?, status?, payeeId?, reference?, count?}'],
	['POST   /__sandbox/payments/:id/conversation/admin-messages', '{text, attachments?}'],
	['POST   /__sandbox/payments/:id/conversation/close', ''],
];

/** One line per control route, for the CLI banner. */
export function controlHints(): string[] {
	const width = Math.max(...HINTS.map(([route]) => route.length));
	return HINTS.map(([route, what]) => `${route.padEnd(width)}  ${what}`.trimEnd());
}
