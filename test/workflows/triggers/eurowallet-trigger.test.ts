import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NexpayEuroWalletTrigger } from '../../../nodes/Nexpay/NexpayEuroWalletTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { emitted, OTHER_OWN_IBAN, OWN_IBAN, pollEuroWallet, sendSepaPayment, yesterday } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const historyRequests = () => sandbox.requests().filter((r) => r.path === '/api/1/eurowallet/payments/history');
const ids = (entries: IDataObject[]) => entries.map((entry) => entry.paymentId);

describe('Nexpay EuroWallet Trigger', () => {
	const watchOwn: INodeParameters = { account: OWN_IBAN, direction: 'both' };

	it('sends nothing on the first poll and each new entry once afterwards', async () => {
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '5.00' });
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		const payment = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '23.33', otherName: 'Test company' });
		const second = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });
		const third = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: second.staticData });

		expect(first.items).toBeNull();
		expect(emitted(second)).toEqual([
			expect.objectContaining({ paymentId: payment.paymentId, amount: '23.33', direction: 'incoming', beneficiaryName: 'Test company' }),
		]);
		expect(third.items).toBeNull();
	});

	it('asks for the watched account from the previous poll’s day minus one, with no end date', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });

		const query = new URLSearchParams(historyRequests()[1].query);
		expect(query.get('account')).toBe(OWN_IBAN);
		expect(query.get('fromDate')).toBe(yesterday());
		expect(query.has('toDate')).toBe(false);
	});

	it('repeats nothing after a restart from the saved static data, and reports what arrived meanwhile', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '1.00' });
		const beforeRestart = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });
		const saved = JSON.parse(JSON.stringify(beforeRestart.staticData)) as IDataObject;

		const restarted = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: saved });
		const meanwhile = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '2.00' });
		const afterDowntime = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: saved });

		expect(emitted(beforeRestart)).toHaveLength(1);
		expect(restarted.items).toBeNull();
		expect(ids(emitted(afterDowntime))).toEqual([meanwhile.paymentId]);
	});

	it('skips nothing when a new entry has the same date as entries already sent', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		const a = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '1.00' });
		const second = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });
		const b = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '2.00', date: a.date });
		const c = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '3.00', date: a.date });
		const third = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: second.staticData });

		expect(ids(emitted(second))).toEqual([a.paymentId]);
		expect(ids(emitted(third))).toEqual([b.paymentId, c.paymentId]);
	});

	it('catches an entry booked with yesterday’s date after the previous poll', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		const late = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '4.00', date: yesterday() });
		const second = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });

		expect(ids(emitted(second))).toEqual([late.paymentId]);
	});

	it('sends only incoming entries when Direction is Incoming', async () => {
		const parameters = { account: OWN_IBAN, direction: 'incoming' };
		const first = await pollEuroWallet(sandbox, { parameters });
		const incoming = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '7.00' });
		await sendSepaPayment(sandbox, OWN_IBAN, OTHER_OWN_IBAN, '3.00');
		const second = await pollEuroWallet(sandbox, { parameters, staticData: first.staticData });

		expect(emitted(second).map((entry) => [entry.paymentId, entry.direction])).toEqual([[incoming.paymentId, 'incoming']]);
	});

	it('sends only outgoing entries when Direction is Outgoing', async () => {
		const parameters = { account: OWN_IBAN, direction: 'outgoing' };
		const first = await pollEuroWallet(sandbox, { parameters });
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '7.00' });
		const sent = await sendSepaPayment(sandbox, OWN_IBAN, OTHER_OWN_IBAN, '3.00');
		const second = await pollEuroWallet(sandbox, { parameters, staticData: first.staticData });

		expect(emitted(second)).toEqual([expect.objectContaining({ paymentId: sent.paymentId, direction: 'outgoing', amount: '3.00' })]);
	});

	it('does not later send entries a direction filter held back, when the filter is widened', async () => {
		const incomingOnly = { account: OWN_IBAN, direction: 'incoming' };
		const first = await pollEuroWallet(sandbox, { parameters: incomingOnly });
		await sendSepaPayment(sandbox, OWN_IBAN, OTHER_OWN_IBAN, '3.00');
		const second = await pollEuroWallet(sandbox, { parameters: incomingOnly, staticData: first.staticData });
		const widened = await pollEuroWallet(sandbox, { parameters: { ...incomingOnly, direction: 'both' }, staticData: second.staticData });

		expect(second.items).toBeNull();
		expect(widened.items).toBeNull();
	});

	it('reports the credit leg of a transfer on the receiving account', async () => {
		const parameters = { account: OTHER_OWN_IBAN, direction: 'incoming' };
		const first = await pollEuroWallet(sandbox, { parameters });
		const sent = await sendSepaPayment(sandbox, OWN_IBAN, OTHER_OWN_IBAN, '3.00');
		const second = await pollEuroWallet(sandbox, { parameters, staticData: first.staticData });

		expect(emitted(second)).toEqual([expect.objectContaining({ paymentId: sent.paymentId, direction: 'incoming' })]);
	});

	it('starts afresh without a flood when the watched account changes', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		sandbox.addIncomingPayment({ account: OTHER_OWN_IBAN, amount: '9.00' });
		const switched = await pollEuroWallet(sandbox, { parameters: { account: OTHER_OWN_IBAN, direction: 'both' }, staticData: first.staticData });

		expect(switched.items).toBeNull();
	});

	it('watches the default account when no account is chosen', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: { direction: 'both' } });
		const payment = sandbox.addIncomingPayment({ amount: '6.00' });
		const second = await pollEuroWallet(sandbox, { parameters: { direction: 'both' }, staticData: first.staticData });

		expect(new URLSearchParams(historyRequests()[0].query).has('account')).toBe(false);
		expect(ids(emitted(second))).toEqual([payment.paymentId]);
	});

	it('keeps its place when a poll fails, so the next poll still reports the entry', async () => {
		const first = await pollEuroWallet(sandbox, { parameters: watchOwn });
		const payment = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '8.00' });
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/history', kind: 'status-before-commit', status: 400 });

		await expect(pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData })).rejects.toThrow();
		const retried = await pollEuroWallet(sandbox, { parameters: watchOwn, staticData: first.staticData });

		expect(ids(emitted(retried))).toEqual([payment.paymentId]);
	});

	it('shows the latest entry in the chosen direction on "Fetch Test Event" and records nothing', async () => {
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '1.00' });
		const latest = sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '2.00' });
		await sendSepaPayment(sandbox, OWN_IBAN, OTHER_OWN_IBAN, '3.00');
		const result = await pollEuroWallet(sandbox, { parameters: { account: OWN_IBAN, direction: 'incoming' }, mode: 'manual' });

		expect(ids(emitted(result))).toEqual([latest.paymentId]);
		expect(result.nodeStaticData).toEqual({});
	});

	it('is a polling trigger with no inputs', () => {
		const { description } = new NexpayEuroWalletTrigger();
		expect(description).toMatchObject({ polling: true, inputs: [], group: ['trigger'], name: 'nexpayEuroWalletTrigger' });
	});

	it('refuses an account that is not a valid IBAN before asking Nexpay', async () => {
		sandbox.reset();
		await expect(pollEuroWallet(sandbox, { parameters: { account: 'LT02 3080 0100 0000 0238', direction: 'both' } })).rejects.toThrow(
			'Account "LT023080010000000238" has a wrong checksum (mod-97); check for a typo',
		);
		expect(historyRequests()).toHaveLength(0);
	});

	it('refuses a Direction no list offers (set by an expression) before asking Nexpay', async () => {
		await expect(pollEuroWallet(sandbox, { parameters: { account: OWN_IBAN, direction: 'in' } })).rejects.toThrow(
			'Direction is "in", which is not one of: both, incoming, outgoing',
		);
		expect(historyRequests()).toHaveLength(0);
	});
});
