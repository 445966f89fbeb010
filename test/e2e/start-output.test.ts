// `npm start` echoes n8n's own output through scripts/n8n/lib/console-lines.js. Here a real `n8n start`
// runs a production execution whose Nexpay node fails (a bad Payment ID), with N8N_LOG_FORMAT=json as
// npm start sets it, and what n8n printed goes through that filter: one readable error line, no fragments.
import { createConsoleFilter } from '../../scripts/n8n/lib/console-lines';
import { CREDENTIAL_IDS, describeE2e, E2e, type WorkflowJson } from './harness';

const failing: WorkflowJson = {
	id: 'E2eStartOutput01',
	name: 'E2E: a Nexpay node error in a production execution',
	nodes: [
		{
			parameters: { httpMethod: 'POST', path: 'nexpay-e2e-fail', responseMode: 'onReceived', options: {} },
			id: 'start-output-1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6a1e2c3d-0000-4000-8000-00000000f001',
		},
		{
			parameters: { resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: 'paymentId', paymentId: 'not-a-number' },
			id: 'start-output-2',
			name: 'Nexpay',
			type: 'n8n-nodes-nexpay.nexpay',
			typeVersion: 1,
			position: [220, 0],
			credentials: { nexpayEuroWalletApi: { id: CREDENTIAL_IDS.nexpayEuroWalletApi, name: 'Nexpay EuroWallet API (local sandbox)' } },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Nexpay', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
};

describeE2e('npm start output of a node error (real n8n start)', () => {
	let e2e: E2e;
	const raw: string[] = [];
	const shown: string[] = [];

	beforeAll(async () => {
		e2e = await E2e.create();
		// As npm start runs it (scripts/n8n/start.js).
		(e2e.n8n as unknown as { extraEnv: Record<string, string> }).extraEnv.N8N_LOG_FORMAT = 'json';
		const [id] = await e2e.importWorkflows([failing]);
		await e2e.n8n.publishWorkflow(id);
		const filter = createConsoleFilter({ write: (line: string) => shown.push(line) });
		await e2e.n8n.start({
			onLine: (line: string) => {
				raw.push(line);
				filter(line);
			},
		});
		await e2e.n8n.waitForWebhook('nexpay-e2e-fail', { method: 'POST' });
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('shows the failing node’s error as one heading line', async () => {
		const response = await fetch(`${e2e.n8n.baseUrl}/webhook/nexpay-e2e-fail`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(200);
		for (let waited = 0; waited < 60 && !raw.some((line) => /not a whole number/.test(line)); waited++) await new Promise((resolve) => setTimeout(resolve, 500));

		const errorLines = shown.filter((line) => /not a whole number/.test(line));
				// n8n logged it (twice, as JSON); the console shows it once, as one line saying it is an error.
		expect(raw.filter((line) => /not a whole number/.test(line)).length).toBeGreaterThanOrEqual(1);
		expect(errorLines).toEqual(['error: Payment ID "not-a-number" is not a whole number above 0 [item 0]']);
		expect(shown.filter((line) => /^\s*at\s|^\{/.test(line))).toEqual([]);
	});
});
