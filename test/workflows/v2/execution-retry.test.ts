// The Executions → Retry audit of every v2 create: what n8n's retry (a new execution continuing the failed
// one's stored data, the failed node run again with all its items) does to each. The README's table says the same.
import type { INodeParameters } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runWorkflow, type RigNode, type RigRunResult } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';
import { FAST_RETRY, fileItem } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function run(nodes: RigNode[], retryOf?: RigRunResult): Promise<RigRunResult> {
	return await runWorkflow({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi()],
		credentials: { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } },
		nodes,
		retryOf,
	});
}

const input = (count: number): RigNode => ({
	name: 'Input',
	type: 'rig.input',
	parameters: { items: JSON.stringify(Array.from({ length: count }, (_, i) => ({ n: i + 1 }))) },
});

const nexpay = (name: string, parameters: Record<string, unknown>): RigNode => ({
	name,
	type: 'nexpay',
	parameters: { requestOptions: { ...FAST_RETRY, maxAttempts: 2 }, ...parameters } as INodeParameters,
});

const submitted = (path: string) =>
	sandbox.requests().filter((request) => request.method === 'POST' && request.path === path && (request.status === 200 || request.status === 201));

describe('Executions → Retry of v2 creates', () => {
	it('Payment Intent → Submit: each intent is submitted once, the retry replays with the same Idempotency-Key', async () => {
		const nodes = [
			input(10),
			nexpay('Create intent', {
				resource: 'paymentIntent',
				operation: 'create',
				intentUseCase: 'education_provider_tuition',
				intentDeliveryMode: 'manual',
				intentPayerRole: 'student',
				intentRecipients: { recipient: [{ role: 'education_provider', connectorPayeeId: 123, payeeAmount: '={{ 100 + $json.n }}', currency: 'GBP' }] },
				intentAdditionalFields: { payerDetails: '{"name": "Ana Lima", "email": "ana@example.com"}' },
			}),
			nexpay('Submit', { resource: 'paymentIntent', operation: 'submit', paymentIntentId: '={{ $json.id }}' }),
		];
		sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'status-after-commit', status: 500, skip: 4, times: 2 });
		const failed = await run(nodes);
		expect(failed.status).toBe('error');

		sandbox.clearFaults();
		const retried = await run(nodes, failed);
		expect(retried.status).toBe('success');
		const intents = sandbox.intents();
		expect(intents).toHaveLength(10);
		expect(intents.every((intent) => intent.status === 'submitted')).toBe(true);
		const keys = new Map<string, Set<string>>();
		for (const request of sandbox.requests().filter((r) => r.path.endsWith('/submit'))) {
			keys.set(request.path, (keys.get(request.path) ?? new Set()).add(request.headers['idempotency-key']));
		}
		expect([...keys.values()].every((set) => set.size === 1)).toBe(true);
	});

	it('Payment Link → Create: items published before the failure get a second link (Nexpay has no idempotency for create)', async () => {
		const nodes = [
			input(5),
			nexpay('Create link', {
				resource: 'paymentLink',
				operation: 'create',
				linkRecipients: { recipient: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', payeeAmount: '100.00', currency: 'AUD' }] },
				linkReference: '={{ "LINK-" + $json.n }}',
			}),
		];
		// The third link's create is refused.
		sandbox.injectFault({ route: 'POST /v2/payment-intents', kind: 'status-before-commit', status: 500, skip: 2, times: 1 });
		const failed = await run(nodes);
		expect(failed.status).toBe('error');
		expect(sandbox.intents().filter((intent) => intent.status === 'active')).toHaveLength(2);

		const retried = await run(nodes, failed);
		expect(retried.status).toBe('success');
		// Measured: 7 published links for 5 items; LINK-1 and LINK-2 twice.
		expect(sandbox.intents().filter((intent) => intent.status === 'active')).toHaveLength(7);
	});

	it('Conversation → Send Message: messages sent before the failure are sent again', async () => {
		const nodes = [input(3), nexpay('Send', { resource: 'conversation', operation: 'sendMessage', v2PaymentId: '125', messageText: '={{ "Message " + $json.n }}' })];
		sandbox.injectFault({ route: 'POST /v2/payments/:id/conversation/messages', kind: 'status-before-commit', status: 500, skip: 1, times: 1 });
		const failed = await run(nodes);
		expect(failed.status).toBe('error');

		const retried = await run(nodes, failed);
		expect(retried.status).toBe('success');
		const texts = submitted('/v2/payments/125/conversation/messages').map((request) => (JSON.parse(request.bodyText) as { text: string }).text);
		// Measured: 4 messages for 3 items; "Message 1" twice.
		expect(texts).toEqual(['Message 1', 'Message 1', 'Message 2', 'Message 3']);
	});

	it('Document → Upload: files uploaded before the failure are uploaded again as new documents', async () => {
		const files = [1, 2, 3].map((n) => fileItem({ n }, { file: { fileName: `scan-${n}.png`, mimeType: 'image/png', content: Buffer.from([0x89, 0x50, n]) } }));
		const nodes = [
			{ name: 'Input', type: 'rig.input', parameters: { items: JSON.stringify(files) } },
			nexpay('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'file', documentType: 'passport' }),
		];
		sandbox.injectFault({ route: 'POST /v2/documents', kind: 'status-before-commit', status: 500, skip: 1, times: 1 });
		const failed = await run(nodes);
		expect(failed.status).toBe('error');

		const retried = await run(nodes, failed);
		expect(retried.status).toBe('success');
		// Measured: 4 uploads for 3 files; scan-1.png twice.
		expect(submitted('/v2/documents')).toHaveLength(4);
	});
});
