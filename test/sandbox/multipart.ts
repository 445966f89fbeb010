// Minimal multipart/form-data parser (RFC 7578): enough for a file part plus text fields.

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string): string | null {
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : null;
}

function dispositionParam(disposition: string, name: string): string | undefined {
	const extended = new RegExp(`;\\s*${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(disposition);
	if (extended) return decodeURIComponent(extended[1]);
	const quoted = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(disposition);
	if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
	return new RegExp(`;\\s*${name}=([^;\\s]+)`).exec(disposition)?.[1];
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

/** The parts of a multipart body, or null when it is malformed. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | null {
	const boundary = boundaryOf(contentType);
	if (!boundary) return null;
	const delimiter = Buffer.from(`--${boundary}`);
	const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
	let cursor = body.indexOf(delimiter);
	if (cursor === -1) return null;
	cursor += delimiter.length;

	const parts: MultipartPart[] = [];
	for (;;) {
		if (body.subarray(cursor, cursor + 2).toString() === '--') return parts;
		if (!body.subarray(cursor, cursor + 2).equals(CRLF)) return null;
		const headerEnd = body.indexOf(HEADER_END, cursor + 2);
		if (headerEnd === -1) return null;
		const headers = parseHeaders(body.subarray(cursor + 2, headerEnd).toString('utf8'));
		const dataStart = headerEnd + HEADER_END.length;
		const dataEnd = body.indexOf(nextDelimiter, dataStart);
		if (dataEnd === -1) return null;

		const disposition = headers['content-disposition'] ?? '';
		const name = dispositionParam(disposition, 'name');
		if (!/^form-data/i.test(disposition) || name === undefined) return null;
		parts.push({
			name,
			filename: dispositionParam(disposition, 'filename'),
			contentType: headers['content-type'],
			data: body.subarray(dataStart, dataEnd),
		});
		cursor = dataEnd + nextDelimiter.length;
	}
}
