import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { previewRequirements } from './requests';
import { intentShapeFields, readIntentShape } from './shared';

export const description: INodeProperties[] = intentShapeFields({ resource: ['paymentIntent'], operation: ['getRequirements'] });

/** Stateless: nothing is created. Shows the connector, limits (maxRecipients), required fields and accepted limitations. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const { useCase, deliveryMode, amountMode, payerRole } = readIntentShape(this, itemIndex);
	return await previewRequirements.call(this, { useCase, deliveryMode, amountMode, payer: { role: payerRole } }, itemIndex, retry);
}
