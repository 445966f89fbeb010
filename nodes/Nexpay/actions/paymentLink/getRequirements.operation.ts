import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { previewRequirements } from '../paymentIntent/requests';
import { readChoice } from '../shared';
import type { OperationContext } from '../types';
import { linkBasics, scenarioField } from './shared';

export const description: INodeProperties[] = [scenarioField(['getRequirements'])];

/** What Nexpay needs for a link of this scenario: connector, limits.maxRecipients, controls.acceptedLimitations. */
export async function execute(this: IExecuteFunctions, itemIndex: number, { retry }: OperationContext): Promise<IDataObject> {
	const scenario = readChoice(this, itemIndex, scenarioField(['getRequirements']));
	return await previewRequirements.call(this, linkBasics(scenario), itemIndex, retry);
}
