import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readInputFile } from '../../helpers/binary';
import { optionalString } from '../../helpers/validation';
import type { OperationContext } from '../types';
import { DOCUMENT_TYPE_OPTIONS, uploadDocument } from './shared';

const show = { resource: ['document'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data',
		description: 'Name of the binary field of the input item that holds the file',
		hint: 'The name of the input binary field containing the file to be uploaded',
		displayOptions: { show },
	},
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: DOCUMENT_TYPE_OPTIONS,
		default: 'other',
		description: 'What the document is; Nexpay refuses unknown types ([ORG0003])',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'documentOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'enrollment-letter.pdf',
				description: 'Name to store the file under, instead of the binary field’s file name; keep the extension (PDF, PNG, JPG …)',
			},
		],
	},
];

/** Outputs the stored document; its documentId goes into Conversation → Send Message as an attachment. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const field = { node: this.getNode(), itemIndex };
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '');
	const options = this.getNodeParameter('documentOptions', itemIndex, {}) as { fileName?: string };
	const file = await readInputFile(this, itemIndex, 'Input Binary Field', property);
	const fileName = optionalString(field, 'File Name', options.fileName, { max: 255 });
	const documentType = String(this.getNodeParameter('documentType', itemIndex, 'other'));
	const document = await uploadDocument.call(this, { ...file, fileName: fileName ?? file.fileName }, documentType, itemIndex, retry);
	return { documentId: document.id, ...document };
}
