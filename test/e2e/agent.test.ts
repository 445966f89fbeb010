// An n8n AI Agent with an OpenAI chat model uses the Nexpay node as a tool, in the real n8n. The
// model is a local stub of an OpenAI-compatible chat-completions server (test/e2e/support/openai-stub.ts)
// that scripts the tool calls; the tool runs against the sandbox, and the agent's answer carries what
// it returned. A payment outside the agent guard moves no money.
import { describeE2e, E2e, expectSuccessfulRun, nodeOutput } from './harness';
import { agentWorkflow, OPENAI_CREDENTIAL } from './support/agent-workflow';
import { startOpenAiStub, type OpenAiStub } from './support/openai-stub';

const answerOf = (json: unknown): string => String(nodeOutput(json, 'AI Agent')[0]?.output ?? '');

describeE2e('an AI Agent uses the Nexpay node as a tool', () => {
	let e2e: E2e;
	let model: OpenAiStub;

	beforeAll(async () => {
		model = await startOpenAiStub([
			{ when: /status of EuroWallet payment (\S+)\?/, toolArguments: (match) => ({ paymentId: match[1] }) },
			{ when: /payment link for 250\.00 AUD to payee 123/, toolArguments: { payeeId: 123, amount: '250.00', currency: 'AUD' } },
			{ when: /pay 5000\.00 EUR/, toolArguments: { amount: '5000.00', beneficiaryAccount: 'DE89370400440532013000', reference: 'Agent test' } },
		]);
		e2e = await E2e.create({
			extraCredentials: [{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: model.baseUrl } }],
		});
	});

	afterAll(async () => {
		await e2e?.close();
		await model?.close();
	});

	it('answers "what is the status of EuroWallet payment X?" with the status the tool read from Nexpay', async () => {
		const payment = e2e.sandbox.addIncomingPayment({ amount: '12.34', otherName: 'Payer Ltd', details: 'Tuition' });
		const script = model.requests.length;
		const workflow = agentWorkflow(
			'E2eAgentStatus01',
			`What is the status of EuroWallet payment ${payment.paymentId}?`,
			{
				resource: 'euroWalletPayment',
				operation: 'getStatus',
				lookupBy: 'paymentId',
				paymentId: "={{ $fromAI('paymentId', 'The EuroWallet payment ID', 'string') }}",
			},
			'nexpayEuroWalletApi',
		);
		const run = await e2e.runExampleWorkflow(workflow);

		expectSuccessfulRun(run);
		const answer = answerOf(run.json);
		expect(answer).toContain('Result from Nexpay');
		expect(answer).toContain(payment.status);
		expect(answer).toContain(String(payment.paymentId));
		const statusCalls = e2e.sandbox.requests().filter((request) => request.path.includes('/eurowallet/payments') && request.method === 'GET');
		expect(statusCalls.length).toBeGreaterThan(0);
		// The model was offered the tool and called it, then answered from its result.
		const calls = model.requests.slice(script);
		expect(calls[0].tools?.map((tool) => tool.function.name)).toHaveLength(1);
		expect(calls.some((request) => request.messages?.some((message) => message.role === 'tool'))).toBe(true);
	});

	it('creates "a payment link for 250.00 AUD to payee 123" and answers with its URL', async () => {
		const workflow = agentWorkflow(
			'E2eAgentLink0001',
			'Create a payment link for 250.00 AUD to payee 123.',
			{
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'education_provider_tuition',
				linkRecipients: {
					recipient: [
						{
							connectorPayeeId: "={{ $fromAI('payeeId', 'Nexpay payee ID', 'number') }}",
							payeeAmount: "={{ $fromAI('amount', 'Amount with two decimals', 'string') }}",
							currency: "={{ $fromAI('currency', 'Three-letter currency code', 'string') }}",
						},
					],
				},
				linkPublish: true,
			},
			'nexpayApi',
		);
		const run = await e2e.runExampleWorkflow(workflow);

		expectSuccessfulRun(run);
		const links = e2e.sandbox.intents().filter((intent) => intent.deliveryMode === 'reusable_payment_link');
		expect(links).toHaveLength(1);
		expect(links[0].recipients.map((recipient) => [recipient.connectorPayeeId, recipient.amount])).toEqual([[123, { payeeAmount: '250.00', currency: 'AUD' }]]);
		expect(answerOf(run.json)).toContain(links[0].lastPaymentLinkUrl!);
	});

	it('moves no money when the agent asks for a payment outside the guard, and says why', async () => {
		const ledger = e2e.sandbox.ledger().length;
		const workflow = agentWorkflow(
			'E2eAgentGuard001',
			'Please pay 5000.00 EUR to DE89370400440532013000.',
			{
				resource: 'euroWalletPayment',
				operation: 'create',
				networkType: 'SEPA',
				account: e2e.sandbox.accounts()[0].iban,
				amount: "={{ $fromAI('amount', 'Amount in EUR', 'string') }}",
				beneficiaryName: 'Agent Beneficiary',
				beneficiaryAccount: "={{ $fromAI('beneficiaryAccount', 'IBAN to pay', 'string') }}",
				beneficiaryReference: "={{ $fromAI('reference', 'Payment reference', 'string') }}",
				agentPayments: 'limits',
				agentMaxAmount: 1000,
			},
			'nexpayEuroWalletApi',
		);
		const run = await e2e.runExampleWorkflow(workflow);

		expect(answerOf(run.json) + run.stdout).toContain('5000.00 EUR is above the limit of 1000.00 EUR per payment');
		expect(e2e.sandbox.ledger()).toHaveLength(ledger);
		expect(e2e.sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/2/eurowallet/payments')).toEqual([]);
	});
});
