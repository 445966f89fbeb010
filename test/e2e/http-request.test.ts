// n8n's own HTTP Request node with "Predefined Credential Type" = Nexpay EuroWallet API: the node hands
// our function-`authenticate` its older request shape (uri, qs, form) and encodes after signing. The
// sandbox only answers 2xx when the HMAC over the decoded parameters matches.
import { createConnection, createServer, type Server } from 'node:net';

import { describeE2e, E2e, expectSuccessfulRun, nodeOutput, type WorkflowJson } from './harness';

/**
 * A TCP relay on 127.0.0.1 that holds each new connection 0–`jitterMs` ms before passing it on: the
 * varying latency separate connections meet on a real network (n8n opens one per request). On
 * loopback they otherwise arrive in the order they were sent, which Nexpay's servers do not promise.
 */
async function startJitterRelay(target: string, jitterMs: number): Promise<{ url: string; close: () => Promise<void> }> {
	const { hostname, port } = new URL(target);
	const server: Server = createServer((client) => {
		client.pause();
		setTimeout(() => {
			const upstream = createConnection({ host: hostname, port: Number(port) }, () => {
				client.pipe(upstream);
				upstream.pipe(client);
				client.resume();
			});
			upstream.on('error', () => client.destroy());
			client.on('error', () => upstream.destroy());
		}, Math.random() * jitterMs);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const relayPort = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${relayPort}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

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

	/**
	 * Manual trigger → Code (`count` items) → HTTP Request GET /api/1/eurowallet/status with the EuroWallet
	 * credential, continuing on errors so every refusal shows in the output.
	 */
	function manyItemsWorkflow(id: string, count: number, options: Record<string, unknown>, baseUrl: string): WorkflowJson {
		const credential = { nexpayEuroWalletApi: { id: 'NexpayEwSandbox1', name: 'Nexpay EuroWallet API (local sandbox)' } };
		return {
			id,
			name: `E2E: HTTP Request, ${count} items, ${id}`,
			nodes: [
				{ parameters: {}, id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				{
					parameters: { jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { i } }));` },
					id: `${id}-2`,
					name: 'Items',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
				},
				{
					parameters: {
						url: `${baseUrl}/api/1/eurowallet/status`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'nexpayEuroWalletApi',
						options,
					},
					id: `${id}-3`,
					name: 'Status',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [440, 0],
					onError: 'continueRegularOutput',
					credentials: credential,
				},
			],
			connections: {
				Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: 'Status', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			active: false,
		};
	}

	async function countRefusals(workflow: WorkflowJson, count: number): Promise<{ refused: number; ok: number }> {
		e2e.sandbox.reset();
		const run = await e2e.runExampleWorkflow(workflow);
		expectSuccessfulRun(run);
		const output = nodeOutput(run.json, 'Status');
		expect(output).toHaveLength(count);
		const statuses = e2e.sandbox.requests().map((request) => request.status);
		expect(statuses).toHaveLength(count);
		const refused = statuses.filter((status) => status === 403).length;
		// Every refusal the sandbox gave is error 50 and shows as an error item.
		expect(output.filter((item) => item.error !== undefined)).toHaveLength(refused);
		return { refused, ok: statuses.filter((status) => status === 200).length };
	}

	it('gets nonce refusals with many items at default settings, none with Batching at 1 item per batch', async () => {
		const relay = await startJitterRelay(e2e.sandbox.url, 20);
		try {
			// n8n sends every item's request at once: nonces signed in order arrive out of order.
			const all = await countRefusals(manyItemsWorkflow('E2eHttpNonceAll1', 200, {}, relay.url), 200);
			// Measured only: Batch Interval 0 sends every item at once too (n8n 2.41.1 pauses only for an interval > 0).
			const noInterval = await countRefusals(
				manyItemsWorkflow('E2eHttpNonceBat0', 200, { batching: { batch: { batchSize: 1, batchInterval: 0 } } }, relay.url),
				200,
			);
			// Options → Batching: 1 item per batch, each batch 100 ms after the previous one.
			const batched = await countRefusals(
				manyItemsWorkflow('E2eHttpNonceBat1', 50, { batching: { batch: { batchSize: 1, batchInterval: 100 } } }, relay.url),
				50,
			);
			console.log(
				`HTTP Request node, EuroWallet credential, 0–20 ms network jitter: 200 items at once → ${all.refused} error-50 refusals; ` +
					`200 items, 1 per batch, interval 0 → ${noInterval.refused}; 50 items, 1 per batch every 100 ms → ${batched.refused}`,
			);
			expect(all.refused).toBeGreaterThan(0);
			expect(batched).toEqual({ refused: 0, ok: 50 });
		} finally {
			await relay.close();
		}
	});
});
