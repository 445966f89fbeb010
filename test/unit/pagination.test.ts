import { collectPages } from '../../nodes/Nexpay/helpers/pagination';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../nodes/Nexpay/helpers/transport';

function pagedList(total: number) {
	const requests: Array<[number, number]> = [];
	const fetchPage = async (page: number, size: number) => {
		requests.push([page, size]);
		const start = (page - 1) * size;
		const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
		return { items, totalPages: Math.ceil(total / size) };
	};
	return { requests, fetchPage };
}

describe('collectPages', () => {
	it('returns everything across pages with Return All', async () => {
		const list = pagedList(250);
		const items = await collectPages(list.fetchPage, { returnAll: true, limit: 0 });
		expect(items).toHaveLength(250);
		expect(new Set(items).size).toBe(250);
		expect(list.requests).toEqual([
			[1, 100],
			[2, 100],
			[3, 100],
		]);
	});

	it('asks for no more than the limit', async () => {
		const list = pagedList(250);
		expect(await collectPages(list.fetchPage, { returnAll: false, limit: 7 })).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(list.requests).toEqual([[1, 7]]);
	});

	it('stops on a short page when the API gives no page count', async () => {
		const calls: number[] = [];
		const items = await collectPages(
			async (page) => {
				calls.push(page);
				return { items: page === 1 ? [1, 2, 3] : [] };
			},
			{ returnAll: true, limit: 0 },
		);
		expect(items).toEqual([1, 2, 3]);
		expect(calls).toEqual([1]);
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
