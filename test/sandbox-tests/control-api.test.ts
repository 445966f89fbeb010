import { startSandbox, DEFAULT_SANDBOX_KEYS, type Sandbox } from '../sandbox';
import { control, fixedLinkBody, legacy, paymentParams, publishedLink, sepaPayment, v2 } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ keys: { v2ApiKey: 'custom-v2-key' } });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('HTTP control API', () => {
	it('GET /info returns the url, the keys (overrides merged) and the webhook key', async () => {
		const info = await control(sb, 'GET', '/info');
		expect(info.body).toEqual({ url: sb.url, keys: { ...DEFAULT_SANDBOX_KEYS, v2ApiKey: 'custom-v2-key' }, webhookPublicKeyPem: sb.webhookPublicKeyPem });
		expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('exposes ledger, accounts, intents and requests; control calls are not recorded', async () => {
		await legacy(sb, 'POST', '/api/2/eurowallet/payments', paymentParams(sb, sepaPayment({ beneficiaryName: 'Zoë Ünal' })));
		await v2(sb, 'POST', '/v2/payment-intents', fixedLinkBody());
		expect((await control(sb, 'GET', '/ledger')).body).toEqual([expect.objectContaining({ otherName: 'Zoë Ünal' })]);
		expect((await control(sb, 'GET', '/accounts')).body[0]).toMatchObject({ iban: 'LT633080010000000208', balance: '2545.00' });
		expect((await control(sb, 'GET', '/intents')).body).toHaveLength(1);
		const requests = (await control(sb, 'GET', '/requests')).body;
		expect(requests.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([
			['/api/2/eurowallet/payments', 200],
			['/v2/payment-intents', 201],
		]);
		expect(Buffer.from(requests[0].rawBody, 'base64').toString('utf8')).toBe(requests[0].bodyText);
		expect(requests[0].headers['x-api-key']).toBe(sb.keys.euroWalletApiKey);
	});

	it('POST /reset clears state but keeps keys', async () => {
		await legacy(sb, 'POST', '/api/1/eurowallet/account', { tagName: 'extra' });
		expect((await control(sb, 'POST', '/reset')).status).toBe(200);
		expect(sb.accounts()).toHaveLength(3);
		expect(sb.requests()).toHaveLength(0);
		expect(sb.keys.v2ApiKey).toBe('custom-v2-key');
	});

	it('POST /options switches the list shape until the next reset, and refuses unknown shapes', async () => {
		expect((await v2(sb, 'GET', '/v2/payments?limit=1')).body).toEqual({ payments: expect.any(Array) });
		expect((await control(sb, 'POST', '/options', { listPaging: 'page-limit' })).status).toBe(200);
		expect((await v2(sb, 'GET', '/v2/payments?limit=1')).body.meta).toEqual({ page: 1, limit: 1, total: 3, totalPages: 3 });
		const refused = await control(sb, 'POST', '/options', { listPaging: 'sometimes' });
		expect(refused).toMatchObject({ status: 400, body: { error: expect.stringContaining('listPaging must be one of none, page-limit') } });
		await control(sb, 'POST', '/reset');
		expect((await v2(sb, 'GET', '/v2/payments?limit=1')).body.meta).toBeUndefined();
	});

	it('completes link submissions and moves their status', async () => {
		const link = await publishedLink(sb);
		const child = await control(sb, 'POST', `/payment-links/${link.publicLinkId}/complete`, { payerName: 'Ann Lee', status: 'pending' });
		expect(child.status).toBe(201);
		expect(child.body).toMatchObject({ status: 'pending', createdFrom: { paymentIntentId: link.id }, amount: '10000.00', payer: expect.objectContaining({ name: 'Ann Lee' }) });
		const moved = await control(sb, 'POST', `/payment-intents/${child.body.id}/status`, { status: 'completed' });
		expect(moved.body.status).toBe('completed');
		const draft = await v2(sb, 'POST', '/v2/payment-intents', fixedLinkBody());
		expect((await control(sb, 'POST', `/payment-links/${draft.body.id}/complete`, {})).status).toBe(400);
	});

	it('adds incoming EuroWallet payments and changes payment status', async () => {
		const incoming = await control(sb, 'POST', '/eurowallet/incoming', { amount: '12.50', otherName: 'Payer Ltd' });
		expect(incoming.status).toBe(201);
		const history = await legacy(sb, 'GET', '/api/1/eurowallet/payments/history');
		expect(history.body.entries).toEqual([expect.objectContaining({ paymentId: incoming.body.paymentId, amount: '12.50' })]);
		const rejected = await control(sb, 'POST', `/eurowallet/payments/${incoming.body.paymentId}/status`, { status: 'REJECTED' });
		expect(rejected.body.status).toBe('REJECTED');
		expect((await control(sb, 'POST', '/eurowallet/incoming', { amount: 'lots' })).status).toBe(400);
	});

	it('creates many payments at once for long lists, and refuses a bad count', async () => {
		const before = (await v2(sb, 'GET', '/v2/payments')).body.payments.length;
		expect((await control(sb, 'POST', '/payments', { count: 250, amount: '1.00' })).body).toEqual({ created: 250 });
		expect((await v2(sb, 'GET', '/v2/payments')).body.payments).toHaveLength(before + 250);
		expect((await control(sb, 'POST', '/payments', { count: 0 })).status).toBe(400);
	});

	it('creates payments and admin messages with attachments, and closes conversations', async () => {
		const payment = (await control(sb, 'POST', '/payments', { amount: '99.00' })).body;
		const message = await control(sb, 'POST', `/payments/${payment.id}/conversation/admin-messages`, {
			text: 'Please see the invoice.',
			attachments: [{ fileName: 'invoice.pdf', mimeType: 'application/pdf', contentBase64: Buffer.from('%PDF').toString('base64') }],
		});
		expect(message.status).toBe(201);
		const docId = message.body.attachments[0].id;
		expect((await v2(sb, 'GET', `/v2/payments/${payment.id}/conversation/attachments/${docId}`)).text).toBe('%PDF');
		expect((await control(sb, 'POST', `/payments/${payment.id}/conversation/close`)).status).toBe(200);
		expect((await v2(sb, 'GET', `/v2/payments/${payment.id}/conversation`)).body.isClosed).toBe(true);
	});

	it('answers unknown control routes with 404 and bad JSON with 400', async () => {
		expect((await control(sb, 'GET', '/nope')).status).toBe(404);
		const res = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', body: '{not json' });
		expect(res.status).toBe(400);
	});
});
