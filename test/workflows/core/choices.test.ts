// Choice lists the node's behaviour depends on. The editor offers only the listed values, but an
// expression (or an imported workflow) can hold anything: such a value is refused by field and
// item, and nothing is sent — never read as the default (a lower-case "swift" is not SEPA).
import type { IDataObject } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runNode } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';
import { credentialsFor, EXTERNAL_IBAN, OWN_IBAN, sepaPayment } from '../eurowallet/support';
import { recipients } from '../v2/support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, seed: 7 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const FAST_RETRY = { baseDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 };

async function run(parameters: IDataObject, input: IDataObject[] = [{}]) {
	return await runNode({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: {
			nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey },
			...credentialsFor(sandbox),
		},
		node: { type: 'nexpay', parameters: { requestOptions: FAST_RETRY, ...parameters } as never },
		input,
	});
}

const linkBase = {
	resource: 'paymentLink',
	operation: 'create',
	linkScenario: 'education_provider_tuition',
	linkRecipients: recipients({ role: 'education_provider', connectorPayeeId: 123, payeeAmount: '45.00', currency: 'AUD' }),
};
const splitLinkBase = {
	...linkBase,
	linkScenario: 'education_provider_tuition_with_tenant_split',
	linkDisplayCurrency: 'AUD',
	linkRecipients: recipients({ role: 'education_provider', connectorPayeeId: 123, share: '70' }, { role: 'tenant', connectorPayeeId: 14001, share: '30' }),
};
const intentBase = {
	resource: 'paymentIntent',
	operation: 'create',
	intentPayerRole: 'student',
	intentRecipients: recipients({ role: 'education_provider', connectorPayeeId: 123, payeeAmount: '25.00', currency: 'GBP' }),
};
const fromItem = '={{ $json.value }}';

describe('a choice-list value no list offers', () => {
	it('EuroWallet Payment → Create: pays item 0 by SEPA and refuses item 1’s "swift" instead of sending it as SEPA', async () => {
		const { items, error } = await run(
			sepaPayment({
				networkType: fromItem,
				// With an expression for Network, n8n asks for the SWIFT-only fields too; a SEPA payment ignores them.
				beneficiaryBankBic: 'DEUTDEFF',
				beneficiaryBankName: 'Deutsche Bank AG',
				beneficiaryAddressStreet: 'Taunusanlage 12',
				beneficiaryAddressTown: 'Frankfurt am Main',
				beneficiaryAddressCountry: 'DE',
				additionalFields: { externalPaymentId: '={{ "CHOICE-" + $itemIndex }}' },
			}),
			[{ value: 'SEPA' }, { value: 'swift' }],
		);

		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Network is "swift", which is not one of: SEPA, SWIFT [item 1]');
		expect((error as { description?: string }).description).toBe('Fix "Network" in item 1. Nothing was sent to Nexpay for this item.');
		const creates = sandbox.requests().filter((request) => request.method === 'POST');
		expect(creates).toHaveLength(1);
		expect(creates[0].bodyText).toContain('externalPaymentId=CHOICE-0');
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('with Continue On Fail, outputs the refusal for that item and goes on with the next', async () => {
		const result = await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: credentialsFor(sandbox),
			node: {
				type: 'nexpay',
				continueOnFail: true,
				parameters: { resource: 'euroWalletPayment', operation: 'getCommission', beneficiaryBankAccount: EXTERNAL_IBAN, amount: '10', networkType: fromItem, requestOptions: FAST_RETRY } as never,
			},
			input: [{ value: 'Sepa' }, { value: 'SWIFT' }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.error).toBe('Network is "Sepa", which is not one of: SEPA, SWIFT [item 0]');
		expect(result.items[1].json).toEqual(expect.objectContaining({ networkType: 'SWIFT', amount: '10.00' }));
		expect(sandbox.requests()).toHaveLength(1);
	});

	it.each<[string, IDataObject, string]>([
		['EuroWallet Payment → Get Commission: Network', { resource: 'euroWalletPayment', operation: 'getCommission', beneficiaryBankAccount: EXTERNAL_IBAN, amount: '10', networkType: fromItem }, 'Network is "sepa", which is not one of: SEPA, SWIFT [item 0]'],
		['EuroWallet Payment → Get Status: Look Up By', { resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: fromItem, paymentId: '49', externalPaymentId: 'INV-1' }, 'Look Up By is "sepa", which is not one of: paymentId, externalPaymentId [item 0]'],
		['EuroWallet Payment → Get History: Output', { resource: 'euroWalletPayment', operation: 'getHistory', account: OWN_IBAN, output: fromItem }, 'Output is "sepa", which is not one of: entries, summary [item 0]'],
		['EuroWallet Payment → Get History: Direction', { resource: 'euroWalletPayment', operation: 'getHistory', account: OWN_IBAN, direction: fromItem }, 'Direction is "sepa", which is not one of: both, incoming, outgoing [item 0]'],
		['EuroWallet Account → Get Many: Accounts', { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: fromItem }, 'Accounts is "sepa", which is not one of: true, false [item 0]'],
		['EuroWallet Account → Get Many: Status', { resource: 'euroWalletAccount', operation: 'getMany', statusFilter: fromItem }, 'Status is "sepa", which is not one of: any, ACTIVE, CLOSED [item 0]'],
		['Payment Intent → Create: Define Intent Using', { ...intentBase, intentBodySource: fromItem }, 'Define Intent Using is "sepa", which is not one of: form, json [item 0]'],
		['Payment Intent → Create: Shares Entered In', { ...intentBase, intentAmountMode: 'free_entry_with_portions', intentShareUnit: fromItem }, 'Shares Entered In is "sepa", which is not one of: basisPoints, percent [item 0]'],
		['Payment Intent → Create: Display Currency Source', { ...intentBase, intentAdditionalFields: { displayCurrencySource: fromItem } }, 'Display Currency Source is "sepa", which is not one of: explicit, first_recipient_currency, primary_recipient_currency [item 0]'],
		['Payment Link → Create: Scenario', { ...linkBase, linkScenario: fromItem }, 'Scenario is "sepa", which is not one of: owed_commission_invoice, education_provider_tuition_with_tenant_split, generic_service_invoice, education_provider_tuition [item 0]'],
		['Payment Link → Create: Shares Entered In', { ...splitLinkBase, linkShareUnit: fromItem }, 'Shares Entered In is "sepa", which is not one of: basisPoints, percent [item 0]'],
		['Payment Link → Create: Display Currency Source', { ...linkBase, linkOptions: { displayCurrencySource: fromItem } }, 'Display Currency Source is "sepa", which is not one of: explicit, first_recipient_currency, primary_recipient_currency [item 0]'],
		['Payment Link → Get Requirements: Scenario', { resource: 'paymentLink', operation: 'getRequirements', linkScenario: fromItem }, 'Scenario is "sepa", which is not one of: owed_commission_invoice, education_provider_tuition_with_tenant_split, generic_service_invoice, education_provider_tuition [item 0]'],
	])('%s is refused by name and item, and nothing is sent', async (_label, parameters, message) => {
		const { items, error } = await run(parameters, [{ value: 'sepa' }]);

		expect(items).toHaveLength(0);
		expect(error?.message).toBe(message);
		expect(sandbox.requests()).toHaveLength(0);
	});

	it('EuroWallet Account → Get Many reads Accounts "false" from an expression as the default account only', async () => {
		const { items, error } = await run({ resource: 'euroWalletAccount', operation: 'getMany', allAccounts: fromItem }, [{ value: 'false' }]);

		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		const [request] = sandbox.requests();
		expect(new URLSearchParams(request.query).has('allAccounts')).toBe(false);
	});
});

describe('Request Options an expression or an imported workflow set out of range', () => {
	const read = { resource: 'euroWalletAccount', operation: 'getMany' };

	it.each<[string, IDataObject, string]>([
		['a text timeout', { timeoutMs: 'soon' }, 'Timeout (Ms) must be a number from 100 up, got "soon"'],
		['a zero timeout, which would mean none', { timeoutMs: 0 }, 'Timeout (Ms) must be a number from 100 up, got "0"'],
		['eleven attempts', { maxAttempts: 11 }, 'Max Attempts must be a number from 1 to 10, got "11"'],
		['a negative retry delay', { baseDelayMs: -5 }, 'Retry Delay (Ms) must be a number from 0 up, got "-5"'],
		['a text Retry-After limit', { maxRetryAfterSeconds: 'a minute' }, 'Max Retry-After Wait (Seconds) must be a number from 0 up, got "a minute"'],
	])('refuses %s by name and sends nothing', async (_label, requestOptions, message) => {
		const { error } = await run({ ...read, requestOptions });

		expect(error?.message).toBe(message);
		expect(sandbox.requests()).toHaveLength(0);
	});

	it('names the item when an expression sets the value per item, and runs the items whose value is fine', async () => {
		const result = await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } },
			node: {
				type: 'nexpay',
				continueOnFail: true,
				parameters: { resource: 'payment', operation: 'get', v2PaymentId: '123', requestOptions: { timeoutMs: '={{ $json.timeout }}' } } as never,
			},
			input: [{ timeout: 5000 }, { timeout: 'later' }],
		});

		expect(result.items[0].json.id).toBe(123);
		expect(result.items[1].json.error).toBe('Timeout (Ms) must be a number from 100 up, got "later" [item 1]');
		expect(sandbox.requests()).toHaveLength(1);
	});
});
