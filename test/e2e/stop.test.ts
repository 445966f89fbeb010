// n8n's Stop in the real server (POST /rest/executions/:id/stop, the editor's Stop button) while the
// Nexpay node waits out a Retry-After: n8n aborts the execution's cancel signal, the node leaves the
// wait at once, sends nothing more, and its error says what happened to the payment. n8n saves a
// stopped execution without waiting for the node, so its debug log is where the node's return shows.
import { describeE2e, E2e, type WorkflowJson } from './harness';

const OWN_IBAN = 'LT023080010000000239';

describeE2e('Stop during a Retry-After wait (real n8n)', () => {
	let e2e: E2e;
	let baseUrl: string;
	const workflowId = 'E2eStopRetryAft1';
	const path = 'nexpay-e2e-stop';

	function workflow(): WorkflowJson {
		const node = (n: number) => `8c3d2e40-3333-4a2b-9c3d-00000000000${n}`;
		return {
			id: workflowId,
			name: 'E2E: stop while the Nexpay node waits out a Retry-After',
			nodes: [
				{
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					id: node(1),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: node(9),
				},
				{
					parameters: {
						resource: 'euroWalletPayment',
						operation: 'create',
						networkType: 'SEPA',
						account: OWN_IBAN,
						amount: '1.00',
						beneficiaryName: 'Supplier Ltd',
						beneficiaryAccount: 'DE89370400440532013000',
						beneficiaryReference: 'Invoice STOP-1',
						additionalFields: { externalPaymentId: 'STOP-1' },
					},
					id: node(2),
					name: 'Pay',
					type: 'n8n-nodes-nexpay.nexpay',
					typeVersion: 1,
					position: [220, 0],
					credentials: { nexpayEuroWalletApi: { id: 'NexpayEwSandbox1', name: 'Nexpay EuroWallet API (local sandbox)' } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Pay', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		};
	}

	beforeAll(async () => {
		// n8n's debug log says when it cancelled the execution and when the node returned, on its own clock.
		e2e = await E2e.create({ logLevel: 'debug' });
		({ baseUrl } = await e2e.publishAndStart([workflow()], { webhookPaths: [path] }));
	});

	afterAll(async () => {
		await e2e?.close();
	});

	const creates = () => e2e.sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/2/eurowallet/payments');

	async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const value = await probe();
			if (value !== undefined) return value;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error(`timed out waiting for ${what}`);
	}

	it('leaves the wait at once, sends nothing more and says nothing was booked', async () => {
		// Nexpay asks for a 20 s pause; the node would hold the item that long.
		e2e.sandbox.injectFault({ route: 'POST /api/2/eurowallet/payments', kind: 'retry-after', status: 429, retryAfterSeconds: 20, times: 1 });
		const res = await fetch(`${baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(res.status).toBe(200);
		await until('the 429', () => (creates().some((request) => request.status === 429) ? true : undefined));
		const { rest } = e2e.running();
		// The editor's execution list (the public API leaves running executions out).
		const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['running'] }));
		const running = await until('the running execution', async () => {
			const listed = (await rest.request('GET', `/rest/executions?filter=${filter}`)) as { data?: { results?: Array<{ id: string }> } };
			return listed.data?.results?.[0];
		});
		await new Promise((resolve) => setTimeout(resolve, 300));

		await rest.request('POST', `/rest/executions/${running.id}/stop`);
		const logTime = (line: string) => Date.parse(line.slice(0, line.indexOf(' ')));
		const [cancelled, returned, finished] = await until('the node to return', () => {
			const lines = e2e.serverOutput().split('\n');
			const find = (pattern: RegExp) => lines.find((line) => pattern.test(line));
			const found = [find(/\| debug \| Cancelling execution/), find(/\| debug \| Running node "Pay" finished with error/), find(/\| debug \| Workflow execution finished with error/)];
			return found.every((line) => line !== undefined) ? (found as string[]) : undefined;
		});
		const elapsed = logTime(returned) - logTime(cancelled);
		console.log(`real n8n: Stop during a 20 s Retry-After wait → the Nexpay node returned ${elapsed} ms after n8n cancelled the execution`);
		expect(elapsed).toBeGreaterThanOrEqual(0);
		expect(elapsed).toBeLessThan(2500);
		const error = (JSON.parse(finished.slice(finished.indexOf('{'))) as { error: { message: string; description: string } }).error;
		expect(error.message).toBe('The execution was canceled while waiting to send a request to Nexpay');
		expect(error.description).toContain('Nothing was booked for this item');
		expect(error.description).toContain('STOP-1');
		expect(creates()).toHaveLength(1);
		expect(e2e.sandbox.ledger()).toHaveLength(0);
	});
});
