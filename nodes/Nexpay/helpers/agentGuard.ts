import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { compactIban } from './validation';

/*
 * Money-moving operations offered to an AI agent (the node as a tool, "Nexpay Tool"). An agent chooses
 * amounts and accounts from a conversation, so by default it may not move money at all: the call is
 * refused before anything is sent. A workflow builder can allow SEPA payments within limits a finance
 * team sets: an amount cap per payment and, if wanted, a list of beneficiary IBANs. Preparing payments
 * (links, intents, reads) stays open; Payment Intent → Submit of anything but a payment link stays
 * a workflow step, never an agent's.
 */

type Show = Record<string, Array<string | number | boolean>>;

/** Whether this run is the node as an AI agent's tool (n8n runs it as type "<node>Tool"). */
export function runsAsAgentTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

export function agentGuardFields(show: Show): INodeProperties[] {
	const asTool = { ...show, '@tool': [true] };
	return [
		{
			displayName: 'Agent Payments',
			name: 'agentPayments',
			type: 'options',
			options: [
				{ name: 'Refuse', value: 'refuse', description: 'The agent cannot make payments with this tool (the call is refused, nothing is sent)' },
				{ name: 'Allow Within Limits', value: 'limits', description: 'SEPA payments in EUR up to Max Amount, to the listed accounts only (if any)' },
			],
			default: 'refuse',
			description: 'What an AI agent may do with this payment tool',
			displayOptions: { show: asTool },
		},
		{
			displayName: 'Max Amount per Payment (EUR)',
			name: 'agentMaxAmount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'Largest payment the agent may make; above it the call is refused and nothing is sent',
			displayOptions: { show: { ...asTool, agentPayments: ['limits'] } },
		},
		{
			displayName: 'Allowed Beneficiary Accounts',
			name: 'agentAllowedAccounts',
			type: 'string',
			default: '',
			placeholder: 'DE89370400440532013000, LT633080010000000208',
			description: 'IBANs the agent may pay, comma-separated; empty allows any account',
			displayOptions: { show: { ...asTool, agentPayments: ['limits'] } },
		},
	];
}

function refused(context: IExecuteFunctions, itemIndex: number, why: string, fix: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Refused for an AI agent: ${why} [item ${itemIndex}]`, {
		itemIndex,
		description: `${fix} Nothing was sent to Nexpay.`,
	});
}

/** Throws unless an agent may make this EuroWallet payment; a no-op outside agents. */
export function checkAgentPayment(
	context: IExecuteFunctions,
	itemIndex: number,
	payment: { amount: string; currency: string; beneficiaryAccount: string },
): void {
	if (!runsAsAgentTool(context)) return;
	const mode = context.getNodeParameter('agentPayments', itemIndex, 'refuse') as string;
	if (mode !== 'limits') {
		throw refused(
			context,
			itemIndex,
			'this tool may not make payments',
			'Agent Payments is "Refuse" (the default). A person or a workflow step can make the payment, or the workflow builder sets Agent Payments to "Allow Within Limits".',
		);
	}
	if (payment.currency !== 'EUR') {
		throw refused(context, itemIndex, `payments in ${payment.currency} are not allowed`, 'Agents may only make SEPA payments in EUR.');
	}
	const max = Number(context.getNodeParameter('agentMaxAmount', itemIndex, 0));
	const cents = Math.round(Number(payment.amount) * 100);
	if (!(max > 0) || cents > Math.round(max * 100)) {
		throw refused(
			context,
			itemIndex,
			`${payment.amount} EUR is above the limit of ${max.toFixed(2)} EUR per payment`,
			'Max Amount per Payment (EUR) caps what the agent may pay at once.',
		);
	}
	const allowed = String(context.getNodeParameter('agentAllowedAccounts', itemIndex, '') ?? '')
		.split(',')
		.map((iban) => compactIban(iban))
		.filter(Boolean);
	if (allowed.length > 0 && !allowed.includes(compactIban(payment.beneficiaryAccount))) {
		throw refused(context, itemIndex, `${payment.beneficiaryAccount} is not an allowed beneficiary account`, 'Allowed Beneficiary Accounts lists the only IBANs the agent may pay.');
	}
}

/** Throws when an agent would submit an intent that moves money; publishing a payment link is fine. */
export function checkAgentSubmit(context: IExecuteFunctions, itemIndex: number, deliveryMode: unknown): void {
	if (!runsAsAgentTool(context) || deliveryMode === 'reusable_payment_link') return;
	throw refused(
		context,
		itemIndex,
		'this tool may only publish payment links, not submit payments',
		'Submitting a payment intent moves money: do it in a workflow step (after n8n’s human review, if wanted), not from an agent.',
	);
}
