import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryOptions } from '../helpers/transport';
import { V2_RESOURCES } from './types';

/** Options every operation has: timeouts and retries, and batching for the v2 API. Defaults match DEFAULT_RETRY. */
export const requestOptionsDescription: INodeProperties[] = [
	{
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batching',
				name: 'batching',
				placeholder: 'Add Batching',
				type: 'fixedCollection',
				typeOptions: { multipleValues: false },
				default: { batch: {} },
				description:
					'How many items are in flight at once; the next starts as soon as one finishes, and the output keeps the input order. Without this option, reads run 10 at a time and creates or changes one at a time.',
				displayOptions: { show: { '/resource': [...V2_RESOURCES] } },
				options: [
					{
						displayName: 'Batching',
						name: 'batch',
						values: [
							{
								displayName: 'Items per Batch',
								name: 'batchSize',
								type: 'number',
								typeOptions: { minValue: 1, maxValue: 100 },
								default: 10,
								description: 'How many items are in flight at the same time (1: one after another)',
							},
							{
								displayName: 'Batch Interval (Ms)',
								name: 'batchInterval',
								type: 'number',
								typeOptions: { minValue: 0 },
								default: 0,
								description: 'Pause between batches, in milliseconds. Above 0, items go in fixed batches with this pause between them.',
							},
						],
					},
				],
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description:
					'Attempts in all when Nexpay answers 429 or 503, and for requests that are safe to repeat, on 5xx, reset connections and timeouts',
			},
			{
				displayName: 'Max Retry-After Wait (Seconds)',
				name: 'maxRetryAfterSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'If Nexpay asks to wait longer than this (Retry-After), fail instead of waiting',
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'baseDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 500,
				description: 'First wait before retrying a 5xx, reset or timeout; it doubles with each attempt',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 30000,
				description: 'How long to wait for Nexpay to answer one request',
			},
		],
	},
];

export interface RequestOptionsValues extends RetryOptions {
	batching?: { batch?: { batchSize?: number; batchInterval?: number } };
}

export function readRequestOptions(context: IExecuteFunctions, itemIndex: number): RequestOptionsValues {
	return context.getNodeParameter('requestOptions', itemIndex, {}) as RequestOptionsValues;
}

/** Whether a raw node parameter holds an n8n expression anywhere (then its value may differ per item). */
export function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

export function retryOptionsOf(values: RequestOptionsValues): RetryOptions {
	const { maxAttempts, maxRetryAfterSeconds, baseDelayMs, timeoutMs } = values;
	return { maxAttempts, maxRetryAfterSeconds, baseDelayMs, timeoutMs };
}
