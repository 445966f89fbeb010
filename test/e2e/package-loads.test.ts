// The packed package, installed as a community package, loads into the real n8n CLI with no
// warnings about it, and its action node runs against the sandbox.
import { describeE2e, E2e, expectSuccessfulRun, nodeOutput, packedTypes, problemLinesMentioning } from './harness';

describeE2e('n8n-nodes-nexpay as a community package in real n8n', () => {
	let e2e: E2e;

	beforeAll(async () => {
		e2e = await E2e.create();
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('loads every declared node and credential, with no warning or error mentioning nexpay', async () => {
		const declared = packedTypes();
		expect(declared.nodes).toEqual(['nexpay', 'nexpayWebhookTrigger', 'nexpayTrigger', 'nexpayPaymentLinkTrigger', 'nexpayEuroWalletTrigger']);
		expect(declared.credentials).toEqual(['nexpayApi', 'nexpayEuroWalletApi', 'nexpayWebhookApi']);
		// Any command loads all packages; debug level makes n8n log what it loaded. (export:* exits 1 when
		// there is nothing to export, which does not matter here.)
		const run = await e2e.n8n.cli(['export:workflow', '--all', '--output=/dev/null'], { env: { N8N_LOG_LEVEL: 'debug' } });
		const output = `${run.stdout}\n${run.stderr}`;

		expect(output).toMatch(
			new RegExp(
				`Loaded all credentials and nodes from ${declared.packageName}.*"credentials":\\s*3,\\s*"nodes":\\s*5`,
			),
		);
		expect(problemLinesMentioning(output, /nexpay/i)).toEqual([]);
	});

	it('knows the node type n8n-nodes-nexpay.nexpay: a workflow using it runs against the sandbox', async () => {
		const run = await e2e.runExampleWorkflow('nexpay-node-accounts.json');

		expect(problemLinesMentioning(`${run.stdout}\n${run.stderr}`, /nexpay/i)).toEqual([]);
		expectSuccessfulRun(run);
		const ibans = nodeOutput(run.json, 'Nexpay').map((account) => account.iban);
		expect(ibans).toEqual(e2e.sandbox.accounts().map((account) => account.iban));
		const calls = e2e.sandbox.requests().filter((r) => r.path === '/api/1/eurowallet/status');
		expect(calls.map((r) => r.status)).toEqual([200]);
	});
});
