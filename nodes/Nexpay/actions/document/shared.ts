import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { InputFile } from '../../helpers/binary';
import { buildMultipart } from '../../helpers/multipart';
import { nexpayApiRequest, type RetryOptions } from '../../helpers/transport';

export const DOCUMENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Bank Statement', value: 'bank_statement' },
	{ name: 'Enrollment Letter', value: 'enrollment_letter' },
	{ name: 'Invoice', value: 'invoice' },
	{ name: 'National ID', value: 'national_id' },
	{ name: 'Other', value: 'other' },
	{ name: 'Passport', value: 'passport' },
	{ name: 'Proof of Address', value: 'proof_of_address' },
	{ name: 'Receipt', value: 'receipt' },
];

/** POST /v2/documents as multipart/form-data: the `file` part and the `documentType` field. */
export async function uploadDocument(
	this: IExecuteFunctions,
	file: InputFile,
	documentType: string,
	itemIndex: number,
	retry: RetryOptions,
): Promise<IDataObject> {
	const { body, contentType } = buildMultipart([
		{ name: 'documentType', value: documentType },
		{ name: 'file', fileName: file.fileName, contentType: file.mimeType, data: file.data },
	]);
	// Not repeatable after a lost answer (it would store the file twice); 429/503 are still waited out.
	return (await nexpayApiRequest.call(this, {
		method: 'POST',
		path: '/v2/documents',
		body,
		headers: { 'Content-Type': contentType },
		itemIndex,
		retry,
	})) as IDataObject;
}
