import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fileNameFromContentDisposition, mimeTypeFromContentType } from '../../helpers/binary';
import { nexpayApiRequest, type BinaryResponse } from '../../helpers/transport';
import { requireString, validateUuid } from '../../helpers/validation';
import { paymentIdField, paymentPath, readPaymentId } from '../payment/shared';
import type { OperationContext } from '../types';

const show = { resource: ['conversation'], operation: ['downloadAttachment'] };

export const description: INodeProperties[] = [
	paymentIdField(show, 'ID of the payment whose conversation has the attachment'),
	{
		displayName: 'Document ID',
		name: 'attachmentDocumentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
		description: 'ID of the attachment, from a message’s attachments (Conversation → Get)',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data',
		description: 'Name of the binary field the file is written to',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show },
	},
];

/** The file as binary data, named and typed from the response's Content-Disposition and Content-Type. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<INodeExecutionData[]> {
	const field = { node: this.getNode(), itemIndex };
	const paymentId = readPaymentId(this, itemIndex);
	const documentId = validateUuid(field, 'Document ID', this.getNodeParameter('attachmentDocumentId', itemIndex));
	const property = requireString(field, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const response = (await nexpayApiRequest.call(this, {
		method: 'GET',
		path: paymentPath(paymentId, `/conversation/attachments/${documentId}`),
		returnBinary: true,
		itemIndex,
		retry,
	})) as BinaryResponse;
	const fileName = fileNameFromContentDisposition(response.headers['content-disposition']) ?? documentId;
	const mimeType = mimeTypeFromContentType(response.headers['content-type']) ?? 'application/octet-stream';
	const binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	return [
		{
			json: { paymentId, documentId, fileName: binary.fileName ?? fileName, mimeType: binary.mimeType, fileSize: response.body.length },
			binary: { [property]: binary },
		},
	];
}
