// One EuroWallet API key in two n8n processes at once, as with queue-mode workers or an `n8n execute`
// beside the running n8n: each process has its own nonce counter and send queue, so their requests
// reach Nexpay out of nonce order and some get error 50. The node re-signs those (a refusal before
// anything is processed), so every payment is booked exactly once and none fails.
import { describeE2e, E2e, nodeOutput, type WorkflowJson } from './harness';

const PER_PROCESS = 150;
const OWN_IBAN = 'LT023080010000000239';

describeE2e('Two n8n processes creating EuroWallet payments with one credential (real n8n)', () => {
	let e2e: E2e;

	beforeAll(async () => {
		e2e = await E2e.create();
	});

	afterAll(async () => {
		await e2e?.close();
	});

	/**
	 * Manual trigger → Code (the invoices) → Wait until `startAt` (both processes begin paying at the
	 * same moment, whatever their start-up took) → Nexpay: EuroWallet Payment → Create, one per invoice,
	 * the invoice number as External Payment ID; errors continue so every failure shows as an item.
	 */
	function payWorkflow(id: string, prefix: string, startAt: string): WorkflowJson {
		const node = (n: number) => `7b2c1d30-2222-4a2b-9c3d-${prefix.toLowerCase()}0000000000${n}`.slice(0, 36);
		return {
			id,
			name: `E2E: pay ${PER_PROCESS} invoices (${prefix})`,
			nodes: [
				{ parameters: {}, id: node(1), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				{
					parameters: {
						jsCode: `return Array.from({ length: ${PER_PROCESS} }, (_, i) => ({ json: { invoice: '${prefix}-' + String(i).padStart(4, '0') } }));`,
					},
					id: node(2),
					name: 'Invoices',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
				},
				{
					parameters: { resume: 'specificTime', dateTime: startAt },
					id: node(3),
					name: 'Start together',
					type: 'n8n-nodes-base.wait',
					typeVersion: 1.1,
					position: [440, 0],
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
						beneficiaryReference: '={{ $json.invoice }}',
						additionalFields: { externalPaymentId: '={{ $json.invoice }}' },
					},
					id: node(4),
					name: 'Pay',
					type: 'n8n-nodes-nexpay.nexpay',
					typeVersion: 1,
					position: [660, 0],
					onError: 'continueRegularOutput',
					credentials: { nexpayEuroWalletApi: { id: 'NexpayEwSandbox1', name: 'Nexpay EuroWallet API (local sandbox)' } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Invoices', type: 'main', index: 0 }]] },
				Invoices: { main: [[{ node: 'Start together', type: 'main', index: 0 }]] },
				'Start together': { main: [[{ node: 'Pay', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			active: false,
		};
	}

	it(`books ${PER_PROCESS} + ${PER_PROCESS} payments, none failed, when two n8n execute run at once`, async () => {
		// Both `n8n execute` start now (each with its own task-broker port, see scripts/n8n/lib/instance.js) and pay from startAt on.
		const startAt = new Date(Date.now() + 30000).toISOString();
		const ids = await e2e.importWorkflows([payWorkflow('E2eNoncesProcA1', 'A', startAt), payWorkflow('E2eNoncesProcB1', 'B', startAt)]);
		e2e.sandbox.reset();
		const runs = await Promise.all(ids.map((id) => e2e.n8n.execute(id)));

		for (const run of runs) expect({ code: run.code, status: (run.json as { status?: string } | undefined)?.status }).toEqual({ code: 0, status: 'success' });
		const items = runs.flatMap((run) => nodeOutput(run.json, 'Pay'));
		expect(items).toHaveLength(2 * PER_PROCESS);
		expect(items.filter((item) => item.error !== undefined)).toEqual([]);

		const ledger = e2e.sandbox.ledger();
		expect(ledger).toHaveLength(2 * PER_PROCESS);
		expect(new Set(ledger.map((payment) => payment.externalPaymentId)).size).toBe(2 * PER_PROCESS);
		expect(items.map((item) => String(item.paymentId)).sort()).toEqual(ledger.map((payment) => String(payment.paymentId)).sort());

		// The two processes really sent at the same time: their create windows overlap.
		const creates = e2e.sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/2/eurowallet/payments');
		const window = (prefix: string) => {
			const times = creates.filter((request) => request.bodyText.includes(`externalPaymentId=${prefix}-`)).map((request) => request.receivedAt);
			return [Math.min(...times), Math.max(...times)];
		};
		const [aFrom, aTo] = window('A');
		const [bFrom, bTo] = window('B');
		const overlapMs = Math.min(aTo, bTo) - Math.max(aFrom, bFrom);
		const refusals = creates.filter((request) => request.status === 403).length;
		console.log(
			`two n8n execute × ${PER_PROCESS} creates on one key: A ${aTo - aFrom} ms, B ${bTo - bFrom} ms, overlapping ${overlapMs} ms; ` +
				`${creates.length} create requests, ${refusals} error-50 refusals re-signed`,
		);
		expect(overlapMs).toBeGreaterThan(0);
	});
});
