// Executions → Retry, as n8n runs it: a new execution (mode 'retry') that continues the stored data
// of the failed one from the failed node, with ALL of that node's input items. Nothing may be paid twice.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { ORIGIN_EXECUTION_KEY } from '../../../nodes/Nexpay/helpers/idempotency';
import { runWorkflow, type RigNode, type RigRunResult } from '../../rig';
import type { Sandbox } from '../../sandbox';
import { credentialsFor, EXTERNAL_IBAN, euroWalletSandbox, FAST_RETRY, OWN_IBAN, paymentRequests, sepaPayment } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

interface Invoice extends IDataObject {
	invoice: string;
	amount: string;
	reference: string;
}

/** OWN_IBAN holds 1096.80 EUR: nine invoices of 100.00, then one of 200.00 that does not fit, then forty of 1.00. */
function invoices(count = 50): Invoice[] {
	return Array.from({ length: count }, (_, i) => ({
		invoice: `INV-${String(i + 1).padStart(3, '0')}`,
		amount: i < 9 ? '100.00' : i === 9 ? '200.00' : '1.00',
		reference: `Invoice INV-${String(i + 1).padStart(3, '0')}`,
	}));
}

function payInvoices(additionalFields: IDataObject = {}, items: Invoice[] = invoices()): RigNode[] {
	return [
		{ name: 'Invoices', type: 'rig.input', parameters: { items: JSON.stringify(items) } },
		{
			name: 'Pay',
			type: 'nexpay',
			parameters: sepaPayment({
				amount: '={{ $json.amount }}',
				beneficiaryReference: '={{ $json.reference }}',
				requestOptions: { ...FAST_RETRY, maxAttempts: 2 },
				additionalFields,
			}) as INodeParameters,
		},
	];
}

async function run(nodes: RigNode[], extra: { retryOf?: RigRunResult; executionId?: string } = {}): Promise<RigRunResult> {
	return await runWorkflow({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: credentialsFor(sandbox),
		nodes,
		...extra,
	});
}

function bookedReferences(): string[] {
	return sandbox
		.ledger()
		.filter((payment) => payment.direction === 'outgoing')
		.map((payment) => String(payment.details));
}

function expectEachInvoiceOnce(count = 50): void {
	const references = bookedReferences();
	expect(references).toHaveLength(count);
	expect(new Set(references).size).toBe(count);
}

const ID_CHOICES: Array<[string, IDataObject]> = [
	['External Payment ID left empty', {}],
	['External Payment ID from the item', { externalPaymentId: '={{ $json.invoice }}' }],
	['Derive ID From Fields', { externalPaymentIdFields: 'invoice' }],
];

describe('Executions → Retry after a plain refusal at item 10', () => {
	it.each(ID_CHOICES)('books each of 50 invoices exactly once (%s)', async (_label, additionalFields) => {
		const failed = await run(payInvoices(additionalFields), { executionId: 'exec-100' });
		expect(failed.status).toBe('error');
		expect(failed.nodeErrors.Pay.message).toMatch(/Insufficient funds/);
		expect(bookedReferences()).toHaveLength(9);

		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '500.00' });
		const retried = await run(payInvoices(additionalFields), { retryOf: failed, executionId: 'exec-101' });

		expect(retried.status).toBe('success');
		expect(retried.output('Pay')).toHaveLength(50);
		expectEachInvoiceOnce();
		// Items 1–9 were sent again and Nexpay answered with the payments it had.
		expect(paymentRequests(sandbox).length).toBeGreaterThanOrEqual(50 + 9);
	});

	it('says in the error what is safe to do next', async () => {
		const failed = await run(payInvoices(), { executionId: 'exec-200' });
		const error = failed.nodeErrors.Pay as Error & { description?: string };
		expect(error.description).toMatch(/Nothing was booked for this item/);
		expect(error.description).toMatch(/Executions → Retry/);
		expect(error.description).toMatch(/Do not run the whole workflow again/);
	});
});

describe('Executions → Retry after an unknown outcome at item 10', () => {
	it.each(ID_CHOICES)('books each of 50 invoices exactly once (%s)', async (_label, additionalFields) => {
		const items = invoices().map((invoice) => ({ ...invoice, amount: '1.00' }));
		// Item 10's create is booked but every answer is lost, and the status check cannot reach Nexpay either.
		sandbox.injectFault({ route: 'POST /api/2/eurowallet/payments', kind: 'reset-after-commit', match: 'Invoice INV-010', times: 10 });
		sandbox.injectFault({ route: 'GET /api/1/eurowallet/payments/status', kind: 'status-before-commit', status: 502, times: 10 });
		const failed = await run(payInvoices(additionalFields, items), { executionId: 'exec-300' });
		expect(failed.status).toBe('error');
		const error = failed.nodeErrors.Pay as Error & { description?: string };
		expect(error.message).toMatch(/^Payment outcome unknown/);
		expect(error.description).toMatch(/Executions → Retry/);
		expect(bookedReferences()).toHaveLength(10);

		sandbox.clearFaults();
		const retried = await run(payInvoices(additionalFields, items), { retryOf: failed, executionId: 'exec-301' });
		expect(retried.status).toBe('success');
		expectEachInvoiceOnce();
	});
});

describe('derived External Payment IDs', () => {
	it('keep the origin execution in the execution custom data, through a retry of a retry', async () => {
		const first = await run(payInvoices(), { executionId: 'exec-400' });
		expect(first.run.data.resultData.metadata).toEqual({ [ORIGIN_EXECUTION_KEY]: 'exec-400' });
		const second = await run(payInvoices(), { retryOf: first, executionId: 'exec-401' });
		expect(second.status).toBe('error');
		sandbox.addIncomingPayment({ account: OWN_IBAN, amount: '500.00' });
		const third = await run(payInvoices(), { retryOf: second, executionId: 'exec-402' });
		expect(third.status).toBe('success');
		expect(third.run.data.resultData.metadata).toEqual({ [ORIGIN_EXECUTION_KEY]: 'exec-400' });
		expectEachInvoiceOnce();
	});

	it('are new in a new run of the workflow, which pays again (as the README says)', async () => {
		const items = invoices(3).map((invoice) => ({ ...invoice, amount: '1.00' }));
		const first = await run(payInvoices({}, items), { executionId: 'exec-500' });
		const second = await run(payInvoices({}, items), { executionId: 'exec-501' });
		expect(first.status).toBe('success');
		expect(second.status).toBe('success');
		expect(bookedReferences()).toHaveLength(6);
		const firstIds = first.output('Pay').map((item) => item.json.externalPaymentId);
		expect(second.output('Pay').map((item) => item.json.externalPaymentId).some((id) => firstIds.includes(id))).toBe(false);
		expect(first.output('Pay')[0].json.externalPaymentIdSource).toBe('execution');
	});

	it('warn in the output pane that a new run pays again', async () => {
		const result = await run(payInvoices({}, invoices(2).map((invoice) => ({ ...invoice, amount: '1.00' }))));
		const hints = result.runData.Pay[0].hints ?? [];
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toMatch(/running the workflow again pays again/);
	});

	it('differ between two runs of the node in one execution (two branches into one node)', async () => {
		const result = await runWorkflow({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: credentialsFor(sandbox),
			nodes: [
				{ name: 'Start', type: 'rig.input', parameters: { items: '[{}]' } },
				{ name: 'Branch A', type: 'rig.input', parameters: { items: JSON.stringify([{ ref: 'A1' }, { ref: 'A2' }]) } },
				{ name: 'Branch B', type: 'rig.input', parameters: { items: JSON.stringify([{ ref: 'B1' }, { ref: 'B2' }]) } },
				{ name: 'Pay', type: 'nexpay', parameters: sepaPayment({ amount: '1.00', beneficiaryReference: '={{ $json.ref }}' }) as INodeParameters },
			],
			connections: [
				['Start', 'Branch A'],
				['Start', 'Branch B'],
				['Branch A', 'Pay'],
				['Branch B', 'Pay'],
			],
		});
		expect(result.status).toBe('success');
		expect(bookedReferences().sort()).toEqual(['A1', 'A2', 'B1', 'B2']);
	});
});

describe('Derive ID From Fields', () => {
	it('pays the same invoice once across separate runs, and different invoices separately', async () => {
		const items = [
			{ invoice: 'INV-A', amount: '1.00', reference: 'A' },
			{ invoice: 'INV-B', amount: '1.00', reference: 'B' },
		];
		const first = await run(payInvoices({ externalPaymentIdFields: 'invoice' }, items));
		const second = await run(payInvoices({ externalPaymentIdFields: 'invoice' }, items));
		expect(second.output('Pay').map((item) => item.json.paymentId)).toEqual(first.output('Pay').map((item) => item.json.paymentId));
		expect(bookedReferences()).toEqual(['A', 'B']);
		expect(first.output('Pay')[0].json.externalPaymentIdSource).toBe('itemFields');
		expect(first.runData.Pay[0].hints ?? []).toHaveLength(0);
	});

	it('refuses an item without the field, naming the field and the item, and sends nothing', async () => {
		const result = await run(
			payInvoices({ externalPaymentIdFields: 'supplier.iban, invoice' }, [{ invoice: 'INV-A', amount: '1.00', reference: 'A', supplier: { iban: EXTERNAL_IBAN } } as never, { invoice: 'INV-B', amount: '1.00', reference: 'B' }]),
		);
		expect(result.status).toBe('error');
		expect(result.nodeErrors.Pay.message).toBe('Derive ID From Fields the input item has no value in "supplier.iban" [item 1]');
		expect(bookedReferences()).toEqual(['A']);
	});
});
