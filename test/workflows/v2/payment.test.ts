import { jsonOf, lastRequest, seen, useSandbox } from './support';

const ctx = useSandbox();

describe('Payment', () => {
	it('Get outputs the payment as Nexpay returns it', async () => {
		const { items } = await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123' } });

		expect(items).toEqual([
			{
				json: {
					id: 123,
					status: 'processing',
					amount: '10000.00',
					currency: 'AUD',
					payee: { id: 123, name: 'Sandbox University', country: 'AU' },
					payer: { name: 'Jane Doe', email: 'jane.doe@example.test' },
					reference: 'INV-2026-001',
					createdAt: '2026-03-15T09:00:00.000Z',
					updatedAt: '2026-03-15T09:00:00.000Z',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Get refuses a payment ID that is not a whole number, before sending anything', async () => {
		const { error } = await ctx.run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: 'PAY-123' } });

		expect(error?.message).toBe('Payment ID "PAY-123" is not a whole number above 0 [item 0]');
		expect(ctx.sandbox.requests()).toEqual([]);
	});

	it('Get Many with Return All reads the documented unpaged list in one request, one item each', async () => {
		for (let i = 0; i < 120; i++) ctx.sandbox.createPayment({ amount: `${i + 1}.00` });

		const { items } = await ctx.run({ parameters: { resource: 'payment', operation: 'getMany', returnAll: true } });

		expect(items).toHaveLength(123);
		expect(jsonOf(items).slice(0, 3).map((payment) => payment.id)).toEqual([123, 124, 125]);
		expect(ctx.sandbox.requests().map((request) => request.query)).toEqual(['page=1&limit=100']);
	});

	it('Get Many with Return All pages through a paged list, one item each', async () => {
		ctx.sandbox.setListPaging('page-limit');
		for (let i = 0; i < 120; i++) ctx.sandbox.createPayment({ amount: `${i + 1}.00` });

		const { items } = await ctx.run({ parameters: { resource: 'payment', operation: 'getMany', returnAll: true } });

		expect(items).toHaveLength(123);
		expect(jsonOf(items).slice(0, 3).map((payment) => payment.id)).toEqual([123, 124, 125]);
		expect(ctx.sandbox.requests().map((request) => request.query)).toEqual(['page=1&limit=100', 'page=2&limit=100']);
	});

	it('Get Many stops at the Limit and filters by status', async () => {
		const limited = await ctx.run({ parameters: { resource: 'payment', operation: 'getMany', limit: 2 } });
		const completed = await ctx.run({ parameters: { resource: 'payment', operation: 'getMany', returnAll: true, paymentFilters: { status: 'completed' } } });

		expect(jsonOf(limited.items).map((payment) => payment.id)).toEqual([123, 124]);
		expect(jsonOf(completed.items).map((payment) => payment.id)).toEqual([124]);
		expect(new URLSearchParams(lastRequest(ctx.sandbox, 'GET', '/v2/payments').query).get('filter[status]')).toBe('completed');
		expect(seen(ctx.sandbox)).toEqual(['GET /v2/payments', 'GET /v2/payments']);
	});
});
