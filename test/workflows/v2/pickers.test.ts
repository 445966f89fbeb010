import type { INodeListSearchResult } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { NexpayPaymentLinkTrigger } from '../../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { SEARCH_LIMIT } from '../../../nodes/Nexpay/actions/listSearch';
import { runListSearch } from '../../rig';
import { LIST_PAGING_MODES } from '../../sandbox';
import { publishPaymentLink, pollPaymentLinks, emitted } from '../triggers/support';
import { jsonOf, seen, useSandbox } from './support';

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
