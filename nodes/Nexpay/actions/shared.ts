import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryOptions } from '../helpers/transport';
import { choiceValues, requireChoice, validateNumberSetting, type FieldContext } from '../helpers/validation';
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

/** The retry settings, each checked: an expression can set a text, a negative or a zero timeout (which would mean none). */
export function retryOptionsOf(values: RequestOptionsValues, field: FieldContext): RetryOptions {
	const setting = (name: string, value: number | undefined, range: { min: number; max?: number }): number | undefined =>
		value === undefined ? undefined : validateNumberSetting(field, name, value, range);
	const maxAttempts = setting('Max Attempts', values.maxAttempts, { min: 1, max: 10 });
	return {
		maxAttempts: maxAttempts === undefined ? undefined : Math.floor(maxAttempts),
		maxRetryAfterSeconds: setting('Max Retry-After Wait (Seconds)', values.maxRetryAfterSeconds, { min: 0 }),
		baseDelayMs: setting('Retry Delay (Ms)', values.baseDelayMs, { min: 0 }),
		timeoutMs: setting('Timeout (Ms)', values.timeoutMs, { min: 100 }),
	};
}

/** A top-level choice list's value for the item, refused by name when an expression set it to something unlisted. */
export function readChoice(context: IExecuteFunctions, itemIndex: number, property: INodeProperties): string {
	const value = context.getNodeParameter(property.name, itemIndex, property.default);
	return requireChoice({ node: context.getNode(), itemIndex }, property.displayName, value, choiceValues(property));
}
