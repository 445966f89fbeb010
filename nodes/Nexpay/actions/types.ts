import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RetryOptions } from '../helpers/transport';

export const V2_RESOURCES = ['paymentLink', 'paymentIntent', 'payment', 'conversation', 'document'] as const;
export const EUROWALLET_RESOURCES = ['euroWalletAccount', 'euroWalletPayment'] as const;

/**
 * v2 operations that change nothing at Nexpay: the router runs them several items at a time by
 * default. Everything that creates or changes something goes one item at a time unless asked.
 */
export const V2_READ_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
	paymentLink: ['getRequirements', 'getSubmissions', 'getPublicDetails', 'getQuote', 'getStatus'],
	paymentIntent: ['get', 'getMany', 'getRequirements', 'dryRun'],
	payment: ['get', 'getMany'],
	conversation: ['get', 'checkUnread', 'downloadAttachment'],
	document: [],
};

/** Items in flight at once for v2 reads when the user sets no Batching. */
export const DEFAULT_READ_CONCURRENCY = 10;

export type V2Resource = (typeof V2_RESOURCES)[number];
export type EuroWalletResource = (typeof EUROWALLET_RESOURCES)[number];
export type NexpayResource = V2Resource | EuroWalletResource;

/** What the router hands every operation besides the item index. */
export interface OperationContext {
	retry: RetryOptions;
}

/** One item in, its output items out (JSON objects, or full items when binary data travels). */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) => Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;

export interface ResourceModule {
	/** The operation picker and every operation's fields, each scoped with displayOptions. */
	description: INodeProperties[];
	operations: Record<string, OperationExecute>;
}
