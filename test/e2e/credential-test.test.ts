// n8n's own credential test (the editor's "Test" / "Retest" button: POST /rest/credentials/test) against
// the sandbox, in a running `n8n start`: proves the generic ApiKey header and the EuroWallet
// function-`authenticate` (HMAC signing) work inside real n8n, and that failures carry our message.
import { CREDENTIAL_IDS, describeE2e, E2e, packedTypes, problemLinesMentioning } from './harness';

describeE2e("n8n's credential test for the Nexpay credentials", () => {
	let e2e: E2e;
	let test: (type: string, data: Record<string, unknown>, id?: string) => Promise<{ status: string; message: string }>;

	beforeAll(async () => {
		e2e = await E2e.create();
		const { rest } = await e2e.publishAndStart();
		test = (type, data, id = '') => rest.testCredential({ id, name: `e2e ${type}`, type, data });
	});

	afterAll(async () => {
		await e2e?.close();
	});

	const stored = (type: string): Record<string, unknown> => {
		const credential = e2e.credentials.find((c) => c.type === type);
		if (!credential) throw new Error(`no sandbox credential of type ${type}`);
		return { ...credential.data };
	};

	it('serves every node and credential type of the package to the editor', async () => {
		const declared = packedTypes();
		const { rest } = e2e.running();
		const nodes = (await rest.request('GET', '/types/nodes.json')).body as { name: string }[];
		const credentials = (await rest.request('GET', '/types/credentials.json')).body as { name: string }[];

		for (const node of declared.nodes) expect(nodes.map((n) => n.name)).toContain(`${declared.packageName}.${node}`);
		for (const credential of declared.credentials) expect(credentials.map((c) => c.name)).toContain(credential);
		expect(problemLinesMentioning(e2e.serverOutput(), /nexpay/i)).toEqual([]);
	});

	it('Nexpay API: the sandbox key passes', async () => {
		await expect(test('nexpayApi', stored('nexpayApi'))).resolves.toMatchObject({ status: 'OK' });
		const last = e2e.sandbox.requests().filter((r) => r.path === '/v2/payments').pop();
		expect(last?.headers.authorization).toBe(`ApiKey ${e2e.sandbox.keys.v2ApiKey}`);
		expect(last?.status).toBe(200);
	});

	it('Nexpay API: the stored credential passes when tested by id, as the editor does after saving', async () => {
		await expect(test('nexpayApi', stored('nexpayApi'), CREDENTIAL_IDS.nexpayApi)).resolves.toMatchObject({ status: 'OK' });
	});

	it('Nexpay API: a wrong key fails with our message', async () => {
		const result = await test('nexpayApi', { ...stored('nexpayApi'), apiKey: 'not-the-sandbox-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/AUT0003/);
	});

	it('Nexpay EuroWallet API: the sandbox keys pass (the sandbox checked the HMAC signature)', async () => {
		const before = e2e.sandbox.requests().length;
		await expect(test('nexpayEuroWalletApi', stored('nexpayEuroWalletApi'))).resolves.toMatchObject({ status: 'OK' });
		const calls = e2e.sandbox.requests().slice(before);
		expect(calls.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/api/1/eurowallet/status', 200]]);
		expect(calls[0].headers['x-signature']).toMatch(/^[0-9a-f]{128}$/);
		expect(calls[0].headers['x-api-key']).toBe(e2e.sandbox.keys.euroWalletApiKey);
	});

	it('Nexpay EuroWallet API: the stored credential passes when tested by id', async () => {
		await expect(test('nexpayEuroWalletApi', stored('nexpayEuroWalletApi'), CREDENTIAL_IDS.nexpayEuroWalletApi)).resolves.toMatchObject({
			status: 'OK',
		});
	});

	it('Nexpay EuroWallet API: a wrong secret key fails with our message', async () => {
		const result = await test('nexpayEuroWalletApi', { ...stored('nexpayEuroWalletApi'), secretKey: 'not-the-sandbox-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Nexpay refused the request/);
		expect(e2e.sandbox.requests().pop()?.status).toBe(403);
	});

	it('Nexpay EuroWallet API: a wrong API key fails with our message', async () => {
		const result = await test('nexpayEuroWalletApi', { ...stored('nexpayEuroWalletApi'), apiKey: 'not-the-sandbox-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Nexpay refused the request/);
	});

	it('never echoes a secret in a failure message', async () => {
		const secretKey = 'e2e-secret-that-must-not-leak';
		const result = await test('nexpayEuroWalletApi', { ...stored('nexpayEuroWalletApi'), secretKey });
		expect(result.message).not.toContain(secretKey);
	});
});
