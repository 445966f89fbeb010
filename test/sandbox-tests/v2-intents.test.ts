import { startSandbox, type Sandbox } from '../sandbox';
import { fixedLinkBody, publishedLink, splitLinkBody, v2, type Reply } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const createIntent = async (body: Record<string, unknown>): Promise<string> => {
	const reply = await v2(sb, 'POST', '/v2/payment-intents', body);
	expect(reply.status).toBe(201);
	return reply.body.id;
};
const submit = (id: string, key?: string, body?: unknown) =>
	v2(sb, 'POST', `/v2/payment-intents/${id}/submit`, body, key === undefined ? {} : { 'Idempotency-Key': key });

describe('authentication', () => {
	it.each([
		['no header', {}],
		['wrong key', { Authorization: 'ApiKey nope' }],
		['wrong scheme', { Authorization: 'Bearer sandbox' }],
	])('401 [AUT0003] with %s', async (_name, headers) => {
		const res = await fetch(`${sb.url}/v2/payment-intents`, { headers });
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ statusCode: 401, code: '[AUT0003]', message: '[AUT0003] Invalid API key', timestamp: expect.any(String) });
	});
});

describe('create', () => {
	it('returns a draft intent with a publicLinkId for links', async () => {
		const reply = await v2(sb, 'POST', '/v2/payment-intents', fixedLinkBody());
		expect(reply.body).toMatchObject({
			id: expect.stringMatching(/^pi_/),
			status: 'draft',
			deliveryMode: 'reusable_payment_link',
			amountMode: 'fixed_payee_amounts',
			publicLinkId: expect.stringMatching(/^pl_/),
			amount: '10000.00',
			currency: 'AUD',
			executions: [],
			createdAt: expect.any(String),
		});
		expect((await v2(sb, 'GET', `/v2/payment-intents/${reply.body.id}`)).body).toEqual(reply.body);
	});

	it('rejects a malformed intent with 400 [GEN9002] naming every field', async () => {
		const reply = await v2(sb, 'POST', '/v2/payment-intents', {
			...splitLinkBody(),
			payer: { role: 'student' },
			recipients: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, amount: { currency: 'aud' } }],
		});
		expect(reply.status).toBe(400);
		expect(reply.body.code).toBe('[GEN9002]');
		expect(reply.body.details.errors.map((e: { field: string }) => e.field).sort()).toEqual(['payer.role', 'recipients[0].amount.currency', 'recipients[0].amount.portionBps']);
	});

	it('rejects a body that is not JSON', async () => {
		const res = await fetch(`${sb.url}/v2/payment-intents`, {
			method: 'POST',
			headers: { Authorization: `ApiKey ${sb.keys.v2ApiKey}`, 'Content-Type': 'application/json' },
			body: '{oops',
		});
		expect(res.status).toBe(400);
	});

	it('GET of an unknown intent is 404 [PAY0001]', async () => {
		const reply = await v2(sb, 'GET', '/v2/payment-intents/pi_missing');
		expect(reply.status).toBe(404);
		expect(reply.body.code).toBe('[PAY0001]');
	});
});

describe('requirements and dry-run', () => {
	it('previews the PayNow connector, its cap and its limitations', async () => {
		const { deliveryMode, amountMode, useCase, payer } = splitLinkBody();
		const reply = await v2(sb, 'POST', '/v2/payment-intents/requirements', { useCase, deliveryMode, amountMode, payer });
		expect(reply.body.connector).toEqual({ provider: 'paynow', action: 'payment_link', version: 'v1' });
		expect(reply.body.limits.maxRecipients).toBe(3);
		expect(reply.body.controls.acceptedLimitations).toHaveLength(4);
		expect(reply.body.requiredFields).toContain('instructions.paymentLink.displayCurrency');
		const manual = await v2(sb, 'POST', '/v2/payment-intents/requirements', { useCase, deliveryMode: 'manual', amountMode, payer: { role: 'student' } });
		expect(manual.body.limits.maxRecipients).toBe(10);
	});

	it('enables a complete split link', async () => {
		const id = await createIntent(splitLinkBody());
		const reply = await v2(sb, 'POST', `/v2/payment-intents/${id}/dry-run`);
		expect(reply.body.rule).toEqual({ status: 'enabled', missingRequirements: [] });
	});

	it('reports portions that do not sum to 10000, a missing display currency and too many recipients', async () => {
		const recipient = (order: number, portionBps: number) => ({ role: 'tenant', order, connectorPayeeId: 14001, amount: { portionBps, currency: 'AUD' } });
		const id = await createIntent(
			splitLinkBody({
				recipients: [recipient(1, 7000), recipient(2, 30), recipient(3, 1000), recipient(4, 1000)],
				instructions: { paymentLink: { includeCreatedByText: true } },
				termsAccepted: false,
			}),
		);
		const { rule } = (await v2(sb, 'POST', `/v2/payment-intents/${id}/dry-run`)).body;
		expect(rule.status).toBe('enabled');
		expect(rule.missingRequirements.map((m: { field: string }) => m.field)).toEqual([
			'recipients',
			'recipients[].amount.portionBps',
			'instructions.paymentLink.displayCurrency',
			'termsAccepted',
		]);
		const submitted = await submit(id, 'k-missing');
		expect(submitted.status).toBe(400);
		expect(submitted.body.details.errors).toEqual(rule.missingRequirements);
	});

	it('disables an unknown use case, and submit refuses it with [PAY0004]', async () => {
		const id = await createIntent(fixedLinkBody({ useCase: 'crypto_payout' }));
		expect((await v2(sb, 'POST', `/v2/payment-intents/${id}/dry-run`)).body.rule.status).toBe('disabled');
		const reply = await submit(id, 'k-disabled');
		expect(reply.status).toBe(400);
		expect(reply.body.code).toBe('[PAY0004]');
	});
});

describe('submit', () => {
	it('publishes the link once; the same key replays the same response', async () => {
		const id = await createIntent(fixedLinkBody());
		const first = await submit(id, 'key-A');
		expect(first.status).toBe(200);
		expect(first.body.status).toBe('active');
		expect(first.body.executions).toHaveLength(1);
		expect(first.body.executions[0].paymentLinkUrl).toBe(`${sb.url}/pay/${first.body.publicLinkId}`);
		expect(first.body.executions[0].connector).toEqual({ provider: 'paynow', action: 'payment_link', version: 'v1' });

		const replay = await submit(id, 'key-A');
		expect(replay.status).toBe(200);
		expect(replay.text).toBe(first.text);
		expect(replay.headers.get('idempotent-replayed')).toBe('true');
		expect(sb.intents()[0].executions).toHaveLength(1);
	});

	it('treats {} and an empty body as the same request', async () => {
		const id = await createIntent(fixedLinkBody());
		await submit(id, 'key-B');
		expect((await submit(id, 'key-B', {})).status).toBe(200);
	});

	it('422 when the key is reused with another body or another intent', async () => {
		const id = await createIntent(fixedLinkBody());
		const other = await createIntent(fixedLinkBody());
		await submit(id, 'key-C');
		const otherBody = await submit(id, 'key-C', { note: 'changed' });
		expect(otherBody.status).toBe(422);
		expect(otherBody.body.statusCode).toBe(422);
		expect((await submit(other, 'key-C')).status).toBe(422);
	});

	it('400 without an Idempotency-Key, 409 [PAY0003] for a second submit with a new key', async () => {
		const id = await createIntent(fixedLinkBody());
		expect((await submit(id)).status).toBe(400);
		await submit(id, 'key-D');
		const again = await submit(id, 'key-E');
		expect(again.status).toBe(409);
		expect(again.body.code).toBe('[PAY0003]');
		expect(sb.intents()[0].executions).toHaveLength(1);
	});

	it('a retry with the same key after a 500-after-commit gets the stored response: still one link', async () => {
		const id = await createIntent(fixedLinkBody());
		sb.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 500 });
		expect((await submit(id, 'key-F')).status).toBe(500);
		const retry = await submit(id, 'key-F');
		expect(retry.status).toBe(200);
		expect(retry.body.executions).toHaveLength(1);
	});

	it('submits a manual intent without a link', async () => {
		const id = await createIntent(fixedLinkBody({ deliveryMode: 'manual', payer: { role: 'student' } }));
		const reply = await submit(id, 'key-G');
		expect(reply.body).toMatchObject({ status: 'submitted', publicLinkId: null });
		expect(reply.body.executions[0].paymentLinkUrl).toBeUndefined();
	});
});

describe('list and child submissions', () => {
	it('lists the children of a link oldest first, unpaged as the docs print it, page and limit ignored', async () => {
		const link = await publishedLink(sb, splitLinkBody());
		const other = await publishedLink(sb);
		const children = ['10.00', '20.00', '30.00'].map((amount) => sb.completeLinkSubmission(link.id, { amount }));
		sb.completeLinkSubmission(other.id);
		sb.setChildStatus(children[1].id, 'failed');

		const query = `filter[deliveryMode]=payment_link_submission&filter[createdFrom.paymentIntentId]=${link.id}`;
		const list = await v2(sb, 'GET', `/v2/payment-intents?${query}&limit=2&page=2`);
		expect(Object.keys(list.body)).toEqual(['paymentIntents']);
		expect(list.body.paymentIntents.map((i: { id: string }) => i.id)).toEqual(children.map((c) => c.id));
		expect(list.body.paymentIntents[0]).toMatchObject({
			status: 'completed',
			deliveryMode: 'payment_link_submission',
			createdFrom: { paymentIntentId: link.id },
			lastConnectorPaymentId: expect.any(String),
			lastPaymentLinkUrl: `${sb.url}/pay/${link.publicLinkId}`,
			lastExecutionConnector: { provider: 'paynow', action: 'payment_link', version: 'v1' },
			bulkProgress: null,
			amount: '10.00',
			currency: 'AUD',
		});
		const completed = await v2(sb, 'GET', `/v2/payment-intents?${query}&filter[status]=completed`);
		expect(completed.body.paymentIntents.map((i: { id: string }) => i.id)).toEqual([children[0].id, children[2].id]);

		const child = sb.intents().find((i) => i.id === children[0].id);
		expect(child?.recipients.map((r) => r.amount.payeeAmount)).toEqual(['7.00', '3.00']);
	});

	describe('list paging options', () => {
		/** Five children of one link; the list query for them with the given page and limit. */
		async function fiveChildren(): Promise<{ ids: string[]; list: (paging: string) => Promise<{ ids: string[]; meta: unknown }> }> {
			const link = await publishedLink(sb);
			const ids = Array.from({ length: 5 }, () => sb.completeLinkSubmission(link.id).id);
			const list = async (paging: string) => {
				const reply = await v2(sb, 'GET', `/v2/payment-intents?filter[createdFrom.paymentIntentId]=${link.id}&${paging}`);
				return { ids: reply.body.paymentIntents.map((i: { id: string }) => i.id), meta: reply.body.meta };
			};
			return { ids, list };
		}

		it('page-limit honours page and limit and reports the totals', async () => {
			sb.setListPaging('page-limit');
			const { ids, list } = await fiveChildren();
			expect(await list('limit=2')).toEqual({ ids: ids.slice(0, 2), meta: { page: 1, limit: 2, total: 5, totalPages: 3 } });
			expect(await list('limit=2&page=3')).toEqual({ ids: ids.slice(4), meta: { page: 3, limit: 2, total: 5, totalPages: 3 } });
		});

		it('page-ignored answers the whole list on every page and always claims another page', async () => {
			sb.setListPaging('page-ignored');
			const { ids, list } = await fiveChildren();
			expect(await list('limit=2&page=7')).toEqual({ ids, meta: { page: 7, limit: 2, totalPages: 8 } });
		});

		it('oversized-pages answers pages of 150 whatever the limit', async () => {
			sb.setListPaging('oversized-pages');
			const { ids, list } = await fiveChildren();
			expect(await list('limit=2')).toEqual({ ids, meta: { page: 1, limit: 150, total: 5, totalPages: 1 } });
		});

		it('no-totals honours page and limit but gives no totals', async () => {
			sb.setListPaging('no-totals');
			const { ids, list } = await fiveChildren();
			expect(await list('limit=2&page=2')).toEqual({ ids: ids.slice(2, 4), meta: { page: 2, limit: 2 } });
		});

		it('reset goes back to the documented unpaged lists', async () => {
			sb.setListPaging('page-limit');
			sb.reset();
			const { ids, list } = await fiveChildren();
			expect(await list('limit=2')).toEqual({ ids, meta: undefined });
		});

		it('can start in a paging mode, kept across resets', async () => {
			const paged = await startSandbox({ listPaging: 'no-totals' });
			try {
				paged.reset();
				const reply = await v2(paged, 'GET', '/v2/payments?limit=1');
				expect(reply.body).toMatchObject({ payments: [{ id: 123 }], meta: { page: 1, limit: 1 } });
			} finally {
				await paged.close();
			}
		});

		it('refuses an unknown mode', () => {
			expect(() => sb.setListPaging('cursor' as never)).toThrow('listPaging must be one of none, page-limit, page-ignored, oversized-pages, no-totals');
		});

		it.each(['limit=101', 'limit=0', 'page=0', 'page=x'])('page-limit answers 400 for %s', async (query) => {
			sb.setListPaging('page-limit');
			expect((await v2(sb, 'GET', `/v2/payment-intents?${query}`)).status).toBe(400);
		});
	});

	it('completeLinkSubmission refuses a draft', async () => {
		const id = await createIntent(fixedLinkBody());
		expect(() => sb.completeLinkSubmission(id)).toThrow(/not a published payment link/);
	});
});

describe('public payer endpoints', () => {
	const pub = (method: string, path: string, body?: unknown) =>
		fetch(`${sb.url}/v2/public/payment-links/${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then(async (res): Promise<Pick<Reply, 'status' | 'body'>> => ({ status: res.status, body: await res.json() }));

	it('walks the documented payer journey without authentication', async () => {
		const link = await publishedLink(sb, splitLinkBody());
		const token = link.publicLinkId;
		const resolved = await pub('GET', token);
		expect(resolved.body).toEqual({
			publicLinkId: token,
			status: 'active',
			recipientName: 'Sandbox University',
			amountMode: 'open',
			amount: null,
			currency: 'AUD',
			reference: null,
			createdByText: 'Created by Sandbox Tenant Ltd',
		});

		const quote = await pub('POST', `${token}/quote`, { amount: '1500.00', payerCountryCode: 'GB' });
		expect(quote.status).toBe(201);
		expect(quote.body.variants.map((v: { method: string }) => v.method)).toEqual(['bank_transfer', 'card', 'installments']);
		expect(quote.body.variants[0]).toMatchObject({ payerCurrency: 'GBP', fee: '0.00' });

		const form = new FormData();
		form.append('file', new Blob(['%PDF-1.4 letter'], { type: 'application/pdf' }), 'enrollment.pdf');
		form.append('documentType', 'enrollment_letter');
		const doc = await fetch(`${sb.url}/v2/public/payment-links/${token}/documents`, { method: 'POST', body: form });
		expect(doc.status).toBe(201);
		const docId = ((await doc.json()) as { id: string }).id;

		const session = await pub('POST', `${token}/payer-session`, {
			payerDetails: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.test' },
			quoteId: quote.body.quoteId,
			variantId: quote.body.variants[1].id,
			documentIds: [docId],
		});
		expect(session.status).toBe(201);
		expect(session.body).toMatchObject({ status: 'pending', checkoutUrl: expect.stringContaining(`${sb.url}/pay/${token}`) });
		const childId = session.body.paymentIntentId;

		expect((await pub('GET', `${token}/status?paymentIntentId=${childId}`)).body.paymentIntent).toEqual({ id: childId, status: 'pending', amount: '1500.00', currency: 'AUD' });
		sb.setChildStatus(childId, 'completed');
		expect((await pub('GET', `${token}/status?paymentIntentId=${childId}`)).body.paymentIntent.status).toBe('completed');
		const child = sb.intents().find((i) => i.id === childId);
		expect(child).toMatchObject({ createdFrom: { paymentIntentId: link.id }, documentIds: [docId], payer: expect.objectContaining({ email: 'ann@example.test' }) });

		const page = await fetch(link.executions[0].paymentLinkUrl);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Pay Sandbox University');
	});

	it('refuses unknown or unpublished links, unknown quotes and tiny amounts', async () => {
		const draft = (await v2(sb, 'POST', '/v2/payment-intents', fixedLinkBody())).body;
		expect((await pub('GET', draft.publicLinkId)).status).toBe(404);
		const link = await publishedLink(sb, splitLinkBody());
		const tiny = await pub('POST', `${link.publicLinkId}/quote`, { amount: '0.50', payerCountryCode: 'AU' });
		expect(tiny).toMatchObject({ status: 422, body: { code: '[QOT0004]' } });
		const session = await pub('POST', `${link.publicLinkId}/payer-session`, { payerDetails: {}, quoteId: 'qt_nope', variantId: 'qv_nope' });
		expect(session).toMatchObject({ status: 404, body: { code: '[QOT0002]' } });
	});

	it('a fixed link quotes its fixed amount', async () => {
		const link = await publishedLink(sb);
		const resolved = await pub('GET', link.publicLinkId);
		expect(resolved.body).toMatchObject({ amountMode: 'fixed', amount: '10000.00', reference: 'INV-2026-001' });
		const quote = await pub('POST', `${link.publicLinkId}/quote`, { payerCountryCode: 'AU' });
		expect(quote.body.variants[0]).toMatchObject({ payerAmount: '10000.00', payerCurrency: 'AUD' });
	});
});
