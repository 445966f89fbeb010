import { collectPages, entryKey, MAX_PAGE_SIZE, PageLimitError, type Page } from '../../nodes/Nexpay/helpers/pagination';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../nodes/Nexpay/helpers/transport';

interface Entry {
	id: string;
}

type Shape = 'unpaged' | 'page-limit' | 'page-ignored' | 'oversized-pages' | 'no-totals';

/** A fake list endpoint: `n` entries answered in one of the shapes a server may use; counts the requests. */
function fakeList(shape: Shape, n: number) {
	const all: Entry[] = Array.from({ length: n }, (_, i) => ({ id: `pi_${i}` }));
	const requests: Array<[number, number]> = [];
	const fetchPage = async (page: number, size: number): Promise<Page<Entry>> => {
		requests.push([page, size]);
		const slice = (pageSize: number) => all.slice((page - 1) * pageSize, page * pageSize);
		switch (shape) {
			case 'unpaged': // the documented shape: the whole list, no page fields
				return { items: all };
			case 'page-limit':
				return { items: slice(size), total: n, totalPages: Math.ceil(n / size) };
			case 'page-ignored': // the whole list every time, with a meta that always claims another page
				return { items: all, totalPages: page + 1 };
			case 'oversized-pages':
				return { items: slice(150), total: n, totalPages: Math.ceil(n / 150) };
			case 'no-totals':
				return { items: slice(size) };
		}
	};
	return { all, requests, fetchPage };
}

const SHAPES: Shape[] = ['unpaged', 'page-limit', 'page-ignored', 'oversized-pages', 'no-totals'];
const ids = (entries: Entry[]) => entries.map((entry) => entry.id);

describe('collectPages', () => {
	describe.each(SHAPES)('against a %s list', (shape) => {
		it.each([0, 1, 99, 100, 101, 250])('Return All ends with each of %i entries exactly once, in order', async (n) => {
			const list = fakeList(shape, n);
			const items = await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
			expect(ids(items)).toEqual(ids(list.all));
			// Never more than one page beyond what the list needs.
			expect(list.requests.length).toBeLessThanOrEqual(Math.ceil(n / MAX_PAGE_SIZE) + 1);
		});

		it.each([1, 7, 100, 150, 400])('keeps at most the Limit of %i', async (limit) => {
			const list = fakeList(shape, 250);
			const items = await collectPages(list.fetchPage, { returnAll: false, limit });
			expect(ids(items)).toEqual(ids(list.all).slice(0, limit));
			expect(list.requests.length).toBeLessThanOrEqual(Math.ceil(Math.min(limit, 250) / Math.min(limit, MAX_PAGE_SIZE)) + 1);
		});
	});

	it('reads the documented unpaged answer once, however long the list is', async () => {
		const list = fakeList('unpaged', 10_000);
		const items = await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(items).toHaveLength(10_000);
		expect(list.requests).toEqual([[1, 100]]);
	});

	it('asks once more when an unpaged answer is exactly as long as asked, and stops when that page repeats', async () => {
		const list = fakeList('unpaged', 100);
		await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(list.requests).toEqual([
			[1, 100],
			[2, 100],
		]);
	});

	it('stops on the first page that repeats when the server ignores page but claims more pages', async () => {
		const list = fakeList('page-ignored', 250);
		const items = await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(items).toHaveLength(250);
		expect(list.requests).toHaveLength(2);
	});

	it('follows the totals of a server whose pages are larger than asked', async () => {
		const list = fakeList('oversized-pages', 250);
		const items = await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(ids(items)).toEqual(ids(list.all));
		expect(list.requests).toEqual([
			[1, 100],
			[2, 100],
		]);
	});

	it('takes a page larger than asked with no totals as the whole list', async () => {
		const requests: number[] = [];
		const items = await collectPages(
			async (page) => {
				requests.push(page);
				return { items: Array.from({ length: 130 }, (_, i) => ({ id: `e${i}` })) };
			},
			{ returnAll: true, limit: 0 },
		);
		expect(items).toHaveLength(130);
		expect(requests).toEqual([1]);
	});

	it('pages through with page and limit honoured and the totals missing, ending on a short or empty page', async () => {
		const short = fakeList('no-totals', 250);
		await collectPages(short.fetchPage, { returnAll: true, limit: 0 });
		expect(short.requests.map(([page]) => page)).toEqual([1, 2, 3]);
		const even = fakeList('no-totals', 200);
		expect(await collectPages(even.fetchPage, { returnAll: true, limit: 0 })).toHaveLength(200);
		expect(even.requests.map(([page]) => page)).toEqual([1, 2, 3]);
	});

	it('stops at the page count the API gives without asking for an empty page', async () => {
		const list = fakeList('page-limit', 200);
		await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(list.requests.map(([page]) => page)).toEqual([1, 2]);
	});

	it('keeps one page size for the whole walk, so pages never overlap', async () => {
		const list = fakeList('page-limit', 250);
		const items = await collectPages(list.fetchPage, { returnAll: false, limit: 150 });
		expect(ids(items)).toEqual(ids(list.all).slice(0, 150));
		expect(list.requests).toEqual([
			[1, 100],
			[2, 100],
		]);
	});

	it('drops entries it already has when pages overlap (a list that grew at the front while paging)', async () => {
		const pages: Entry[][] = [
			[{ id: 'a' }, { id: 'b' }, { id: 'c' }],
			[{ id: 'c' }, { id: 'd' }],
		];
		const items = await collectPages(async (page) => ({ items: pages[page - 1] ?? [], hasMore: page < 2 }), { returnAll: true, limit: 0 });
		expect(ids(items)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('stops when hasMore stays true but the page repeats', async () => {
		let requests = 0;
		const items = await collectPages(
			async () => {
				requests++;
				return { items: [{ id: 'x' }, { id: 'y' }], hasMore: true };
			},
			{ returnAll: true, limit: 0 },
		);
		expect(ids(items)).toEqual(['x', 'y']);
		expect(requests).toBe(2);
	});

	it('fails with a clear error after the page bound when a server keeps inventing new entries', async () => {
		let requests = 0;
		const endless = collectPages(
			async (page, size) => {
				requests++;
				return { items: Array.from({ length: size }, (_, i) => ({ id: `${page}-${i}` })), hasMore: true };
			},
			{ returnAll: true, limit: 0, maxPages: 25 },
		);
		await expect(endless).rejects.toThrow(PageLimitError);
		await expect(endless).rejects.toThrow('still had new entries after 25 requests (2500 entries)');
		expect(requests).toBe(25);
	});

	it('asks for nothing when the Limit is 0', async () => {
		const list = fakeList('unpaged', 5);
		expect(await collectPages(list.fetchPage, { returnAll: false, limit: 0 })).toEqual([]);
		expect(list.requests).toEqual([]);
	});

	it('tells entries apart by id, or by their content when they have none', () => {
		expect(entryKey({ id: 7, status: 'a' })).toBe(entryKey({ id: '7', status: 'b' }));
		expect(entryKey({ status: 'a' })).not.toBe(entryKey({ status: 'b' }));
		expect(entryKey({ id: '' })).not.toBe(entryKey({ id: null }));
	});
});

describe('retry timing', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('7')).toBe(7);
		expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(30);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
		for (const [attempt, centre] of [
			[1, 100],
			[2, 200],
			[3, 400],
			[6, 1000],
		]) {
			const delay = backoffDelay(attempt, policy);
			expect(delay).toBeGreaterThanOrEqual(centre * 0.75);
			expect(delay).toBeLessThanOrEqual(centre * 1.25);
		}
	});
});
