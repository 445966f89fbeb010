import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from './errors';

export interface InputFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/**
 * The bytes and metadata of a binary property of the input item. A missing property is a bad
 * input naming the field, the item and the properties the item does have.
 */
export async function readInputFile(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	propertyName: string,
): Promise<InputFile> {
	const name = propertyName.trim();
	if (!name) throw invalidInput(context.getNode(), itemIndex, field, 'is required');
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	const meta: IBinaryData | undefined = binary[name];
	if (!meta) {
		const available = Object.keys(binary);
		throw invalidInput(
			context.getNode(),
			itemIndex,
			field,
			`names the binary property "${name}", which the input item does not have (${available.length ? `it has: ${available.join(', ')}` : 'it has no binary data'})`,
		);
	}
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, name);
	const extension = meta.fileExtension ? `.${meta.fileExtension}` : '';
	return {
		data,
		fileName: meta.fileName || `${name}${extension}`,
		mimeType: meta.mimeType || 'application/octet-stream',
	};
}

/** Property names from a comma-separated list ("data, invoice"), empty entries dropped. */
export function splitList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

/**
 * The file name in a Content-Disposition header: the RFC 5987 `filename*` (UTF-8) when present,
 * else the quoted or bare `filename`. Path parts are dropped so a name can never point elsewhere.
 */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	let name: string | undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
		} catch {
			name = undefined;
		}
	}
	if (!name) {
		const quotedName = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
		name = quotedName ? quotedName[1].replace(/\\(.)/g, '$1') : /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
	}
	const base = name?.split(/[\\/]/).pop()?.trim();
	return base ? base : undefined;
}

/** The media type of a Content-Type header, without parameters; undefined when absent. */
export function mimeTypeFromContentType(header: string | undefined): string | undefined {
	const type = header?.split(';')[0].trim().toLowerCase();
	return type ? type : undefined;
}
