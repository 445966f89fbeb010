// v2 payments (read-only list/get) and the one conversation each payment can have.
import { json, nowIso, type Handler, type HandlerResult } from './http';
import { payeeName, PAYEES, type SandboxState } from './state';
import type { AttachmentFile, Conversation, ConversationMessage, CreatePaymentOptions, V2Payment } from './types';
import { fail, failValidation, listAnswer, readJson, type FieldProblem } from './v2-common';
import { documentView, storeAttachment } from './v2-documents';

/** The API key's user, as in the docs' conversation example. */
const API_USER = { userId: 300, userFullName: 'Jane Doe' };
const SUPPORT_USER = { userId: 1, userFullName: 'Support Team' };

function paymentOr404(state: SandboxState, id: string): V2Payment {
	const payment = state.findPayment(id);
	if (!payment) fail(404, 'PAY0001', { paymentId: id });
	return payment;
}

function listPayments(state: SandboxState): Handler {
	return (ctx) => {
		const query = new URLSearchParams(ctx.rawQuery);
		const status = query.get('filter[status]');
		return json(200, listAnswer(state.listPaging, 'payments', state.payments.filter((p) => status === null || p.status === status), query));
	};
}

function conversationView(state: SandboxState, conversation: Conversation): Record<string, unknown> {
	return {
		id: conversation.id,
		paymentId: conversation.paymentId,
		isClosed: conversation.isClosed,
		isRead: conversation.isRead,
		messages: conversation.messages.map((m) => messageView(state, m)),
	};
}

function messageView(state: SandboxState, message: ConversationMessage): Record<string, unknown> {
	const { attachmentIds, ...rest } = message;
	return { ...rest, attachments: attachmentIds.flatMap((id) => {
		const doc = state.documents.get(id);
		return doc ? [documentView(doc)] : [];
	}) };
}

function getConversation(state: SandboxState): Handler {
	return (ctx) => {
		const payment = paymentOr404(state, ctx.params.id);
		const conversation = state.conversations.get(payment.id);
		if (!conversation) return json(200, { id: null, paymentId: payment.id, isClosed: false, isRead: true, messages: [] });
		// Reports whether it was read before this call, then marks it read.
		const view = conversationView(state, conversation);
		conversation.isRead = true;
		return json(200, view);
	};
}

function openConversation(state: SandboxState, paymentId: number): Conversation {
	let conversation = state.conversations.get(paymentId);
	if (!conversation) {
		conversation = { id: state.nextConversationId++, paymentId, isClosed: false, isRead: true, messages: [] };
		state.conversations.set(paymentId, conversation);
	}
	return conversation;
}

function sendMessage(state: SandboxState): Handler {
	return (ctx) => {
		const payment = paymentOr404(state, ctx.params.id);
		const body = readJson(ctx);
		const problems: FieldProblem[] = [];
		if (typeof body.text !== 'string' || body.text.trim() === '') problems.push({ field: 'text', message: 'required non-empty string' });
		if (body.subject !== undefined && typeof body.subject !== 'string') problems.push({ field: 'subject', message: 'must be a string' });
		const attachments = body.attachments ?? [];
		if (!Array.isArray(attachments) || attachments.some((a) => typeof a !== 'string')) {
			problems.push({ field: 'attachments', message: 'must be an array of document ids' });
		}
		if (problems.length) failValidation(problems);
		for (const id of attachments as string[]) if (!state.documents.has(id)) fail(404, 'DOC0001', { documentId: id });
		if (state.conversations.get(payment.id)?.isClosed) fail(422, 'CNV0002', { paymentId: payment.id });

		const conversation = openConversation(state, payment.id);
		const message: ConversationMessage = {
			...API_USER,
			isAdminResponse: false,
			...(typeof body.subject === 'string' ? { subject: body.subject } : {}),
			text: body.text as string,
			createdOn: nowIso(),
			attachmentIds: attachments as string[],
		};
		conversation.messages.push(message);
		return json(201, { conversationId: conversation.id, paymentId: payment.id, ...messageView(state, message) });
	};
}

function unread(state: SandboxState): Handler {
	return (ctx) => {
		const payment = paymentOr404(state, ctx.params.id);
		const conversation = state.conversations.get(payment.id);
		return json(200, { hasUnread: conversation ? !conversation.isRead : false });
	};
}

function downloadAttachment(state: SandboxState): Handler {
	return (ctx): HandlerResult => {
		const payment = paymentOr404(state, ctx.params.id);
		const conversation = state.conversations.get(payment.id);
		if (!conversation) fail(404, 'CNV0001', { paymentId: payment.id });
		const attached = conversation.messages.some((m) => m.attachmentIds.includes(ctx.params.documentId));
		const doc = state.documents.get(ctx.params.documentId);
		if (!attached || !doc) fail(404, 'CNV0003', { paymentId: payment.id, documentId: ctx.params.documentId });
		const asciiName = doc.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
		// RFC 5987 attr-chars exclude ' ( ) * which encodeURIComponent leaves alone.
		const utf8Name = encodeURIComponent(doc.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
		return {
			status: 200,
			headers: {
				'content-type': doc.mimeType,
				'content-length': String(doc.size),
				'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`,
			},
			body: doc.content,
		};
	};
}

function close(state: SandboxState): Handler {
	return (ctx) => {
		// The docs send `{}` with a JSON content type; a client whose HTTP layer drops the empty body is told so.
		if (ctx.rawBody.length === 0) failValidation([{ field: 'body', message: 'Close takes the JSON body {} (as the docs send it); the request had none' }]);
		if (Object.keys(readJson(ctx)).length) failValidation([{ field: 'body', message: 'Close takes no fields; send {}' }]);
		const payment = paymentOr404(state, ctx.params.id);
		const conversation = state.conversations.get(payment.id);
		if (!conversation) fail(404, 'CNV0001', { paymentId: payment.id });
		if (conversation.isClosed) fail(422, 'CNV0002', { paymentId: payment.id });
		conversation.isClosed = true;
		return json(200, conversationView(state, conversation));
	};
}

export function paymentRoutes(state: SandboxState): [string, string, Handler][] {
	return [
		['GET', '/v2/payments', listPayments(state)],
		['GET', '/v2/payments/:id', (ctx) => json(200, paymentOr404(state, ctx.params.id))],
		['GET', '/v2/payments/:id/conversation', getConversation(state)],
		['POST', '/v2/payments/:id/conversation/messages', sendMessage(state)],
		['GET', '/v2/payments/:id/conversation/unread', unread(state)],
		['GET', '/v2/payments/:id/conversation/attachments/:documentId', downloadAttachment(state)],
		['POST', '/v2/payments/:id/conversation/close', close(state)],
	];
}

/** Test helper: another v2 payment to hang conversations on. */
export function createPayment(state: SandboxState, opts: CreatePaymentOptions = {}): V2Payment {
	const now = nowIso();
	const payeeId = opts.payeeId ?? 123;
	const payment: V2Payment = {
		id: state.nextPaymentId++,
		status: opts.status ?? 'pending',
		amount: opts.amount ?? '500.00',
		currency: opts.currency ?? 'EUR',
		payee: { id: payeeId, name: payeeName(payeeId), country: PAYEES[payeeId]?.country ?? 'LT' },
		payer: { name: 'Jane Doe', email: 'jane.doe@example.test' },
		reference: opts.reference ?? `SANDBOX-${now.slice(0, 10)}`,
		createdAt: now,
		updatedAt: now,
	};
	state.payments.push(payment);
	return structuredClone(payment);
}

/** Test helper: a Nexpay support reply, which makes the conversation unread. */
export function addAdminMessage(state: SandboxState, paymentId: number, text: string, attachments: (string | AttachmentFile)[] = []): Record<string, unknown> {
	if (!state.findPayment(String(paymentId))) throw new Error(`addAdminMessage: unknown payment ${paymentId}`);
	const attachmentIds = attachments.map((a) => {
		if (typeof a !== 'string') return storeAttachment(state, a).id;
		if (!state.documents.has(a)) throw new Error(`addAdminMessage: unknown document ${a}`);
		return a;
	});
	const conversation = openConversation(state, paymentId);
	const message: ConversationMessage = { ...SUPPORT_USER, isAdminResponse: true, text, createdOn: nowIso(), attachmentIds };
	conversation.messages.push(message);
	conversation.isRead = false;
	return messageView(state, message);
}

/** Test helper: close a payment's conversation (created empty if there is none). */
export function closeConversation(state: SandboxState, paymentId: number): void {
	if (!state.findPayment(String(paymentId))) throw new Error(`closeConversation: unknown payment ${paymentId}`);
	openConversation(state, paymentId).isClosed = true;
}
