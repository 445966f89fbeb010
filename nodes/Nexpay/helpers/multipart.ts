import { randomBytes } from 'node:crypto';

/** A plain text field of a form. */
export interface MultipartField {
	name: string;
	value: string;
}

/** A file part: its bytes, the name the server stores and its MIME type. */
export interface MultipartFile {
	name: string;
	fileName: string;
	contentType?: string;
	data: Buffer;
}

export type MultipartPart = MultipartField | MultipartFile;

export interface MultipartBody {
	body: Buffer;
	/** `multipart/form-data; boundary=…`, to send as the Content-Type header. */
	contentType: string;
}

const CRLF = '\r\n';

function isFile(part: MultipartPart): part is MultipartFile {
	return 'data' in part;
}

/** RFC 7578 quoted-string: line breaks would end the header, quotes and backslashes the value. */
function quoted(value: string): string {
	return `"${value.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

/** An ASCII file name, plus the exact UTF-8 name as filename* when they differ (most servers read either). */
function fileNameParams(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
	if (ascii === fileName) return `; filename=${quoted(fileName)}`;
	const extended = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `; filename=${quoted(ascii)}; filename*=UTF-8''${extended}`;
}

function partHeader(part: MultipartPart): string {
	let header = `Content-Disposition: form-data; name=${quoted(part.name)}`;
	if (isFile(part)) {
		header += fileNameParams(part.fileName);
		header += `${CRLF}Content-Type: ${part.contentType || 'application/octet-stream'}`;
	}
	return header;
}

/**
 * A multipart/form-data body as bytes, for a request function that sends a Buffer body with
 * its own Content-Type. The boundary is random and checked against the content, so file bytes
 * can never end a part early.
 */
export function buildMultipart(parts: MultipartPart[]): MultipartBody {
	const payloads = parts.map((part) => (isFile(part) ? part.data : Buffer.from(part.value, 'utf8')));
	let boundary: string;
	do {
		boundary = `----NexpayN8nBoundary${randomBytes(16).toString('hex')}`;
	} while (payloads.some((payload) => payload.includes(boundary)));

	const chunks: Buffer[] = [];
	parts.forEach((part, index) => {
		chunks.push(Buffer.from(`--${boundary}${CRLF}${partHeader(part)}${CRLF}${CRLF}`, 'utf8'));
		chunks.push(payloads[index]);
		chunks.push(Buffer.from(CRLF, 'utf8'));
	});
	chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
