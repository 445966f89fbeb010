import type { IDataObject } from 'n8n-workflow';

import { nexpayApiRequest, type NexpayContext, type RetryOptions } from './transport';

export const MAX_PAGE_SIZE = 100;

export interface ListOptions {
	/** Fetch every page (Return All) or stop at `limit` entries. */
	returnAll: boolean;
	limit: number;
}

export interface Page<T> {
	items: T[];
	/** When the API says how many pages there are, we stop there instead of asking for an empty one. */
	totalPages?: number;
}

/** Walks 1-based pages until the list ends or the limit is reached; never asks for more than it keeps. */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
	{ returnAll, limit }: ListOptions,
): Promise<T[]> {
	const wanted = returnAll ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(limit));
	const collected: T[] = [];
	for (let page = 1; collected.length < wanted; page++) {
		const pageSize = Math.min(MAX_PAGE_SIZE, wanted - collected.length);
		const { items, totalPages } = await fetchPage(page, returnAll ? MAX_PAGE_SIZE : pageSize);
		collected.push(...items.slice(0, wanted - collected.length));
		const lastPage = totalPages !== undefined ? page >= totalPages : items.length < (returnAll ? MAX_PAGE_SIZE : pageSize);
		if (lastPage || items.length === 0) break;
	}
	return collected;
}

export interface V2ListRequest extends ListOptions {
	path: string;
	/** The array's key in the response, e.g. `paymentIntents`. */
	listKey: string;
	qs?: IDataObject;
	itemIndex?: number;
	retry?: RetryOptions;
}

/** A v2 list endpoint (`page` / `limit` query, `meta.totalPages`) read through the one v2 transport. */
export async function nexpayApiList(this: NexpayContext, request: V2ListRequest): Promise<IDataObject[]> {
	return await collectPages<IDataObject>(async (page, pageSize) => {
		const response = (await nexpayApiRequest.call(this, {
			method: 'GET',
			path: request.path,
			qs: { ...(request.qs ?? {}), page, limit: pageSize },
			itemIndex: request.itemIndex,
			retry: request.retry,
		})) as IDataObject;
		const items = Array.isArray(response[request.listKey]) ? (response[request.listKey] as IDataObject[]) : [];
		const meta = (response.meta ?? {}) as IDataObject;
		const totalPages = typeof meta.totalPages === 'number' ? meta.totalPages : undefined;
		return { items, totalPages };
	}, request);
}
