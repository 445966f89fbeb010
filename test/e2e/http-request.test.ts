// n8n's own HTTP Request node with "Predefined Credential Type" = Nexpay EuroWallet API: the node hands
// our function-`authenticate` its older request shape (uri, qs, form) and encodes after signing. The
// sandbox only answers 2xx when the HMAC over the decoded parameters matches.
import { describeE2e, E2e, expectSuccessfulRun, nodeOutput } from './harness';

describeE2e('HTTP Request node with the Nexpay EuroWallet credential', () => {
	let e2e: E2e;

	beforeAll(async () => {
		e2e = await E2e.create();
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('signs a GET with query parameters and a form-urlencoded POST whose values need encoding', async () => {
		const run = await e2e.runExampleWorkflow('http-request-eurowallet.json');

		expectSuccessfulRun(run);
		expect(nodeOutput(run.json, 'Commission (GET)')).toEqual([{ commissionAmount: '3.00' }]);
		expect(nodeOutput(run.json, 'Open account (POST form)')).toEqual([
			expect.objectContaining({ status: 'ACTIVE', tagName: 'Café & Bar #2 = 100% + tips' }),
		]);

		const calls = e2e.sandbox.requests().map((r) => ({
			method: r.method,
			path: r.path,
			status: r.status,
			query: new URLSearchParams(r.query).get('beneficiaryName'),
			form: r.bodyText ? new URLSearchParams(r.bodyText).get('tagName') : null,
			signed: /^[0-9a-f]{128}$/.test(r.headers['x-signature'] ?? ''),
		}));
		expect(calls).toEqual([
			{
				method: 'GET',
				path: '/api/1/eurowallet/payments/commission',
				status: 200,
				query: 'José & Søn #1 + Co = 100%',
				form: null,
				signed: true,
			},
			{
				method: 'POST',
				path: '/api/1/eurowallet/account',
				status: 200,
				query: null,
				form: 'Café & Bar #2 = 100% + tips',
				signed: true,
			},
		]);
	});
});
