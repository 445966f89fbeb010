import type { IDataObject } from 'n8n-workflow';

import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { NexpayEuroWalletTrigger } from '../../../nodes/Nexpay/NexpayEuroWalletTrigger.node';
import { runListSearch, runLoadOptions } from '../../rig';
import type { Sandbox } from '../../sandbox';
import { credentialsFor, euroWalletSandbox, OWN_IBAN, paymentRequests, runNexpay, sepaPayment } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());

const create = { resource: 'euroWalletPayment', operation: 'create' };

async function search(filter?: string, withCredential = true, nodeType: Nexpay | NexpayEuroWalletTrigger = new Nexpay()) {
	return await runListSearch({
		nodeType,
		credentialTypes: [new NexpayEuroWalletApi()],
		credentials: withCredential ? credentialsFor(sandbox) : {},
		parameters: create,
		method: 'searchEuroWalletAccounts',
		filter,
	});
}

describe('EuroWallet account picker', () => {
	it('lists the accounts with IBAN, tag and balance, and the value is the IBAN', async () => {
		const { results } = await search();
		const own = results.find((result) => result.value === OWN_IBAN);
		expect(own).toBeDefined();
		expect(own!.name).toMatch(new RegExp(`^${OWN_IBAN}( · [^·]+)* · -?[0-9.]+ EUR`));
		expect(results.length).toBeGreaterThan(1);
	});

	it('lists SWIFT currencies for the Currency picker, searchable by code', async () => {
		const all = await runListSearch({ nodeType: new Nexpay(), credentialTypes: [new NexpayEuroWalletApi()], credentials: credentialsFor(sandbox), parameters: create, method: 'searchSwiftCurrencies' });
		expect(all.results.map((result) => result.value)).toEqual(expect.arrayContaining(['USD']));
		const usd = await runListSearch({ nodeType: new Nexpay(), credentialTypes: [new NexpayEuroWalletApi()], credentials: credentialsFor(sandbox), parameters: create, method: 'searchSwiftCurrencies', filter: 'us' });
		expect(usd.results.map((result) => result.value)).toEqual(['USD']);
	});

	it('searches by part of the IBAN, with or without spaces', async () => {
		const { results } = await search(OWN_IBAN.slice(-6).replace(/(...)$/, ' $1'));
		expect(results.map((result) => result.value)).toEqual([OWN_IBAN]);
	});

	it('makes no request before a credential is chosen (the editor got a 500 there)', async () => {
		const before = sandbox.requests().length;
		expect(await search(undefined, false)).toEqual({ results: [] });
		expect(await search(undefined, false, new NexpayEuroWalletTrigger())).toEqual({ results: [] });
		expect(
			await runListSearch({ nodeType: new Nexpay(), credentialTypes: [new NexpayEuroWalletApi()], credentials: {}, parameters: create, method: 'searchSwiftCurrencies' }),
		).toEqual({ results: [] });
		for (const method of ['getEuroWalletAccounts', 'getSwiftCurrencies']) {
			const options = await runLoadOptions({ nodeType: new Nexpay(), credentialTypes: [new NexpayEuroWalletApi()], credentials: {}, parameters: create, method });
			expect(options).toEqual([]);
		}
		expect(sandbox.requests().length).toBe(before);
	});

	it('pays from the account picked from the list, and from one typed By IBAN', async () => {
		for (const [mode, value] of [['list', OWN_IBAN], ['iban', 'LT02 3080 0100 0000 0239']]) {
			const before = paymentRequests(sandbox).length;
			const result = await runNexpay(sandbox, {
				parameters: sepaPayment({ account: { __rl: true, mode, value }, additionalFields: { externalPaymentId: `picker-${mode}` } }),
			});
			expect(result.error).toBeUndefined();
			const sent = paymentRequests(sandbox).slice(before);
			expect(sent).toHaveLength(1);
			expect(new URLSearchParams(sent[0].bodyText).get('account') ?? (JSON.parse(sent[0].bodyText) as IDataObject).account).toBe(OWN_IBAN);
		}
	});

	it('stops a wrong IBAN before anything is sent: n8n checks the By IBAN shape, the node the checksum', async () => {
		const before = paymentRequests(sandbox).length;
		await expect(runNexpay(sandbox, { parameters: sepaPayment({ account: { __rl: true, mode: 'iban', value: 'LT00 1234' } }) })).rejects.toThrow(
			/Not an IBAN/,
		);
		const checksum = await runNexpay(sandbox, { parameters: sepaPayment({ account: { __rl: true, mode: 'iban', value: 'LT00 3080 0100 0000 0239' } }) });
		expect(checksum.error?.message).toMatch(/From Account/);
		expect(paymentRequests(sandbox).length).toBe(before);
	});
});
