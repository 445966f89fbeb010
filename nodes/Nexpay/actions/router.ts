import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError, errorItemJson } from '../helpers/errors';
import { validateNumberSetting } from '../helpers/validation';
import { containsExpression, readRequestOptions, retryOptionsOf } from './shared';
import { RESOURCES } from './resources';
import { DEFAULT_READ_CONCURRENCY, V2_READ_OPERATIONS, V2_RESOURCES, type NexpayResource, type OperationExecute } from './types';

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

	// Without an expression the options are the same for every item: read them once, not once per item.
	const sameRetryForAll = containsExpression(this.getNode().parameters.requestOptions)
		? undefined
		: retryOptionsOf(readRequestOptions(this, 0), { node: this.getNode(), itemIndex: undefined });
	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		try {
			const retry = sameRetryForAll ?? retryOptionsOf(readRequestOptions(this, itemIndex), { node: this.getNode(), itemIndex });
			const output = await execute.call(this, itemIndex, { retry });
			return this.helpers.constructExecutionMetaData(toExecutionData(output), { itemData: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) return [{ json: errorItemJson(error), pairedItem: { item: itemIndex } }];
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};

	const { concurrency, batchInterval } = pacing(this, resource, operation);
	const results: INodeExecutionData[][] = new Array<INodeExecutionData[]>(items.length);
	if (batchInterval > 0) {
		// Paced on purpose: lock-step batches with a pause between them.
		for (let start = 0; start < items.length; start += concurrency) {
			// n8n's Stop ends the pause; the next items then stop in the transport before anything is sent.
			if (start > 0) await sleep(batchInterval, this.getExecutionCancelSignal()).catch(() => undefined);
			const indexes = Array.from({ length: Math.min(concurrency, items.length - start) }, (_, i) => start + i);
			await runWindow(this, indexes, indexes.length, runItem, results);
		}
	} else {
		await runWindow(this, items.map((_, i) => i), concurrency, runItem, results);
	}
	return [results.flat()];
}

/** How many items are in flight at once, and the pause between lock-step batches (0: a sliding window). */
function pacing(context: IExecuteFunctions, resource: NexpayResource, operation: string): { concurrency: number; batchInterval: number } {
	// EuroWallet requests go one at a time: nonces must arrive in rising order, and payments never race.
	if (!(V2_RESOURCES as readonly string[]).includes(resource)) return { concurrency: 1, batchInterval: 0 };
	const batch = readRequestOptions(context, 0).batching?.batch;
	if (batch?.batchSize !== undefined) {
		// An expression can set these to anything: refuse rather than run no item at all. They are read from the first item.
		const field = { node: context.getNode(), itemIndex: 0 };
		const size = validateNumberSetting(field, 'Items per Batch', batch.batchSize, { min: 1, max: 100 });
		const interval = validateNumberSetting(field, 'Batch Interval (Ms)', batch.batchInterval ?? 0, { min: 0 });
		return { concurrency: Math.floor(size), batchInterval: interval };
	}
	const isRead = V2_READ_OPERATIONS[resource]?.includes(operation) ?? false;
	return { concurrency: isRead ? DEFAULT_READ_CONCURRENCY : 1, batchInterval: 0 };
}

/**
 * Runs the items with at most `concurrency` in flight, starting the next as soon as one ends; results
 * land at their item's index, so the output keeps the input order. On a failure no new item starts,
 * the ones in flight finish (none is left half-known), and the first failure in input order is thrown.
 */
async function runWindow(
	context: IExecuteFunctions,
	indexes: number[],
	concurrency: number,
	runItem: (itemIndex: number) => Promise<INodeExecutionData[]>,
	results: INodeExecutionData[][],
): Promise<void> {
	let next = 0;
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	const worker = async (): Promise<void> => {
		while (next < indexes.length && failures.length === 0) {
			const itemIndex = indexes[next++];
			try {
				results[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				failures.push({ itemIndex, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, worker));
	if (failures.length) {
		failures.sort((a, b) => a.itemIndex - b.itemIndex);
		throw asNodeError(context.getNode(), failures[0].error);
	}
}
