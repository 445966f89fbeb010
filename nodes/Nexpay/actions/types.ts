import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RetryOptions } from '../helpers/transport';

export const V2_RESOURCES = ['paymentLink', 'paymentIntent', 'payment', 'conversation', 'document'] as const;
export const EUROWALLET_RESOURCES = ['euroWalletAccount', 'euroWalletPayment'] as const;

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
