import { startSandbox, type Sandbox } from '../sandbox';
import { v2 } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function upload(content: string | Uint8Array, fileName: string, type: string, documentType: string | null = 'invoice') {
	const form = new FormData();
	form.append('file', new Blob([content], { type }), fileName);
	if (documentType !== null) form.append('documentType', documentType);
	return v2(sb, 'POST', '/v2/documents', form);
}

describe('payments', () => {
	it('lists every payment unpaged, as the docs print lists, page and limit ignored', async () => {
		const list = await v2(sb, 'GET', '/v2/payments?limit=2&page=2');
		expect(Object.keys(list.body)).toEqual(['payments']);
		expect(list.body.payments.map((p: { id: number }) => p.id)).toEqual([123, 124, 125]);
		const completed = await v2(sb, 'GET', '/v2/payments?filter[status]=completed');
		expect(completed.body.payments.map((p: { id: number }) => p.id)).toEqual([124]);
	});

	it('pages the payments when listPaging is page-limit', async () => {
		sb.setListPaging('page-limit');
		const list = await v2(sb, 'GET', '/v2/payments?limit=2');
		expect(list.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
		expect(list.body.payments.map((p: { id: number }) => p.id)).toEqual([123, 124]);
	});

	it('gets one payment', async () => {
		const one = await v2(sb, 'GET', '/v2/payments/125');
		expect(one.body).toMatchObject({ id: 125, status: expect.any(String), amount: '1200.00', currency: 'EUR', payee: expect.objectContaining({ name: expect.any(String) }) });
		expect((await v2(sb, 'GET', '/v2/payments/999')).body.code).toBe('[PAY0001]');
	});
});

describe('documents', () => {
	it('stores an upload and returns its metadata with a UUID v4', async () => {
		const reply = await upload('a,b\n1,2\n', 'report.csv', 'text/csv');
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({ id: expect.stringMatching(UUID_V4), fileName: 'report.csv', mimeType: 'text/csv', size: 8, documentType: 'invoice', createdAt: expect.any(String) });
	});

	it('accepts application/octet-stream when the extension is allowed', async () => {
		const reply = await upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'scan.png', 'application/octet-stream');
		expect(reply.body.mimeType).toBe('image/png');
	});

	it('413 [DOC0002] above 10 MB', async () => {
		const reply = await upload(new Uint8Array(10 * 1024 * 1024 + 1), 'big.pdf', 'application/pdf');
		expect(reply.status).toBe(413);
		expect(reply.body.code).toBe('[DOC0002]');
	});

	it.each([
		['a disallowed type', () => upload('MZ', 'tool.exe', 'application/x-msdownload'), 400, '[DOC0003]'],
		['a mismatching content type', () => upload('x', 'letter.pdf', 'image/png'), 400, '[DOC0003]'],
		['an unknown documentType', () => upload('x', 'letter.pdf', 'application/pdf', 'selfie'), 400, '[ORG0003]'],
		['a missing documentType', () => upload('x', 'letter.pdf', 'application/pdf', null), 400, '[ORG0003]'],
	])('rejects %s', async (_name, send, status, code) => {
		const reply = await send();
		expect(reply.status).toBe(status);
		expect(reply.body.code).toBe(code);
	});

	it('400 [DOC0003] without a file part', async () => {
		const form = new FormData();
		form.append('documentType', 'invoice');
		const reply = await v2(sb, 'POST', '/v2/documents', form);
		expect(reply.body.code).toBe('[DOC0003]');
	});

	it('parses a hand-written multipart body with a quoted boundary and a UTF-8 file name', async () => {
		const boundary = 'x-Boundary 42';
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nreceipt\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="quittung-é.txt"\r\nContent-Type: text/plain\r\n\r\n`),
			Buffer.from('line one\r\n--not the boundary\r\n'),
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const res = await fetch(`${sb.url}/v2/documents`, {
			method: 'POST',
			headers: { Authorization: `ApiKey ${sb.keys.v2ApiKey}`, 'Content-Type': `multipart/form-data; boundary="${boundary}"` },
			body,
		});
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject({ fileName: 'quittung-é.txt', size: 'line one\r\n--not the boundary\r\n'.length, documentType: 'receipt' });
	});
});

describe('conversations', () => {
	it('returns the docs example thread for payment 123 and an empty one (not an error) for 124', async () => {
		const seeded = await v2(sb, 'GET', '/v2/payments/123/conversation');
		expect(seeded.body).toMatchObject({ id: 42, paymentId: 123, isClosed: false, isRead: true });
		expect(seeded.body.messages[1]).toMatchObject({ userId: 1, isAdminResponse: true, userFullName: 'Support Team', attachments: [] });
		const empty = await v2(sb, 'GET', '/v2/payments/124/conversation');
		expect(empty.status).toBe(200);
		expect(empty.body.messages).toEqual([]);
		expect((await v2(sb, 'GET', '/v2/payments/999/conversation')).body.code).toBe('[PAY0001]');
	});

	it('sends a message with an attachment that can be downloaded with its name and type', async () => {
		const pdf = Buffer.from('%PDF-1.4\n% enrollment letter\n');
		const doc = (await upload(pdf, 'Enrollment letter é.pdf', 'application/pdf', 'enrollment_letter')).body;
		const sent = await v2(sb, 'POST', '/v2/payments/124/conversation/messages', { subject: 'Payment query', text: 'Letter attached.', attachments: [doc.id] });
		expect(sent.status).toBe(201);
		expect(sent.body).toMatchObject({ paymentId: 124, conversationId: expect.any(Number), isAdminResponse: false, subject: 'Payment query', text: 'Letter attached.' });
		expect(sent.body.attachments).toEqual([expect.objectContaining({ id: doc.id, fileName: 'Enrollment letter é.pdf', mimeType: 'application/pdf' })]);

		const thread = await v2(sb, 'GET', '/v2/payments/124/conversation');
		expect(thread.body.messages).toHaveLength(1);

		const res = await fetch(`${sb.url}/v2/payments/124/conversation/attachments/${doc.id}`, { headers: { Authorization: `ApiKey ${sb.keys.v2ApiKey}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Enrollment letter _.pdf"; filename*=UTF-8''Enrollment%20letter%20%C3%A9.pdf`);
		expect(Buffer.from(await res.arrayBuffer())).toEqual(pdf);
	});

	it('404 [CNV0003] for a document not attached to that conversation, [DOC0001] for an unknown attachment', async () => {
		const doc = (await upload('hello', 'note.txt', 'text/plain')).body;
		const notAttached = await v2(sb, 'GET', `/v2/payments/123/conversation/attachments/${doc.id}`);
		expect(notAttached).toMatchObject({ status: 404, body: { code: '[CNV0003]' } });
		const unknown = await v2(sb, 'POST', '/v2/payments/123/conversation/messages', { text: 'see file', attachments: ['f47ac10b-58cc-4372-a567-0e02b2c3d479'] });
		expect(unknown).toMatchObject({ status: 404, body: { code: '[DOC0001]' } });
		const noText = await v2(sb, 'POST', '/v2/payments/123/conversation/messages', { subject: 'empty' });
		expect(noText).toMatchObject({ status: 400, body: { code: '[GEN9002]' } });
	});

	it('admin replies make the thread unread until it is fetched; admin attachments download', async () => {
		expect((await v2(sb, 'GET', '/v2/payments/123/conversation/unread')).body).toEqual({ hasUnread: false });
		const reply = sb.addAdminMessage(123, 'Here is your receipt.', [{ fileName: 'receipt.txt', content: 'PAID 10000.00 AUD' }]);
		expect((await v2(sb, 'GET', '/v2/payments/123/conversation/unread')).body).toEqual({ hasUnread: true });
		const thread = await v2(sb, 'GET', '/v2/payments/123/conversation');
		expect(thread.body.isRead).toBe(false);
		expect((await v2(sb, 'GET', '/v2/payments/123/conversation/unread')).body).toEqual({ hasUnread: false });
		const attachmentId = (reply.attachments as { id: string }[])[0].id;
		const file = await v2(sb, 'GET', `/v2/payments/123/conversation/attachments/${attachmentId}`);
		expect(file.text).toBe('PAID 10000.00 AUD');
	});

	it('closing blocks new messages with 422 [CNV0002]', async () => {
		const closed = await v2(sb, 'POST', '/v2/payments/123/conversation/close', {});
		expect(closed.status).toBe(200);
		expect(closed.body.isClosed).toBe(true);
		const sent = await v2(sb, 'POST', '/v2/payments/123/conversation/messages', { text: 'one more thing' });
		expect(sent).toMatchObject({ status: 422, body: { code: '[CNV0002]', message: '[CNV0002] Conversation is already closed' } });
		expect((await v2(sb, 'POST', '/v2/payments/123/conversation/close', {})).status).toBe(422);
		expect((await v2(sb, 'POST', '/v2/payments/125/conversation/close', {})).body.code).toBe('[CNV0001]');
	});

	it('refuses a close without the JSON body {} the docs send, and closes nothing', async () => {
		const bodyless = await v2(sb, 'POST', '/v2/payments/123/conversation/close');
		expect(bodyless).toMatchObject({ status: 400, body: { code: '[GEN9002]', details: { errors: [{ field: 'body', message: expect.stringContaining('JSON body {}') }] } } });
		const asText = await v2(sb, 'POST', '/v2/payments/123/conversation/close', undefined, { 'Content-Type': 'text/plain' });
		expect(asText.status).toBe(400);
		const notJson = await fetch(`${sb.url}/v2/payments/123/conversation/close`, {
			method: 'POST',
			headers: { Authorization: `ApiKey ${sb.keys.v2ApiKey}`, 'Content-Type': 'text/plain' },
			body: '{}',
		});
		expect(notJson.status).toBe(400);
		expect((await v2(sb, 'POST', '/v2/payments/123/conversation/close', { reason: 'done' })).status).toBe(400);
		expect((await v2(sb, 'GET', '/v2/payments/123/conversation')).body.isClosed).toBe(false);
	});

	it('test helpers create payments and close conversations', async () => {
		const payment = sb.createPayment({ amount: '75.00', currency: 'GBP' });
		expect((await v2(sb, 'GET', `/v2/payments/${payment.id}`)).body).toMatchObject({ id: payment.id, amount: '75.00' });
		sb.closeConversation(payment.id);
		expect((await v2(sb, 'POST', `/v2/payments/${payment.id}/conversation/messages`, { text: 'hi' })).status).toBe(422);
	});
});
