import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { nexpayApiRequest, type NexpayContext, type RetryOptions } from './transport';

export const MAX_PAGE_SIZE = 100;

/** Last line of defence: no list walk sends more requests than this, whatever the server answers. */
export const MAX_PAGES = 1000;

export interface ListOptions {
	/** Fetch every page (Return All) or stop at `limit` entries. */
	returnAll: boolean;
	limit: number;
	/** Overrides MAX_PAGES (tests). */
	maxPages?: number;
}

/**
 * One answer of a list endpoint. The docs print lists unpaginated (`{ paymentIntents: [...] }`),
 * so every page field is optional; each one the server does send is used to stop sooner.
 */
export interface Page<T> {
	items: T[];
	totalPages?: number;
	/** Entries in the whole list. */
	total?: number;
	hasMore?: boolean;
}

/** Thrown when a list is still going after `maxPages` requests, so a workflow never gets a silently cut list. */
export class PageLimitError extends Error {
	constructor(
		readonly pages: number,
		readonly collected: number,
	) {
		super(`The list still had new entries after ${pages} requests (${collected} entries); stopped so the workflow does not run forever`);
		this.name = 'PageLimitError';
	}
}

/** An entry's identity: its `id`, or the whole entry when it has none. */
export function entryKey(entry: unknown): string {
	if (entry !== null && typeof entry === 'object' && 'id' in entry) {
		const id = (entry as { id: unknown }).id;
		if (id !== undefined && id !== null && id !== '') return `id:${String(id)}`;
	}
	return `json:${JSON.stringify(entry)}`;
}

/**
 * Walks 1-based pages of one fixed size until the list ends or the limit is reached. It ends on
 * every answer a server may give: an unpaged answer (no page fields, the documented shape) is the
 * whole list unless it is exactly as long as asked — then one more page is asked and a repeat
 * ends the walk; a page larger than asked (the server ignores `limit`) ends it unless the
 * server's own totals say entries are missing; a page of only known ids (page ignored), an empty
 * page, `totalPages`, `total` or `hasMore: false` end it. Entries are de-duplicated by id and
 * never more than `limit` are kept.
 */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
	{ returnAll, limit, maxPages = MAX_PAGES }: ListOptions,
	{
		keyOf = entryKey,
		tooManyPages = (pages, collected) => new PageLimitError(pages, collected),
	}: { keyOf?: (entry: T) => string; tooManyPages?: (pages: number, collected: number) => Error } = {},
): Promise<T[]> {
	const wanted = returnAll ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(limit));
	// One size for the whole walk: page N then means the same offset to every server.
	const pageSize = Math.min(MAX_PAGE_SIZE, wanted);
	const collected: T[] = [];
	const seen = new Set<string>();
	for (let page = 1; collected.length < wanted; page++) {
		if (page > maxPages) throw tooManyPages(maxPages, collected.length);
		const { items, totalPages, total, hasMore } = await fetchPage(page, pageSize);
		let fresh = 0;
		for (const entry of items) {
			const key = keyOf(entry);
			if (seen.has(key)) continue;
			seen.add(key);
			fresh++;
			if (collected.length < wanted) collected.push(entry);
		}
		if (items.length === 0 || fresh === 0) break; // empty, or a page we already had: the server ignores `page`
		if (hasMore !== undefined) {
			if (!hasMore) break;
		} else if (totalPages !== undefined) {
			if (page >= totalPages) break;
		} else if (total !== undefined) {
			if (seen.size >= total) break;
		} else if (items.length !== pageSize) {
			break; // short: the end; longer than asked with no totals: the server sent the whole list
		}
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

function count(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** Page fields wherever a server may put them: `meta`, `pagination` or the top level. */
function pageInfo(response: IDataObject): Omit<Page<unknown>, 'items'> {
	const holders = [response.meta, response.pagination, response].filter(
		(holder): holder is IDataObject => typeof holder === 'object' && holder !== null && !Array.isArray(holder),
	);
	const first = <V>(read: (holder: IDataObject) => V | undefined): V | undefined => {
		for (const holder of holders) {
			const value = read(holder);
			if (value !== undefined) return value;
		}
		return undefined;
	};
	return {
		totalPages: first((holder) => count(holder.totalPages)),
		total: first((holder) => count(holder.total)),
		hasMore: first((holder) => (typeof holder.hasMore === 'boolean' ? holder.hasMore : undefined)),
	};
}

/**
 * A v2 list endpoint read through the one v2 transport. `page` and `limit` are sent so a server
 * that pages honours our size; the documented server ignores them and answers the whole list.
 */
export async function nexpayApiList(this: NexpayContext, request: V2ListRequest): Promise<IDataObject[]> {
	const node = this.getNode();
	const tooManyPages = (pages: number, collected: number) =>
		new NodeOperationError(node, new PageLimitError(pages, collected).message, {
			itemIndex: request.itemIndex,
			description: `GET ${request.path} kept answering new entries. Turn off Return All and set a Limit, or narrow the list with filters.`,
		});
	return await collectPages<IDataObject>(
		async (page, pageSize) => {
			const response = await nexpayApiRequest.call(this, {
				method: 'GET',
				path: request.path,
				qs: { ...(request.qs ?? {}), page, limit: pageSize },
				itemIndex: request.itemIndex,
				retry: request.retry,
			});
			if (Array.isArray(response)) return { items: response as IDataObject[] };
			const body = (response ?? {}) as IDataObject;
			const items = body[request.listKey];
			if (!Array.isArray(items)) {
				// Reading a changed answer as an empty list would silently lose entries.
				throw new NodeApiError(node, body as JsonObject, {
					message: `Nexpay's answer to GET ${request.path} has no "${request.listKey}" list`,
					description: `Expected { "${request.listKey}": [...] } as the Nexpay docs show`,
					itemIndex: request.itemIndex,
				});
			}
			return { items: items as IDataObject[], ...pageInfo(body) };
		},
		request,
		{ tooManyPages },
	);
}
