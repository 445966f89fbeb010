import type { INodeListSearchResult } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { NexpayPaymentLinkTrigger } from '../../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { SEARCH_LIMIT } from '../../../nodes/Nexpay/actions/listSearch';
import { runListSearch } from '../../rig';
import { LIST_PAGING_MODES } from '../../sandbox';
import { publishPaymentLink, pollPaymentLinks, emitted } from '../triggers/support';
import { jsonOf, lastRequest, seen, useSandbox } from './support';

const v2 = useSandbox();
const run = v2.run;

async function search(
	method: string,
	filter?: string,
	withCredential = true,
	nodeType: Nexpay | NexpayPaymentLinkTrigger = new Nexpay(),
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await runListSearch({
		nodeType,
		credentialTypes: [new NexpayApi()],
		credentials: withCredential ? { nexpayApi: { environment: 'custom', baseUrl: v2.sandbox.url, apiKey: v2.sandbox.keys.v2ApiKey } } : {},
		parameters: {},
		method,
		filter,
		paginationToken,
	});
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('v2 pickers', () => {
	it('lists payment links most recent first with amount, status and use case; searches them', async () => {
		const older = await publishPaymentLink(v2.sandbox, 'INV-OLD-1');
		await new Promise((resolve) => setImmediate(resolve));
		const newer = await publishPaymentLink(v2.sandbox, 'INV-NEW-2');
		const intents = v2.sandbox.intents();
		// Equal creation times would make "recent first" untestable: keep them apart.
		expect(intents.find((i) => i.id === older)!.createdAt <= intents.find((i) => i.id === newer)!.createdAt).toBe(true);

		const { results } = await search('searchPaymentLinks');
		const ids = results.map((result) => result.value);
		expect(ids).toEqual(expect.arrayContaining([older, newer]));
		if (intents.find((i) => i.id === older)!.createdAt < intents.find((i) => i.id === newer)!.createdAt) {
			expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
		}
		const newerItem = results.find((result) => result.value === newer)!;
		expect(newerItem.name).toMatch(new RegExp(`^[0-9]+\\.[0-9]{2} [A-Z]{3} · \\w+ · education provider tuition · ${newer}$`));
		expect(newerItem.url).toMatch(/\/pay\//);

		expect((await search('searchPaymentLinks', newer.slice(-8).toUpperCase())).results.map((result) => result.value)).toEqual([newer]);
		const olderPublicId = v2.sandbox.intents().find((i) => i.id === older)!.publicLinkId!;
		const publicIds = (await search('searchPublicLinks', olderPublicId)).results.map((result) => result.value);
		expect(publicIds).toEqual([olderPublicId]);
	});

	it('lists payments with status, amount and payee', async () => {
		const payment = v2.sandbox.createPayment({ amount: '250.00', currency: 'AUD', status: 'completed', reference: 'Tuition 7' });
		const { results } = await search('searchPayments', 'tuition 7');
		expect(results).toHaveLength(1);
		expect(results[0].value).toBe(String(payment.id));
		expect(results[0].name).toMatch(new RegExp(`^250.00 AUD · completed · .+ · Tuition 7 · #${payment.id}$`));
	});

	it.each(LIST_PAGING_MODES)('ends on the %s list shape, reading at most the search bound', async (mode) => {
		v2.sandbox.setListPaging(mode);
		await publishPaymentLink(v2.sandbox, 'INV-PAGED');
		const before = v2.sandbox.requests().length;
		const { results } = await search('searchPaymentIntents');
		expect(results.length).toBeGreaterThan(0);
		expect(results.length).toBeLessThanOrEqual(SEARCH_LIMIT);
		const listRequests = v2.sandbox.requests().slice(before).filter((request) => request.path === '/v2/payment-intents');
		// One page of up to 100 per request: a bounded walk, never a loop.
		expect(listRequests.length).toBeLessThanOrEqual(Math.ceil(SEARCH_LIMIT / 100) + 1);
	});

	it.each(LIST_PAGING_MODES)('hands a long list to the dropdown page by page (%s list shape), each entry once', async (mode) => {
		v2.sandbox.setListPaging(mode);
		for (let index = 0; index < 250; index++) v2.sandbox.createPayment({ reference: `Bulk ${index}` });
		const firstPage = (await search('searchPayments')).results.length;
		expect(firstPage).toBe(100);
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await search('searchPayments', undefined, true, new Nexpay(), token);
			seen.push(...page.results.map((result) => String(result.value)));
			token = page.paginationToken;
			pages++;
		} while (token && pages < 10);
		expect(token).toBeUndefined();
		expect(seen.length).toBeGreaterThanOrEqual(250);
		expect(new Set(seen).size).toBe(seen.length);
		expect(pages).toBe(Math.ceil(seen.length / 100));
	});

	it('makes no request before a credential is chosen', async () => {
		const before = v2.sandbox.requests().length;
		for (const method of ['searchPaymentIntents', 'searchPaymentLinks', 'searchPublicLinks', 'searchPayments']) {
			expect(await search(method, undefined, false)).toEqual({ results: [] });
		}
		expect(await search('searchPaymentLinks', undefined, false, new NexpayPaymentLinkTrigger())).toEqual({ results: [] });
		expect(v2.sandbox.requests().length).toBe(before);
	});

	it('reads every mode: a picked intent, an ID, a link URL (→ its public link ID, or its intent for submissions), a payment', async () => {
		const linkId = await publishPaymentLink(v2.sandbox, 'INV-MODES');
		const link = v2.sandbox.intents().find((intent) => intent.id === linkId)!;
		const url = link.lastPaymentLinkUrl!;
		expect(url).toContain(link.publicLinkId!);

		for (const value of [rl('list', linkId), rl('id', ` ${linkId} `), linkId]) {
			const { items, error } = await run({ parameters: { resource: 'paymentIntent', operation: 'get', paymentIntentId: value } });
			expect(error).toBeUndefined();
			expect(items[0].json.id).toBe(linkId);
		}
		const status = await run({ parameters: { resource: 'paymentLink', operation: 'getStatus', publicLinkId: rl('url', url) } });
		expect(status.error).toBeUndefined();
		expect(seen(v2.sandbox)).toContain(`GET /v2/public/payment-links/${link.publicLinkId}/status`);

		v2.sandbox.completeLinkSubmission(linkId);
		const submissions = await run({ parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: rl('url', url), returnAll: true } });
		expect(submissions.error).toBeUndefined();
		expect(jsonOf(submissions.items)).toHaveLength(1);

		const polled = await pollPaymentLinks(v2.sandbox, { parameters: { linkScope: 'one', paymentLinkId: rl('url', url), status: 'completed' }, mode: 'manual' });
		expect(emitted(polled)).toHaveLength(1);

		const payment = v2.sandbox.createPayment({});
		const got = await run({ parameters: { resource: 'payment', operation: 'get', v2PaymentId: rl('list', String(payment.id)) } });
		expect(got.error).toBeUndefined();
		expect(got.items[0].json.id).toBe(payment.id);
	});

	it('refuses a URL of no link of this account, naming the field, and changes nothing', async () => {
		const { error } = await run({
			parameters: { resource: 'paymentLink', operation: 'getSubmissions', linkPaymentIntentId: rl('url', `${v2.sandbox.url}/pay/pl_unknown`), returnAll: true },
		});
		expect(error?.message).toMatch(/^Payment Link: no payment link of this account has the public link ID pl_unknown/);
		expect(v2.sandbox.requests().every((request) => request.method === 'GET')).toBe(true);
	});
});

describe('v2 pickers where the intent ID is a filter or an option', () => {
	const getMany = (createdFrom: unknown) => ({
		resource: 'paymentIntent',
		operation: 'getMany',
		returnAll: true,
		intentFilters: { deliveryMode: 'payment_link_submission', createdFromPaymentIntentId: createdFrom },
	});
	const getStatus = (publicLinkId: unknown, submission: unknown) => ({ resource: 'paymentLink', operation: 'getStatus', publicLinkId, submissionPaymentIntentId: submission });
	const listQuery = () => new URLSearchParams(v2.sandbox.requests().filter((request) => request.path === '/v2/payment-intents').pop()!.query);

	/** Two published links, each with payer submissions: the picker must tell them apart. */
	async function twoLinksWithSubmissions() {
		const linkId = await publishPaymentLink(v2.sandbox, 'INV-CHOSEN');
		const otherId = await publishPaymentLink(v2.sandbox, 'INV-OTHER');
		const submissions = [v2.sandbox.completeLinkSubmission(linkId, { amount: '10000.00' }), v2.sandbox.completeLinkSubmission(linkId, { amount: '10000.00' })];
		const other = v2.sandbox.completeLinkSubmission(otherId, { amount: '10000.00' });
		const link = v2.sandbox.intents().find((intent) => intent.id === linkId)!;
		return { linkId, link, submissions, other };
	}

	it('Payment Intent → Get Many, Created From Payment Link: picked, by ID, by URL or a plain string saved before the picker', async () => {
		const { linkId, link, submissions } = await twoLinksWithSubmissions();
		const expected = submissions.map((submission) => submission.id).sort();

		for (const createdFrom of [rl('list', linkId), rl('id', ` ${linkId} `), rl('url', link.lastPaymentLinkUrl!), linkId]) {
			const { items, error } = await run({ parameters: getMany(createdFrom) });
			expect(error).toBeUndefined();
			expect(jsonOf(items).map((item) => item.id).sort()).toEqual(expected);
			expect(listQuery().get('filter[createdFrom.paymentIntentId]')).toBe(linkId);
		}
	});

	it('Payment Intent → Get Many with Created From left empty lists every submission, unfiltered', async () => {
		const { submissions, other } = await twoLinksWithSubmissions();

		const { items, error } = await run({ parameters: getMany(rl('list', '')) });

		expect(error).toBeUndefined();
		expect(jsonOf(items).map((item) => item.id).sort()).toEqual([...submissions, other].map((submission) => submission.id).sort());
		expect(listQuery().has('filter[createdFrom.paymentIntentId]')).toBe(false);
	});

	it('lists the submissions of the chosen payment link for Get Status, and searches them', async () => {
		const { link, submissions, other } = await twoLinksWithSubmissions();
		const searchSubmissions = async (parameters: Record<string, unknown>, filter?: string) =>
			await runListSearch({
				nodeType: new Nexpay(),
				credentialTypes: [new NexpayApi()],
				credentials: { nexpayApi: { environment: 'custom', baseUrl: v2.sandbox.url, apiKey: v2.sandbox.keys.v2ApiKey } },
				parameters: { resource: 'paymentLink', operation: 'getStatus', ...parameters },
				method: 'searchLinkSubmissions',
				filter,
			});

		// No link chosen yet: every submission of the tenant.
		const all = (await searchSubmissions({})).results.map((result) => result.value);
		expect([...all].sort()).toEqual([...submissions, other].map((submission) => submission.id).sort());

		for (const chosen of [rl('list', link.publicLinkId!), rl('url', link.lastPaymentLinkUrl!), link.publicLinkId!]) {
			const { results } = await searchSubmissions({ publicLinkId: chosen });
			expect([...results.map((result) => result.value)].sort()).toEqual(submissions.map((submission) => submission.id).sort());
			for (const result of results) expect(result.name).toMatch(new RegExp(`^10000\\.00 AUD · completed · education provider tuition · .*${String(result.value)}$`));
		}
		const searched = await searchSubmissions({ publicLinkId: rl('list', link.publicLinkId!) }, submissions[0].id.slice(-8).toUpperCase());
		expect(searched.results.map((result) => result.value)).toEqual([submissions[0].id]);
		// An expression or an unfinished URL does not narrow the list (it cannot be read in the editor).
		expect((await searchSubmissions({ publicLinkId: rl('url', 'https://pay.example') })).results).toHaveLength(3);
	});

	it('makes no request for the submission list before a credential is chosen', async () => {
		const before = v2.sandbox.requests().length;
		expect(await search('searchLinkSubmissions', undefined, false)).toEqual({ results: [] });
		expect(v2.sandbox.requests().length).toBe(before);
	});

	it('Payment Link → Get Status, Submission: picked, by ID or a plain string saved before the picker; empty asks for the link only', async () => {
		const { link, submissions } = await twoLinksWithSubmissions();
		const child = submissions[0];

		for (const submission of [rl('list', child.id), rl('id', ` ${child.id} `), child.id]) {
			const { items, error } = await run({ parameters: getStatus(rl('list', link.publicLinkId!), submission) });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ publicLinkId: link.publicLinkId, paymentIntent: { id: child.id, status: 'completed' } });
			expect(lastRequest(v2.sandbox, 'GET', `/v2/public/payment-links/${link.publicLinkId}/status`).query).toBe(`paymentIntentId=${child.id}`);
		}
		const linkOnly = await run({ parameters: getStatus(rl('list', link.publicLinkId!), rl('list', '')) });
		expect(linkOnly.error).toBeUndefined();
		expect(linkOnly.items[0].json).toEqual({ publicLinkId: link.publicLinkId, status: 'active' });
		expect(lastRequest(v2.sandbox, 'GET', `/v2/public/payment-links/${link.publicLinkId}/status`).query).toBe('');
	});

	it('refuses a bad ID or URL in either field naming the field and the item, and sends nothing for that item', async () => {
		const { linkId, link, submissions } = await twoLinksWithSubmissions();
		const input = [{ id: linkId }, { id: 'pi 42; drop' }];
		const before = v2.sandbox.requests().length;
		const intents = await run({ parameters: getMany(rl('id', '={{ $json.id }}')), input, node: { continueOnFail: true } });
		const badUrl = await run({ parameters: getMany(rl('url', 'pay.nexpay.com/pay/pl 1')) });
		const statuses = await run({
			parameters: getStatus(rl('list', link.publicLinkId!), rl('id', '={{ $json.id }}')),
			input: [{ id: submissions[0].id }, { id: '' }, { id: 'pi/../../x' }],
			node: { continueOnFail: true },
		});

		expect(jsonOf(intents.items).map((item) => item.id ?? 'error')).toEqual([...submissions.map(() => expect.stringMatching(/^pi_/)), 'error']);
		expect(intents.items[2].json).toEqual({
			error: 'Created From Payment Link "pi 42; drop" is not a payment intent ID (letters, digits, "_" and "-", like pi_3f9c2a…) [item 1]',
			description: 'Fix "Created From Payment Link" in item 1. Nothing was sent to Nexpay for this item.',
		});
		expect(badUrl.error?.message).toBe('Created From Payment Link is not a payment link URL (…/pay/<public link ID>) [item 0]');
		expect(statuses.items[1].json).toEqual({ publicLinkId: link.publicLinkId, status: 'active' });
		expect(statuses.items[2].json).toEqual({
			error: 'Submission "pi/../../x" is not a payment intent ID (letters, digits, "_" and "-", like pi_3f9c2a…) [item 2]',
			description: 'Fix "Submission" in item 2. Nothing was sent to Nexpay for this item.',
		});
		// Only the good items reached the sandbox.
		expect(v2.sandbox.requests().slice(before).map((request) => `${request.path}?${request.query}`)).toEqual([
			expect.stringContaining(`filter[createdFrom.paymentIntentId]=${linkId}`.replace(/[[\]]/g, (c) => encodeURIComponent(c))),
			`/v2/public/payment-links/${link.publicLinkId}/status?paymentIntentId=${submissions[0].id}`,
			`/v2/public/payment-links/${link.publicLinkId}/status?`,
		]);
	});
});
