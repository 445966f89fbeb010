import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { euroWalletApiRequest, nexpayApiRequest, type BinaryResponse, type NexpayRequest } from '../../../nodes/Nexpay/helpers/transport';

/** Test-only node: one transport call per item, so every retry path can be driven from a workflow. */
export class NexpayTransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexpay Transport Probe',
		name: 'nexpayTransportProbe',
		group: ['transform'],
		version: 1,
		description: 'Calls the Nexpay transport directly (tests only)',
		defaults: { name: 'Transport Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'nexpayApi', required: false },
			{ name: 'nexpayEuroWalletApi', required: false },
		],
		properties: [
			{ displayName: 'API', name: 'api', type: 'string', default: 'v2' },
			{ displayName: 'Request', name: 'request', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			const api = this.getNodeParameter('api', itemIndex) as string;
			const raw = this.getNodeParameter('request', itemIndex);
			const request = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject;
			const call = api === 'euroWallet' ? euroWalletApiRequest : nexpayApiRequest;
			const result = await call.call(this, { ...(request as unknown as NexpayRequest), itemIndex });
			if (request.returnBinary) {
				const binary = result as BinaryResponse;
				output.push({ json: { base64: binary.body.toString('base64'), headers: binary.headers }, pairedItem: { item: itemIndex } });
			} else {
				output.push({ json: result as IDataObject, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}
