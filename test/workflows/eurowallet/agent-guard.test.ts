import { deepCopy, type IDataObject, type INodeTypeDescription } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runNode } from '../../rig';
import type { Sandbox } from '../../sandbox';
import { v2Credentials } from '../triggers/support';
import { credentialsFor, euroWalletSandbox, EXTERNAL_IBAN, paymentRequests, sepaPayment } from './support';

/** The node as n8n offers it to an AI agent: the same code under the type "<name>Tool". */
class NexpayTool extends Nexpay {
	description: INodeTypeDescription = { ...deepCopy(new Nexpay().description), name: 'nexpayTool', displayName: 'Nexpay Tool' };
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());

async function asTool(parameters: IDataObject, type: 'nexpayTool' | 'nexpay' = 'nexpayTool') {
	return await runNode({
		nodeTypes: [new NexpayTool(), new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: { ...credentialsFor(sandbox), ...v2Credentials(sandbox) },
		node: { type, parameters: parameters as never },
	});
}

const limits = (extra: IDataObject = {}) => ({ agentPayments: 'limits', agentMaxAmount: 100, ...extra });

describe('money-moving operations offered to an AI agent', () => {
	it('refuses an agent’s payment by default and sends nothing', async () => {
		const before = paymentRequests(sandbox).length;
		const { error } = await asTool(sepaPayment({ additionalFields: { externalPaymentId: 'agent-default' } }));
		expect(error?.message).toBe('Refused for an AI agent: this tool may not make payments [item 0]');
		expect((error as { description?: string }).description).toMatch(/Agent Payments is "Refuse" \(the default\).*Nothing was sent to Nexpay\./);
		expect(paymentRequests(sandbox).length).toBe(before);
	});

	it('allows a SEPA payment within the limits, and refuses one above the cap, in another currency or to another account', async () => {
		const ok = await asTool(sepaPayment({ amount: '100.00', ...limits(), additionalFields: { externalPaymentId: 'agent-ok' } }));
		expect(ok.error).toBeUndefined();
		expect(sandbox.ledger().filter((payment) => payment.externalPaymentId === 'agent-ok')).toHaveLength(1);

		const before = paymentRequests(sandbox).length;
		const above = await asTool(sepaPayment({ amount: '100.01', ...limits(), additionalFields: { externalPaymentId: 'agent-above' } }));
		expect(above.error?.message).toBe('Refused for an AI agent: 100.01 EUR is above the limit of 100.00 EUR per payment [item 0]');
		const noCap = await asTool(sepaPayment({ amount: '1.00', ...limits({ agentMaxAmount: 0 }), additionalFields: { externalPaymentId: 'agent-nocap' } }));
		expect(noCap.error?.message).toMatch(/above the limit of 0.00 EUR/);
		const swift = await asTool(
			sepaPayment({
				...limits(),
				networkType: 'SWIFT',
				currency: 'USD',
				amount: '10.00',
				beneficiaryBankBic: 'DEUTDEFF',
				beneficiaryBankName: 'Deutsche Bank AG',
				beneficiaryAddressStreet: 'Taunusanlage 12',
				beneficiaryAddressTown: 'Frankfurt am Main',
				beneficiaryAddressCountry: 'DE',
				additionalFields: { externalPaymentId: 'agent-swift' },
			}),
		);
		expect(swift.error?.message).toBe('Refused for an AI agent: payments in USD are not allowed [item 0]');
		const elsewhere = await asTool(
			sepaPayment({ amount: '10.00', ...limits({ agentAllowedAccounts: 'LT63 3080 0100 0000 0208' }), additionalFields: { externalPaymentId: 'agent-elsewhere' } }),
		);
		expect(elsewhere.error?.message).toBe(`Refused for an AI agent: ${EXTERNAL_IBAN} is not an allowed beneficiary account [item 0]`);
		expect(paymentRequests(sandbox).length).toBe(before);

		const listed = await asTool(sepaPayment({ amount: '10.00', ...limits({ agentAllowedAccounts: `x, ${EXTERNAL_IBAN.replace(/(.{4})/g, '$1 ')}` }), additionalFields: { externalPaymentId: 'agent-listed' } }));
		expect(listed.error).toBeUndefined();
	});

	it('leaves the node in a workflow as it is: the guard is for agents only', async () => {
		const { error } = await asTool(sepaPayment({ amount: '500.00', additionalFields: { externalPaymentId: 'workflow-step' } }), 'nexpay');
		expect(error).toBeUndefined();
	});

	it('lets an agent publish a payment link but not submit another payment intent', async () => {
		const draftLink = await asTool(
			{
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'education_provider_tuition',
				linkRecipients: { recipient: [{ connectorPayeeId: '123', payeeAmount: '250.00', currency: 'AUD' }] },
				linkPublish: false,
			},
			'nexpay',
		);
		expect(draftLink.error).toBeUndefined();
		const link = await asTool({ resource: 'paymentIntent', operation: 'submit', paymentIntentId: String(draftLink.items[0].json.paymentIntentId) });
		expect(link.error).toBeUndefined();
		expect(link.items[0].json.publicLinkId).toBeTruthy();

		const manualId = await createManualIntent();
		const before = sandbox.requests().filter((request) => request.method === 'POST').length;
		const manual = await asTool({ resource: 'paymentIntent', operation: 'submit', paymentIntentId: manualId });
		expect(manual.error?.message).toBe('Refused for an AI agent: this tool may only publish payment links, not submit payments [item 0]');
		expect(sandbox.requests().filter((request) => request.method === 'POST').length).toBe(before);
	});
});

async function createManualIntent(): Promise<string> {
	const { items, error } = await asTool(
		{
			resource: 'paymentIntent',
			operation: 'create',
			intentBodySource: 'json',
			intentJsonBody: JSON.stringify({
				useCase: 'generic_service_invoice',
				deliveryMode: 'manual',
				amountMode: 'fixed_payee_amounts',
				payer: { role: 'partner' },
				recipients: [{ role: 'tenant', order: 1, connectorPayeeId: 1, amount: { payeeAmount: '10.00', currency: 'EUR' } }],
				termsAccepted: true,
			}),
		},
		'nexpay',
	);
	if (error) throw error;
	return String(items[0].json.id);
}
