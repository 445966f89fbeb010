// The Nexpay v2 API (JSON, `Authorization: ApiKey <key>`), plus the hosted payment-link page.
//
// Where the docs are silent the sandbox chooses as follows (the client must not rely on more):
// - Errors: always {statusCode, code:"[XXX0000]", message:"[XXX0000] <table message>", timestamp,
//   details?}. Validation failures are 400 [GEN9002] with details.errors = [{field, message}].
//   Submit: no Idempotency-Key -> 400 [GEN9002]; key reused with another path or body -> 422
//   [GEN9002] (the docs give no code); a second submit with a new key -> 409 [PAY0003]; a disabled
//   rule -> 400 [PAY0004]; missing requirements -> 400 [GEN9002]. Unknown route -> 404 [GEN9002].
//   Injected 429 -> [GEN9002] with details.reason, 413 -> [DOC0002], 503 -> [GEN9013], 5xx -> [GEN9001].
// - Seed data: payments 123 (with the docs' example conversation, id 42), 124 and 125; payee
//   names for connectorPayeeId 123, 456 and 14001 (others get "Payee <id>").
// - Ids: intents "pi_<hex>", links "pl_<base64url>", executions "ex_", quotes "qt_", quote
//   variants "qv_", documents UUID v4, payments and conversations integers (as in the docs).
// - Create intent -> 201 with the full intent: {id, status:"draft", useCase, deliveryMode,
//   amountMode, payer, recipients, instructions, termsAccepted, publicLinkId (links only, else
//   null), createdFrom, amount (fixed total or null), currency (display currency), executions:[],
//   last*, bulkProgress, documentIds, createdAt, updatedAt}. deliveryMode is
//   "reusable_payment_link" or "manual"; unknown useCase strings are accepted and dry-run reports
//   the rule "disabled". Business rules (portions sum, display currency, recipient cap 3 for
//   links, termsAccepted) are dry-run missingRequirements [{field, message}], not create errors
//   (see v2-intent-rules.ts). Dry-run -> {paymentIntentId, status, connector, rule:{status,
//   reason?, missingRequirements}, limits:{minRecipients, maxRecipients}, controls}.
// - Submit -> 200 with the full intent; links become "active" with
//   executions[0].paymentLinkUrl = <sandbox url>/pay/<publicLinkId>, manual intents "submitted".
//   Only successful submits are stored for replay (header Idempotent-Replayed: true).
// - List intents: oldest first (creation order, stable); filters filter[deliveryMode],
//   filter[createdFrom.paymentIntentId], filter[status]. GET /v2/payments: by id ascending,
//   filter[status]. Both answer the whole list unpaged, as the docs print it; paged and broken
//   shapes are the listPaging option (ListPaging in types.ts, listAnswer in v2-common.ts).
// - Close conversation requires the JSON body {} the docs send (400 [GEN9002] otherwise).
// - Public link endpoints answer 404 [PAY0001] for unknown or unpublished tokens. GET returns
//   {publicLinkId, status, recipientName, amountMode:"fixed"|"open", amount, currency, reference,
//   createdByText}. Quote -> 201 {quoteId, publicLinkId, amount, currency, payerCountryCode,
//   expiresAt (+15 min), variants:[{id, method, payerAmount, payerCurrency, fee}]}; below 1.00 is
//   422 [QOT0004]. Payer session -> 201 {paymentIntentId, status:"pending", checkoutUrl,
//   nextAction}; unknown quote 404 [QOT0002], expired 422 [QOT0001]. Status ->
//   {publicLinkId, status, paymentIntent?: {id, status, amount, currency}}.
// - Conversations: GET without a conversation -> 200 {id:null, paymentId, isClosed:false,
//   isRead:true, messages:[]}; GET reports isRead as it was, then marks the thread read. Messages
//   carry attachments as [{id, fileName, mimeType, size, documentType, createdAt}]. POST message ->
//   201 {conversationId, paymentId, ...message}. Close -> 200 with the conversation; closing or
//   writing to a closed one -> 422 [CNV0002]; closing or downloading with no conversation -> 404
//   [CNV0001].
// - Documents -> 201 {id, fileName, mimeType, size, documentType, createdAt}. documentType is
//   required, one of invoice, enrollment_letter, passport, national_id, proof_of_address,
//   bank_statement, receipt, other (else 400 [ORG0003]). The type follows the file extension;
//   the declared Content-Type must match it or be application/octet-stream. The public
//   .../documents endpoint behaves the same for an active link.
import { timingSafeEqual } from 'node:crypto';
import { header, json, type ApiModule, type Handler, type RouteDef } from './http';
import { Router } from './router';
import type { SandboxState } from './state';
import type { SandboxKeys } from './types';
import { v2Error, v2ErrorBody, v2FaultBody } from './v2-common';
import { uploadDocument } from './v2-documents';
import { intentRoutes } from './v2-intents';
import { publicRoutes } from './v2-links';
import { paymentRoutes } from './v2-payments';

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function v2Api(state: SandboxState, keys: SandboxKeys): ApiModule {
	const router = new Router<RouteDef>();
	const add = (routes: [string, string, Handler][], isPublic = false): void => {
		for (const [method, path, handler] of routes) router.add(method, path, { handler, public: isPublic });
	};
	add(intentRoutes(state));
	add(paymentRoutes(state));
	add([['POST', '/v2/documents', uploadDocument(state)]]);
	add(publicRoutes(state), true);

	return {
		owns: (path) => path.startsWith('/v2/') || path.startsWith('/pay/'),
		router,
		authenticate(ctx) {
			const match = /^ApiKey (.+)$/.exec(header(ctx, 'authorization') ?? '');
			return match && sameSecret(match[1], keys.v2ApiKey) ? null : v2Error(401, 'AUT0003');
		},
		errorResult: (status, body) => json(status, body ?? v2FaultBody(status)),
		notFound: (ctx) => json(404, v2ErrorBody(404, 'GEN9002', { reason: `Cannot ${ctx.method} ${ctx.path}` })),
	};
}
