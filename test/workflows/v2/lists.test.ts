// The three list operations against every list shape the sandbox can serve: the documented
// unpaged answer (the default) and the paged or broken ones a server might use instead. Each must
// end, output every entry once, honour the Limit and send a bounded number of requests.
import type { IDataObject } from 'n8n-workflow';

import type { ListPaging } from '../../sandbox';
import { publishPaymentLink } from '../triggers/support';
import { jsonOf, useSandbox } from './support';

const ctx = useSandbox();

interface ListOperation {
	name: string;
	path: string;
	/** Fills the sandbox with `count` entries and returns their ids in list order, plus the node's parameters. */
	prepare(count: number): Promise<{ ids: unknown[]; parameters: IDataObject }>;
}

const SEEDED_PAYMENTS = [123, 124, 125];

const OPERATIONS: ListOperation[] = [
	{
		name: 'Payment Intent → Get Many',
		path: '/v2/payment-intents',
		async prepare(count) {
			const linkId = await publishPaymentLink(ctx.sandbox);
			const ids = Array.from({ length: count }, () => ctx.sandbox.completeLinkSubmission(linkId).id);
			return {
				ids,
				parameters: { resource: 'paymentIntent', operation: 'getMany', intentFilters: { deliveryMode: 'payment_link_submission', createdFromPaymentIntentId: linkId } },
			};
		},
	},
	{
		name: 'Payment Link → Get Submissions',
		path: '/v2/payment-intents',
		async prepare(count) {
			const linkId = await publishPaymentLink(ctx.sandbox);
			const ids = Array.from({ length: count }, () => ctx.sandbox.completeLinkSubmission(linkId).id);
			return { ids, parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: linkId } };
		},
	},
	{
		name: 'Payment → Get Many',
		path: '/v2/payments',
		async prepare(count) {
			const created = Array.from({ length: count - SEEDED_PAYMENTS.length }, () => ctx.sandbox.createPayment().id);
			return { ids: [...SEEDED_PAYMENTS, ...created], parameters: { resource: 'payment', operation: 'getMany' } };
		},
	},
];

/** List requests a Return All of 250 entries needs in each shape. */
const RETURN_ALL_250: Record<ListPaging, number> = {
	none: 1, // the whole list at once, longer than asked: nothing more to ask
	'page-limit': 3,
	'page-ignored': 2, // page 2 repeats page 1
	'oversized-pages': 2, // pages of 150, followed by their totals
	'no-totals': 3, // 100, 100, then a short page
};

const SHAPES = Object.keys(RETURN_ALL_250) as ListPaging[];

const listRequests = (path: string) => ctx.sandbox.requests().filter((request) => request.method === 'GET' && request.path === path);

describe.each(OPERATIONS)('$name', (operation) => {
	it.each(SHAPES)('with Return All outputs 250 entries once each and ends, when lists are %s', async (shape) => {
		ctx.sandbox.setListPaging(shape);
		const { ids, parameters } = await operation.prepare(250);

		const { items, error } = await ctx.run({ parameters: { ...parameters, returnAll: true } });

		expect(error).toBeUndefined();
		expect(jsonOf(items).map((entry) => entry.id)).toEqual(ids);
		expect(listRequests(operation.path)).toHaveLength(RETURN_ALL_250[shape]);
	});

	it.each(SHAPES)('keeps to a Limit of 150 with one page size throughout, when lists are %s', async (shape) => {
		ctx.sandbox.setListPaging(shape);
		const { ids, parameters } = await operation.prepare(250);

		const { items } = await ctx.run({ parameters: { ...parameters, returnAll: false, limit: 150 } });

		expect(jsonOf(items).map((entry) => entry.id)).toEqual(ids.slice(0, 150));
		const sent = listRequests(operation.path);
		expect(sent.length).toBeLessThanOrEqual(2);
		expect(sent.map((request) => new URLSearchParams(request.query).get('limit'))).toEqual(sent.map(() => '100'));
	});
});

describe('the documented unpaged list', () => {
	it('is read with one request and cut to the Limit', async () => {
		const { ids, parameters } = await OPERATIONS[0].prepare(40);

		const { items } = await ctx.run({ parameters: { ...parameters, returnAll: false, limit: 7 } });

		expect(jsonOf(items).map((entry) => entry.id)).toEqual(ids.slice(0, 7));
		expect(listRequests('/v2/payment-intents')).toHaveLength(1);
	});

	it('of exactly 100 entries costs one more request, whose repeat ends the walk', async () => {
		const { ids, parameters } = await OPERATIONS[2].prepare(100);

		const { items } = await ctx.run({ parameters: { ...parameters, returnAll: true } });

		expect(jsonOf(items).map((entry) => entry.id)).toEqual(ids);
		expect(listRequests('/v2/payments').map((request) => request.query)).toEqual(['page=1&limit=100', 'page=2&limit=100']);
	});

	it('of a few entries ends at once', async () => {
		const { items } = await ctx.run({ parameters: { resource: 'payment', operation: 'getMany', returnAll: true } });

		expect(jsonOf(items).map((entry) => entry.id)).toEqual(SEEDED_PAYMENTS);
		expect(listRequests('/v2/payments')).toHaveLength(1);
	});
});
