import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError, errorItemJson } from '../helpers/errors';
import { readRequestOptions, retryOptionsOf } from './shared';
import { RESOURCES } from './resources';
import { V2_RESOURCES, type NexpayResource, type OperationExecute } from './types';

function isExecutionData(value: unknown): value is INodeExecutionData {
	return typeof value === 'object' && value !== null && 'json' in value && typeof (value as INodeExecutionData).json === 'object';
}

function toExecutionData(output: IDataObject | IDataObject[] | INodeExecutionData[]): INodeExecutionData[] {
	const list = Array.isArray(output) ? output : [output];
	return list.map((entry) => (isExecutionData(entry) ? entry : { json: entry as IDataObject }));
}

/** Reads resource and operation once, then runs the operation per item in input order. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as NexpayResource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute: OperationExecute | undefined = RESOURCES[resource]?.operations[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
	}

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		try {
			const retry = retryOptionsOf(readRequestOptions(this, itemIndex));
			const output = await execute.call(this, itemIndex, { retry });
			return this.helpers.constructExecutionMetaData(toExecutionData(output), { itemData: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) return [{ json: errorItemJson(error), pairedItem: { item: itemIndex } }];
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};

	// EuroWallet requests go one at a time (rising nonces, never two payments racing); v2 may batch.
	const batching = (V2_RESOURCES as readonly string[]).includes(resource)
		? readRequestOptions(this, 0).batching?.batch
		: undefined;
	const batchSize = Math.max(1, Math.floor(batching?.batchSize ?? 1));
	const batchInterval = Math.max(0, batching?.batchInterval ?? 0);

	const results: INodeExecutionData[][] = [];
	for (let start = 0; start < items.length; start += batchSize) {
		if (start > 0 && batchInterval > 0) await sleep(batchInterval);
		const indexes = Array.from({ length: Math.min(batchSize, items.length - start) }, (_, i) => start + i);
		const settled = await Promise.allSettled(indexes.map(runItem));
		// Let every request of the batch finish before failing, so none is left half-known.
		const failure = settled.find((outcome) => outcome.status === 'rejected');
		if (failure) throw asNodeError(this.getNode(), (failure as PromiseRejectedResult).reason);
		for (const outcome of settled) results.push((outcome as PromiseFulfilledResult<INodeExecutionData[]>).value);
	}
	return [results.flat()];
}
