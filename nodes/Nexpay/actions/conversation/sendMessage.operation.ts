import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readInputFile, splitList } from '../../helpers/binary';
import { nexpayApiRequest } from '../../helpers/transport';
import { optionalString, requireString, validateUuid } from '../../helpers/validation';
import { DOCUMENT_TYPE_OPTIONS, uploadDocument } from '../document/shared';
import { paymentIdField, paymentPath, readPaymentId } from '../payment/shared';
import type { OperationContext } from '../types';

const show = { resource: ['conversation'], operation: ['sendMessage'] };

export const description: INodeProperties[] = [
	paymentIdField(show, 'ID of the payment to write about; its conversation is started by the first message'),
	{
		displayName: 'Text',
		name: 'messageText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Can you confirm the enrollment letter was received?',
		description: 'The message to Nexpay',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'messageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attachment Binary Fields',
				name: 'attachmentBinaryProperties',
				type: 'string',
				default: '',
				placeholder: 'data, invoice',
				description: 'Binary fields of the input item to attach, comma-separated; the node uploads each through the Documents API first',
			},
			{
				displayName: 'Attachment Document IDs',
				name: 'attachmentDocumentIds',
				type: 'string',
				default: '',
				placeholder: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
				description: 'Documents already uploaded (Document → Upload) to attach, comma-separated',
			},
			{
				displayName: 'Attachment Document Type',
				name: 'attachmentDocumentType',
				type: 'options',
				options: DOCUMENT_TYPE_OPTIONS,
				default: 'other',
				description: 'Document type the node gives the files it uploads from binary fields',
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				placeholder: 'Payment query',
				description: 'Subject line of the message',
			},
		],
	},
];

interface MessageOptions {
	attachmentBinaryProperties?: string;
	attachmentDocumentIds?: string;
	attachmentDocumentType?: string;
	subject?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const field = { node: this.getNode(), itemIndex };
	const paymentId = readPaymentId(this, itemIndex);
	const text = requireString(field, 'Text', this.getNodeParameter('messageText', itemIndex, ''));
	const options = this.getNodeParameter('messageOptions', itemIndex, {}) as MessageOptions;
	const subject = optionalString(field, 'Subject', options.subject);
	const documentIds = splitList(options.attachmentDocumentIds).map((id) => validateUuid(field, 'Attachment Document IDs', id));
	// Every file is read (and every field checked) before the first upload, so a bad item sends nothing.
	const files = [];
	for (const property of splitList(options.attachmentBinaryProperties)) {
		files.push(await readInputFile(this, itemIndex, 'Attachment Binary Fields', property));
	}

	const documentType = options.attachmentDocumentType || 'other';
	for (const file of files) {
		const document = await uploadDocument.call(this, file, documentType, itemIndex, retry);
		documentIds.push(String(document.id));
	}

	const body: IDataObject = { text };
	if (subject) body.subject = subject;
	if (documentIds.length) body.attachments = documentIds;
	return (await nexpayApiRequest.call(this, {
		method: 'POST',
		path: paymentPath(paymentId, '/conversation/messages'),
		body,
		itemIndex,
		retry,
	})) as IDataObject;
}
