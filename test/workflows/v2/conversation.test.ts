import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { binaryBytes, fileItem, jsonBody, jsonOf, lastRequest, seen, useSandbox } from './support';

const ctx = useSandbox();

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0x00, 0xff, 0x10, 0x80]), Buffer.from('\n%%EOF\n')]);

describe('Conversation → Get', () => {
	it('outputs the payment’s conversation', async () => {
		const { items } = await ctx.run({ parameters: { resource: 'conversation', operation: 'get', v2PaymentId: '123' } });

		expect(items[0].json).toMatchObject({
			id: 42,
			paymentId: 123,
			isClosed: false,
			messages: [
				expect.objectContaining({ subject: 'Payment query', isAdminResponse: false }),
				expect.objectContaining({ userFullName: 'Support Team', isAdminResponse: true }),
			],
		});
	});

	it('gives an empty message list for a payment without a conversation, not an error', async () => {
		const { items, error } = await ctx.run({ parameters: { resource: 'conversation', operation: 'get', v2PaymentId: '124' } });

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ paymentId: 124, messages: [] });
	});

	it('splits messages into one item each, paired with the input item', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'get', v2PaymentId: '={{ $json.paymentId }}', conversationOptions: { splitMessages: true } },
			input: [{ paymentId: 124 }, { paymentId: 123 }],
		});

		expect(items.map((item) => [item.json.paymentId, item.json.conversationId, item.json.userFullName, item.pairedItem])).toEqual([
			[123, 42, 'Jane Doe', { item: 1 }],
			[123, 42, 'Support Team', { item: 1 }],
		]);
	});
});

describe('Conversation → Send Message', () => {
	it('sends a text with a subject', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'sendMessage', v2PaymentId: '125', messageText: 'Is the invoice paid?', messageOptions: { subject: 'Invoice' } },
		});

		expect(items[0].json).toMatchObject({ paymentId: 125, text: 'Is the invoice paid?', subject: 'Invoice', attachments: [] });
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', '/v2/payments/125/conversation/messages'))).toEqual({ text: 'Is the invoice paid?', subject: 'Invoice' });
	});

	it('uploads a binary field of the input item first and attaches the document', async () => {
		const { items, error } = await ctx.run({
			parameters: {
				resource: 'conversation',
				operation: 'sendMessage',
				v2PaymentId: '123',
				messageText: 'Here is the enrollment letter.',
				messageOptions: { attachmentBinaryProperties: 'letter', attachmentDocumentType: 'enrollment_letter' },
			},
			input: [fileItem({ student: 'Ana Lima' }, { letter: { fileName: 'enrollment-letter.pdf', mimeType: 'application/pdf', content: PDF } })],
		});

		expect(error).toBeUndefined();
		expect(seen(ctx.sandbox)).toEqual(['POST /v2/documents', 'POST /v2/payments/123/conversation/messages']);
		const upload = ctx.sandbox.requests()[0];
		expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(upload.rawBody.includes(PDF)).toBe(true);
		const attachments = items[0].json.attachments as Array<Record<string, unknown>>;
		expect(attachments).toEqual([
			expect.objectContaining({ fileName: 'enrollment-letter.pdf', mimeType: 'application/pdf', size: PDF.length, documentType: 'enrollment_letter' }),
		]);
		expect(jsonBody(lastRequest(ctx.sandbox, 'POST', /\/messages$/))).toEqual({ text: 'Here is the enrollment letter.', attachments: [attachments[0].id] });
	});

	it('attaches documents given by ID, after the ones it uploads', async () => {
		const uploaded = await ctx.run({
			parameters: { resource: 'document', operation: 'upload', documentType: 'invoice' },
			input: [fileItem({}, { data: { fileName: 'invoice.pdf', mimeType: 'application/pdf', content: PDF } })],
		});
		const documentId = String(uploaded.items[0].json.documentId);

		const { items } = await ctx.run({
			parameters: {
				resource: 'conversation',
				operation: 'sendMessage',
				v2PaymentId: '125',
				messageText: 'Invoice and receipt attached.',
				messageOptions: { attachmentDocumentIds: documentId, attachmentBinaryProperties: 'receipt' },
			},
			input: [fileItem({}, { receipt: { fileName: 'receipt.png', mimeType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } })],
		});

		expect((items[0].json.attachments as Array<{ fileName: string }>).map((attachment) => attachment.fileName)).toEqual(['invoice.pdf', 'receipt.png']);
	});

	it('names a missing binary field and sends nothing, not even the other uploads', async () => {
		const { error } = await ctx.run({
			parameters: {
				resource: 'conversation',
				operation: 'sendMessage',
				v2PaymentId: '123',
				messageText: 'Two files.',
				messageOptions: { attachmentBinaryProperties: 'letter, passport' },
			},
			input: [fileItem({}, { letter: { fileName: 'letter.pdf', mimeType: 'application/pdf', content: PDF } })],
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Attachment Binary Fields names the binary property "passport", which the input item does not have (it has: letter) [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('refuses an attachment ID that is not a document ID, before sending anything', async () => {
		const { error } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'sendMessage', v2PaymentId: '123', messageText: 'x', messageOptions: { attachmentDocumentIds: 'invoice.pdf' } },
		});

		expect(error?.message).toContain('Attachment Document IDs "invoice.pdf" is not a document ID');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('fails with [CNV0002] and its hint when the conversation is closed', async () => {
		ctx.sandbox.closeConversation(123);

		const { error } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'sendMessage', v2PaymentId: '123', messageText: 'Hello again' },
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('[CNV0002] Conversation is already closed');
		expect((error as NodeApiError).description).toBe('Closed conversations take no new messages. Contact Nexpay support to reopen it.');
		expect((error as NodeApiError).httpCode).toBe('422');
	});
});

describe('Conversation → Check Unread, Download Attachment, Close', () => {
	it('checks for unread messages', async () => {
		ctx.sandbox.addAdminMessage(125, 'We need your invoice.');

		const { items } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'checkUnread', v2PaymentId: '={{ $json.id }}' },
			input: [{ id: 125 }, { id: 124 }],
		});

		expect(jsonOf(items)).toEqual([
			{ paymentId: 125, hasUnread: true },
			{ paymentId: 124, hasUnread: false },
		]);
	});

	it('downloads an attachment as binary with the file name, MIME type and bytes Nexpay sent', async () => {
		const message = ctx.sandbox.addAdminMessage(123, 'Your receipt.', [{ fileName: 'Quittung März.pdf', mimeType: 'application/pdf', content: PDF }]);
		const documentId = (message.attachments as Array<{ id: string }>)[0].id;

		const { items, error } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'downloadAttachment', v2PaymentId: '123', attachmentDocumentId: documentId, binaryPropertyName: 'receipt' },
			input: [{ keep: 'me' }],
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ paymentId: 123, documentId, fileName: 'Quittung März.pdf', mimeType: 'application/pdf', fileSize: PDF.length });
		const binary = items[0].binary!.receipt;
		expect(binary).toMatchObject({ fileName: 'Quittung März.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		expect((await binaryBytes(binary)).equals(PDF)).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('fails with [CNV0003] for an attachment that is not in the conversation', async () => {
		const { error } = await ctx.run({
			parameters: { resource: 'conversation', operation: 'downloadAttachment', v2PaymentId: '123', attachmentDocumentId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' },
		});

		expect(error?.message).toBe('[CNV0003] Conversation attachment not found');
	});

	it('closes a conversation, after which messages are refused', async () => {
		const closed = await ctx.run({ parameters: { resource: 'conversation', operation: 'close', v2PaymentId: '123' } });
		const again = await ctx.run({ parameters: { resource: 'conversation', operation: 'sendMessage', v2PaymentId: '123', messageText: 'Hello?' } });

		expect(closed.items[0].json).toMatchObject({ id: 42, paymentId: 123, isClosed: true });
		expect(again.error?.message).toBe('[CNV0002] Conversation is already closed');
	});

	it('sends Close with the JSON body {} the docs show (n8n would drop an empty object body)', async () => {
		await ctx.run({ parameters: { resource: 'conversation', operation: 'close', v2PaymentId: '123' } });

		const close = lastRequest(ctx.sandbox, 'POST', '/v2/payments/123/conversation/close');
		expect(close.status).toBe(200);
		expect(close.bodyText).toBe('{}');
		expect(close.headers['content-type']).toMatch(/^application\/json/);
	});
});
