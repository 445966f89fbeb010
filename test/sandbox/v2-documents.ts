// Document upload (multipart/form-data with a `file` part and a `documentType` field), shared by
// POST /v2/documents and the public payment-link documents endpoint.
import { randomUUID } from 'node:crypto';
import { header, json, mediaType, nowIso, type Handler } from './http';
import { parseMultipart } from './multipart';
import type { SandboxState } from './state';
import type { AttachmentFile, StoredDocument } from './types';
import { fail, failValidation } from './v2-common';

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Extension -> accepted declared content types; the first is the one stored. */
const FILE_TYPES: Record<string, string[]> = {
	pdf: ['application/pdf'],
	png: ['image/png'],
	jpg: ['image/jpeg', 'image/jpg'],
	jpeg: ['image/jpeg', 'image/jpg'],
	txt: ['text/plain'],
	csv: ['text/csv', 'application/csv', 'text/plain'],
	docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
	xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};

export const DOCUMENT_TYPES = ['invoice', 'enrollment_letter', 'passport', 'national_id', 'proof_of_address', 'bank_statement', 'receipt', 'other'];

/** Canonical MIME type, or null when the file is not an accepted format. */
function acceptedMimeType(fileName: string, declared: string | undefined): string | null {
	const accepted = FILE_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''];
	if (!accepted) return null;
	// Clients that do not know the type send application/octet-stream; trust the extension then.
	const type = (declared ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
	return type === 'application/octet-stream' || accepted.includes(type) ? accepted[0] : null;
}

export function documentView(doc: StoredDocument): Record<string, unknown> {
	return { id: doc.id, fileName: doc.fileName, mimeType: doc.mimeType, size: doc.size, documentType: doc.documentType, createdAt: doc.createdAt };
}

function store(state: SandboxState, fileName: string, mimeType: string, content: Buffer, documentType: string): StoredDocument {
	const doc: StoredDocument = { id: randomUUID(), fileName, mimeType, size: content.length, documentType, content, createdAt: nowIso() };
	state.documents.set(doc.id, doc);
	return doc;
}

/** For sandbox-authored attachments (test helpers). */
export function storeAttachment(state: SandboxState, file: AttachmentFile): StoredDocument {
	const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
	return store(state, file.fileName, file.mimeType ?? acceptedMimeType(file.fileName, undefined) ?? 'application/octet-stream', content, 'other');
}

export function uploadDocument(state: SandboxState): Handler {
	return (ctx) => {
		if (mediaType(ctx) !== 'multipart/form-data') failValidation([{ field: 'body', message: 'Content-Type must be multipart/form-data' }]);
		const parts = parseMultipart(ctx.rawBody, header(ctx, 'content-type') ?? '');
		if (!parts) failValidation([{ field: 'body', message: 'malformed multipart/form-data body' }]);
		const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
		if (!file?.filename) fail(400, 'DOC0003', { reason: 'a file part named "file" with a filename is required' });
		if (file.data.length > MAX_DOCUMENT_BYTES) fail(413, 'DOC0002', { maxBytes: MAX_DOCUMENT_BYTES, size: file.data.length });
		const mimeType = acceptedMimeType(file.filename, file.contentType);
		if (!mimeType) {
			fail(400, 'DOC0003', { fileName: file.filename, contentType: file.contentType ?? null, allowed: Object.keys(FILE_TYPES) });
		}
		const documentType = parts.find((p) => p.name === 'documentType')?.data.toString('utf8').trim();
		if (!documentType || !DOCUMENT_TYPES.includes(documentType)) fail(400, 'ORG0003', { documentType: documentType ?? null, allowed: DOCUMENT_TYPES });
		return json(201, documentView(store(state, file.filename, mimeType, Buffer.from(file.data), documentType)));
	};
}
