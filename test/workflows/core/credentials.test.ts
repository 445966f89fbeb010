import type { ICredentialDataDecryptedObject as IDataObject } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { RIG_HTTP_PROBE_TYPE, runCredentialTest, runNode } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function euroWalletData(overrides: IDataObject = {}): IDataObject {
	return {
		environment: 'custom',
		baseUrl: sandbox.url,
		apiKey: sandbox.keys.euroWalletApiKey,
		secretKey: sandbox.keys.euroWalletSecretKey,
		transactionSecret: sandbox.keys.euroWalletTransactionSecret,
		...overrides,
	};
}

describe('credential tests, run the way n8n runs them', () => {
	it('accepts a good v2 API key', async () => {
		expect(await runCredentialTest(new NexpayApi(), { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sandbox.requests()[0].headers.authorization).toBe(`ApiKey ${sandbox.keys.v2ApiKey}`);
	});

	it('explains a bad v2 API key without echoing it', async () => {
		const result = await runCredentialTest(new NexpayApi(), { environment: 'custom', baseUrl: sandbox.url, apiKey: 'wrong-key-123' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('[AUT0003]');
		expect(result.message).not.toContain('wrong-key-123');
	});

	it('accepts good EuroWallet keys', async () => {
		expect(await runCredentialTest(new NexpayEuroWalletApi(), euroWalletData())).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = sandbox.requests();
		expect(request.path).toBe('/api/1/eurowallet/status');
		expect(request.headers['x-signature']).toMatch(/^[0-9a-f]{128}$/);
	});

	it.each([
		['an unknown API key', { apiKey: 'unknown-key' }],
		['a wrong secret key', { secretKey: 'wrong-secret' }],
	])('explains %s', async (_case, overrides) => {
		const result = await runCredentialTest(new NexpayEuroWalletApi(), euroWalletData(overrides));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('check the API key and secret key');
		expect(result.message).not.toMatch(/unknown-key|wrong-secret/);
	});
});

/** The HTTP Request node with "Predefined Credential Type" hands authenticate a uri/qs/form request. */
async function probe(parameters: IDataObject) {
	return await runNode({
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: {
			nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey },
			nexpayEuroWalletApi: euroWalletData(),
		},
		node: { type: RIG_HTTP_PROBE_TYPE, parameters: { returnFullResponse: false, ...parameters } as never },
	});
}

describe.each(['httpRequestWithAuthentication', 'requestWithAuthentication'])('EuroWallet credential used by other nodes (%s)', (api) => {
	it('signs a GET with a query object whose values need encoding', async () => {
		const { items, error } = await probe({
			api,
			credentialType: 'nexpayEuroWalletApi',
			method: 'GET',
			url: `${sandbox.url}/api/1/eurowallet/payments/commission`,
			qs: { beneficiaryBankAccount: 'LT633080010000000208', amount: '20.00', networkType: 'SEPA', note: 'a b#c&d=é' },
		});
		expect(error).toBeUndefined();
		// The legacy shape always answers with the full response.
		const body = (items[0].json.body ?? items[0].json) as { commissionAmount?: unknown };
		expect(body.commissionAmount).toEqual(expect.any(String));
		expect(sandbox.requests()[0].status).toBe(200);
	});

	it('signs a form body whose values need encoding', async () => {
		const { error } = await probe({
			api,
			credentialType: 'nexpayEuroWalletApi',
			method: 'POST',
			url: `${sandbox.url}/api/1/eurowallet/account`,
			bodyContentType: 'form-urlencoded',
			body: { tagName: 'Café & Co #1 = 100%' },
		});
		expect(error).toBeUndefined();
		const [request] = sandbox.requests();
		expect(request.status).toBe(200);
		expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(new URLSearchParams(request.bodyText).get('tagName')).toBe('Café & Co #1 = 100%');
	});
});

describe('v2 credential used by other nodes', () => {
	it('adds the ApiKey header to a request with a query object', async () => {
		const { error } = await probe({
			api: 'httpRequestWithAuthentication',
			credentialType: 'nexpayApi',
			method: 'GET',
			url: `${sandbox.url}/v2/payment-intents`,
			qs: { 'filter[deliveryMode]': 'payment_link_submission', limit: 5 },
		});
		expect(error).toBeUndefined();
		const [request] = sandbox.requests();
		expect(request.status).toBe(200);
		expect(request.headers.authorization).toBe(`ApiKey ${sandbox.keys.v2ApiKey}`);
		expect(new URLSearchParams(request.query).get('filter[deliveryMode]')).toBe('payment_link_submission');
	});
});
