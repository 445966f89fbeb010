import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NexpayPaymentLinkTrigger } from '../../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { startSandbox, type ListPaging, type Sandbox } from '../../sandbox';
import { emitted, pollPaymentLinks, publishPaymentLink } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** GETs of single payment intents other than the link itself. */
const detailRequests = (linkId: string) =>
	sandbox.requests().filter((r) => r.method === 'GET' && /^\/v2\/payment-intents\/pi_/.test(r.path) && !r.path.endsWith(linkId));
const listRequests = () => sandbox.requests().filter((r) => r.method === 'GET' && r.path === '/v2/payment-intents');

const LIST_SHAPES: ListPaging[] = ['none', 'page-limit', 'page-ignored', 'oversized-pages', 'no-totals'];

describe('Nexpay Payment Link Trigger', () => {
	let linkId: string;
	let parameters: INodeParameters;
	beforeEach(async () => {
		linkId = await publishPaymentLink(sandbox);
		parameters = { linkScope: 'one', paymentLinkId: linkId, status: 'completed' };
	});

	it('reports a link completed by three payers over four polls as exactly three items', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Ada Payer' });
		const second = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Ben Payer' });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Cy Payer' });
		const third = await pollPaymentLinks(sandbox, { parameters, staticData: second.staticData });
		const fourth = await pollPaymentLinks(sandbox, { parameters, staticData: third.staticData });

		const all = [first, second, third, fourth].flatMap(emitted);
		expect(all).toHaveLength(3);
		expect(all.map((submission) => (submission.payer as IDataObject).name)).toEqual(['Ada Payer', 'Ben Payer', 'Cy Payer']);
		expect(all.every((submission) => submission.status === 'completed')).toBe(true);
		expect(fourth.items).toBeNull();
	});

	it('asks the documented list filters: submissions of this link only', async () => {
		await pollPaymentLinks(sandbox, { parameters });

		const query = new URLSearchParams(listRequests()[0].query);
		expect(query.get('filter[deliveryMode]')).toBe('payment_link_submission');
		expect(query.get('filter[createdFrom.paymentIntentId]')).toBe(linkId);
	});

	it('does not send submissions that were completed before the first activation', async () => {
		sandbox.completeLinkSubmission(linkId, { payerName: 'Early Payer' });
		const first = await pollPaymentLinks(sandbox, { parameters });
		const second = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });

		expect(first.items).toBeNull();
		expect(second.items).toBeNull();
	});

	it('repeats nothing after a restart from the saved static data, and reports what completed meanwhile', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Ada Payer' });
		const beforeRestart = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });
		const saved = JSON.parse(JSON.stringify(beforeRestart.staticData)) as IDataObject;

		const restarted = await pollPaymentLinks(sandbox, { parameters, staticData: saved });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Ben Payer' });
		const afterDowntime = await pollPaymentLinks(sandbox, { parameters, staticData: saved });

		expect(emitted(beforeRestart)).toHaveLength(1);
		expect(restarted.items).toBeNull();
		expect(emitted(afterDowntime).map((submission) => (submission.payer as IDataObject).name)).toEqual(['Ben Payer']);
	});

	it('reports a submission that was pending at one poll once, when it completes', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		const child = sandbox.completeLinkSubmission(linkId, { payerName: 'Slow Payer', status: 'pending' });
		const whilePending = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });
		sandbox.setChildStatus(child.id, 'completed');
		const completed = await pollPaymentLinks(sandbox, { parameters, staticData: whilePending.staticData });
		const after = await pollPaymentLinks(sandbox, { parameters, staticData: completed.staticData });

		expect(whilePending.items).toBeNull();
		expect(emitted(completed).map((submission) => submission.id)).toEqual([child.id]);
		expect(after.items).toBeNull();
	});

	it('reports a submission that was pending at the first activation when it completes later', async () => {
		const child = sandbox.completeLinkSubmission(linkId, { status: 'pending' });
		const first = await pollPaymentLinks(sandbox, { parameters });
		sandbox.setChildStatus(child.id, 'completed');
		const second = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });

		expect(first.items).toBeNull();
		expect(emitted(second).map((submission) => submission.id)).toEqual([child.id]);
	});

	it('watches another status typed under Other Status, e.g. failed payments', async () => {
		const failedParameters = { ...parameters, status: 'other', otherStatus: 'failed' };
		const first = await pollPaymentLinks(sandbox, { parameters: failedParameters });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Paid' });
		const failed = sandbox.completeLinkSubmission(linkId, { payerName: 'Declined', status: 'failed' });
		const second = await pollPaymentLinks(sandbox, { parameters: failedParameters, staticData: first.staticData });

		expect(emitted(second).map((submission) => submission.id)).toEqual([failed.id]);
	});

	it('keeps watching a status saved by an earlier version of the node (e.g. failed)', async () => {
		const legacyParameters = { ...parameters, status: 'failed' };
		const first = await pollPaymentLinks(sandbox, { parameters: legacyParameters });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Paid' });
		const failed = sandbox.completeLinkSubmission(linkId, { payerName: 'Declined', status: 'failed' });
		const second = await pollPaymentLinks(sandbox, { parameters: legacyParameters, staticData: first.staticData });

		expect(emitted(second).map((submission) => submission.id)).toEqual([failed.id]);
	});

	it('watches completed submissions when no status is set, as workflows saved with the default are', async () => {
		const defaults = { linkScope: 'one', paymentLinkId: linkId };
		const first = await pollPaymentLinks(sandbox, { parameters: defaults });
		const child = sandbox.completeLinkSubmission(linkId);
		const second = await pollPaymentLinks(sandbox, { parameters: defaults, staticData: first.staticData });

		expect(emitted(second).map((submission) => submission.id)).toEqual([child.id]);
	});

	it('asks for the other status when Other Status is chosen without one, before asking Nexpay', async () => {
		sandbox.reset();
		const poll = pollPaymentLinks(sandbox, { parameters: { ...parameters, status: 'other', otherStatus: '  ' } });
		await expect(poll).rejects.toThrow('Other Status is required');
		expect(sandbox.requests()).toHaveLength(0);
	});

	it('offers only the status the docs define plus a typed other status', () => {
		const { properties } = new NexpayPaymentLinkTrigger().description;
		const status = properties.find((property) => property.name === 'status');
		expect(status?.default).toBe('completed');
		expect(status?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['completed', 'other']);
		expect(properties.find((property) => property.name === 'otherStatus')?.displayOptions).toEqual({ show: { status: ['other'] } });
	});

	it('sends the full submission, fetched once per new submission', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		const child = sandbox.completeLinkSubmission(linkId, { payerName: 'Ada Payer', amount: '10000.00' });
		const second = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });

		const [submission] = emitted(second);
		expect(submission).toMatchObject({
			id: child.id,
			deliveryMode: 'payment_link_submission',
			createdFrom: { paymentIntentId: linkId },
			amount: '10000.00',
			payer: expect.objectContaining({ name: 'Ada Payer' }),
		});
		expect(submission.recipients).toEqual([expect.objectContaining({ connectorPayeeId: 123 })]);
		expect(detailRequests(linkId).map((r) => r.path)).toEqual([`/v2/payment-intents/${child.id}`]);
	});

	it('sends the list summary without extra requests when Full Submission is off', async () => {
		const summaryParameters = { ...parameters, options: { fullSubmission: false } };
		const first = await pollPaymentLinks(sandbox, { parameters: summaryParameters });
		const child = sandbox.completeLinkSubmission(linkId);
		const second = await pollPaymentLinks(sandbox, { parameters: summaryParameters, staticData: first.staticData });

		expect(emitted(second)).toEqual([expect.objectContaining({ id: child.id, status: 'completed' })]);
		expect(detailRequests(linkId)).toHaveLength(0);
	});

	it('keeps its place when a poll fails, so the next poll still reports the submission', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		const child = sandbox.completeLinkSubmission(linkId);
		sandbox.injectFault({ route: 'GET /v2/payment-intents/:id', kind: 'status-before-commit', status: 404 });

		await expect(pollPaymentLinks(sandbox, { parameters, staticData: first.staticData })).rejects.toThrow();
		const retried = await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });

		expect(emitted(retried).map((submission) => submission.id)).toEqual([child.id]);
	});

	it('starts afresh without a flood when the watched payment link changes', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		const otherLink = await publishPaymentLink(sandbox, 'INV-2026-002');
		sandbox.completeLinkSubmission(otherLink);
		const switched = await pollPaymentLinks(sandbox, { parameters: { ...parameters, paymentLinkId: otherLink }, staticData: first.staticData });

		expect(switched.items).toBeNull();
	});

	it('watches the submissions of every link when All Payment Links is chosen', async () => {
		const allParameters = { linkScope: 'all', status: 'completed' };
		const otherLink = await publishPaymentLink(sandbox, 'INV-2026-002');
		const first = await pollPaymentLinks(sandbox, { parameters: allParameters });
		const a = sandbox.completeLinkSubmission(linkId);
		const b = sandbox.completeLinkSubmission(otherLink);
		const second = await pollPaymentLinks(sandbox, { parameters: allParameters, staticData: first.staticData });

		expect(emitted(second).map((submission) => submission.id)).toEqual([a.id, b.id]);
		expect(new URLSearchParams(listRequests()[0].query).get('filter[createdFrom.paymentIntentId]')).toBeNull();
	});

	describe.each(LIST_SHAPES)('with 250 submissions when lists are %s', (shape) => {
		beforeEach(() => sandbox.setListPaging(shape));

		it('emits each submission exactly once across several polls, with a bounded number of list requests per poll', async () => {
			const summary = { ...parameters, options: { fullSubmission: false } };
			const before = Array.from({ length: 120 }, (_, i) => sandbox.completeLinkSubmission(linkId, { payerName: `Early ${i}` }).id);
			let state = (await pollPaymentLinks(sandbox, { parameters: summary })).staticData;
			const emittedIds: unknown[] = [];
			const listsPerPoll: number[] = [];
			const created: string[] = [];
			// 130 more arrive over five polls, some pending first; the list grows past 100 and 200.
			for (const batch of [40, 0, 45, 45, 0]) {
				const pendingIds: string[] = [];
				for (let i = 0; i < batch; i++) {
					const pending = i % 9 === 0;
					const child = sandbox.completeLinkSubmission(linkId, { payerName: `Payer ${created.length}`, status: pending ? 'pending' : 'completed' });
					created.push(child.id);
					if (pending) pendingIds.push(child.id);
				}
				const listedBefore = listRequests().length;
				const result = await pollPaymentLinks(sandbox, { parameters: summary, staticData: state });
				listsPerPoll.push(listRequests().length - listedBefore);
				emittedIds.push(...emitted(result).map((submission) => submission.id));
				state = result.staticData;
				for (const id of pendingIds) sandbox.setChildStatus(id, 'completed');
			}
			const last = await pollPaymentLinks(sandbox, { parameters: summary, staticData: state });
			emittedIds.push(...emitted(last).map((submission) => submission.id));

			expect(before.length + created.length).toBe(250);
			expect([...emittedIds].sort()).toEqual([...created].sort());
			expect(new Set(emittedIds).size).toBe(emittedIds.length);
			// 250 entries need at most three pages of 100 plus one that ends the walk.
			expect(Math.max(...listsPerPoll)).toBeLessThanOrEqual(4);
		});
	});

	it('reads every page of a long list of submissions', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters: { ...parameters, options: { fullSubmission: false } } });
		const created = Array.from({ length: 105 }, (_, i) => sandbox.completeLinkSubmission(linkId, { payerName: `Payer ${i}` }).id);
		const second = await pollPaymentLinks(sandbox, {
			parameters: { ...parameters, options: { fullSubmission: false } },
			staticData: first.staticData,
		});

		expect(emitted(second).map((submission) => submission.id)).toEqual(created);
	});

	it('shows the latest completed submission on "Fetch Test Event" and records nothing', async () => {
		sandbox.completeLinkSubmission(linkId, { payerName: 'Older Payer' });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Latest Payer' });
		sandbox.completeLinkSubmission(linkId, { payerName: 'Still Paying', status: 'pending' });
		const result = await pollPaymentLinks(sandbox, { parameters, mode: 'manual' });

		expect(emitted(result).map((submission) => (submission.payer as IDataObject).name)).toEqual(['Latest Payer']);
		expect(result.nodeStaticData).toEqual({});
	});

	it('fails to start with Nexpay’s PAY0001 when the payment link ID is unknown', async () => {
		const poll = pollPaymentLinks(sandbox, { parameters: { ...parameters, paymentLinkId: 'pi_doesnotexist' } });
		await expect(poll).rejects.toThrow('[PAY0001]');
	});

	it('fails to start when the ID is a submission rather than the payment link', async () => {
		const child = sandbox.completeLinkSubmission(linkId);
		const poll = pollPaymentLinks(sandbox, { parameters: { ...parameters, paymentLinkId: child.id } });
		await expect(poll).rejects.toThrow('is not a reusable payment link');
	});

	it('checks the payment link only when it starts watching it, not on every poll', async () => {
		const first = await pollPaymentLinks(sandbox, { parameters });
		await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });
		await pollPaymentLinks(sandbox, { parameters, staticData: first.staticData });

		const linkChecks = sandbox.requests().filter((r) => r.method === 'GET' && r.path === `/v2/payment-intents/${linkId}`);
		expect(linkChecks).toHaveLength(1);
	});

	it('explains that a Payment Link ID is needed when none is given', async () => {
		await expect(pollPaymentLinks(sandbox, { parameters: { linkScope: 'one', paymentLinkId: ' ' } })).rejects.toThrow('Payment Link is required');
	});

	it('is a polling trigger with no inputs', () => {
		const { description } = new NexpayPaymentLinkTrigger();
		expect(description).toMatchObject({ polling: true, inputs: [], group: ['trigger'], name: 'nexpayPaymentLinkTrigger' });
	});

	it('refuses a Payment Link ID that is not an ID before asking Nexpay', async () => {
		sandbox.reset();
		await expect(pollPaymentLinks(sandbox, { parameters: { linkScope: 'one', paymentLinkId: 'pi_1/../../payments' } })).rejects.toThrow(
			'Payment Link "pi_1/../../payments" is not a payment intent ID',
		);
		expect(sandbox.requests()).toHaveLength(0);
	});
});
