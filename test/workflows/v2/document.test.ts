import type { NodeApiError } from 'n8n-workflow';

import { fileItem, useSandbox } from './support';

const ctx = useSandbox();

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('Document → Upload', () => {
	it('uploads a binary field as multipart with its document type and outputs the document ID', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'document', operation: 'upload', binaryPropertyName: 'file', documentType: 'passport', documentOptions: { fileName: 'passport-ana.png' } },
			input: [fileItem({ student: 'Ana Lima' }, { file: { fileName: 'scan.png', mimeType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]) } })],
		});

		expect(items[0].json).toEqual({
			documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			id: items[0].json.documentId,
			fileName: 'passport-ana.png',
			mimeType: 'image/png',
			size: 6,
			documentType: 'passport',
			createdAt: expect.any(String),
		});
		const body = ctx.sandbox.requests()[0].bodyText;
		expect(body).toContain('Content-Disposition: form-data; name="documentType"\r\n\r\npassport\r\n');
		expect(body).toContain('Content-Disposition: form-data; name="file"; filename="passport-ana.png"\r\nContent-Type: image/png\r\n\r\n');
	});

	it('keeps a non-ASCII file name exactly (filename*)', async () => {
		const { items } = await ctx.run({
			parameters: { resource: 'document', operation: 'upload' },
			input: [fileItem({}, { data: { fileName: 'Zeugnis Müller.pdf', mimeType: 'application/pdf', content: PDF } })],
		});

		expect(items[0].json.fileName).toBe('Zeugnis Müller.pdf');
	});

	it('fails with the Nexpay code for a file type Nexpay refuses', async () => {
		const { error } = await ctx.run({
			parameters: { resource: 'document', operation: 'upload' },
			input: [fileItem({}, { data: { fileName: 'tool.exe', mimeType: 'application/octet-stream', content: 'MZ' } })],
		});

		expect(error?.message).toBe('[DOC0003] Invalid file format');
		expect((error as NodeApiError).description).toBe('Upload a PDF, image or office document with the right MIME type.');
	});

	it('names the missing binary field and sends nothing', async () => {
		const { error } = await ctx.run({ parameters: { resource: 'document', operation: 'upload' }, input: [{ no: 'binary' }] });

		expect(error?.message).toBe('Input Binary Field names the binary property "data", which the input item does not have (it has no binary data) [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});
});
