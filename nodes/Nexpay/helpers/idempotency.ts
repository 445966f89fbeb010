import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from './errors';

/**
 * Execution custom data key holding the execution a chain of Executions → Retry started from.
 * n8n copies the failed execution's run data, custom data included, into the retry, so the
 * key survives every retry of a retry; a new run (trigger, schedule, manual) starts without it.
 */
export const ORIGIN_EXECUTION_KEY = 'nexpayOriginExecution';

export interface OriginExecution {
	id: string;
	/** False when n8n would not store the key (its limit of 10 custom data keys): a retry would then derive new keys. */
	survivesRetry: boolean;
}

/** The execution whose derived keys this run reuses: the original one when n8n is retrying it. */
export function originExecution(context: IExecuteFunctions): OriginExecution {
	const current = context.getExecutionId();
	let customData: IExecuteFunctions['customData'];
	try {
		customData = context.customData;
	} catch {
		return { id: current, survivesRetry: false };
	}
	const recorded = customData.get(ORIGIN_EXECUTION_KEY);
	if (recorded) return { id: recorded, survivesRetry: true };
	try {
		customData.set(ORIGIN_EXECUTION_KEY, current);
	} catch {
		// Reported through survivesRetry below.
	}
	return { id: current, survivesRetry: customData.get(ORIGIN_EXECUTION_KEY) === current };
}

function runIndexOf(context: IExecuteFunctions, itemIndex: number): number {
	// Loops run the node several times in one execution with the same item indexes.
	const runIndex = context.getWorkflowDataProxy(itemIndex).$runIndex;
	return typeof runIndex === 'number' ? runIndex : 0;
}

function digest(parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * A key that is the same for the same origin execution, node, node run, item and purpose: n8n's
 * Retry On Fail (same execution) and Executions → Retry (a new execution carrying the origin)
 * repeat a request instead of duplicating it, while a new run of the workflow gets new keys.
 */
export function stableItemKey(context: IExecuteFunctions, itemIndex: number, purpose: string): string {
	const node = context.getNode();
	const origin = originExecution(context).id;
	return digest([origin, node.id ?? node.name, String(runIndexOf(context, itemIndex)), String(itemIndex), purpose]);
}

function readPath(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const segment of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[segment];
	}
	return value;
}

/** Field paths from a comma-separated list, e.g. `supplier.iban, invoiceNumber`. */
export function parseFieldList(text: unknown): string[] {
	return String(text ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field.length > 0);
}

/**
 * A key from the values of chosen input fields (e.g. the invoice number), the workflow and the
 * node: the same invoice gets the same key in every run, retry and re-run, so it is paid once.
 * A missing or empty field is an error, never hashed as empty: two items would share a key.
 */
export function itemFieldsKey(context: IExecuteFunctions, itemIndex: number, fields: string[], fieldLabel: string, purpose: string): string {
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const values = fields.map((field) => {
		const value = readPath(json, field);
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
			throw invalidInput(context.getNode(), itemIndex, fieldLabel, `the input item has no value in "${field}"`);
		}
		if (typeof value === 'object') {
			throw invalidInput(context.getNode(), itemIndex, fieldLabel, `"${field}" holds an object or list; name a field with a single value`);
		}
		return `${field}=${String(value)}`;
	});
	const node = context.getNode();
	return digest([context.getWorkflow().id ?? '', node.id ?? node.name, purpose, ...values]);
}

/** A hex key shaped as a UUID (Idempotency-Key headers commonly are). */
export function asUuid(hex: string): string {
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The stable key shaped as a UUID. */
export function stableItemUuid(context: IExecuteFunctions, itemIndex: number, purpose: string): string {
	return asUuid(stableItemKey(context, itemIndex, purpose));
}

const warnedRuns = new WeakSet<object>();

/** Shows one warning per node run in the output pane (n8n's execution hints). */
export function warnOncePerRun(context: IExecuteFunctions, message: string): void {
	if (warnedRuns.has(context)) return;
	warnedRuns.add(context);
	context.addExecutionHints({ message, location: 'outputPane' });
}
