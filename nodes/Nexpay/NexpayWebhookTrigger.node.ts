import {
	NodeConnectionTypes,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { verifyWebhookSignature } from './helpers/signing';
import {
	ALL_EVENTS,
	buildFilters,
	deliveryKey,
	filteredOutBecause,
	flattenEvent,
	parseWebhookEvent,
	PAYMENT_STATUS_EVENT,
	recentDeliveries,
	safeHeaders,
} from './triggers/webhookEvents';
import { nexpayWebhookKeyTest, WEBHOOK_CREDENTIAL, webhookKeyProblem, webhookPemOf } from './triggers/webhookKey';

/** What Nexpay gets back for every delivery it should not send again. */
const RECEIVED = { received: true };

/**
 * Nexpay support registers the URL by hand, so there is nothing to create, check or delete
 * through an API and the node has no `webhookMethods` (like n8n's own Webhook node).
 *
 * `responseData: ''` on purpose: without it n8n answers with the literal text "firstEntryJson";
 * empty, it answers with `webhookResponse` once the execution has been created, so a failure to
 * start the execution is answered with an error and Nexpay retries.
 */
const NEXPAY_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: 'webhook',
	},
];

interface RawBodyRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	headers: Record<string, string | string[] | undefined>;
}

/** The exact bytes Nexpay signed; n8n reads them lazily for some content types. */
async function rawBodyOf(request: RawBodyRequest): Promise<Buffer> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
}

function headerText(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Not `nexpayTrigger`: n8n's nodes panel merges a trigger named `<node>Trigger` into the `<node>` entry
 * and shows the trigger's description there. The old name stays as a hidden alias (NexpayTrigger.node.ts).
 * Not displayed as "Nexpay Trigger" either: the panel drops "Trigger" from a trigger with events, which
 * would list two entries called "Nexpay".
 */
export class NexpayWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexpay Webhook Trigger',
		name: 'nexpayWebhookTrigger',
		icon: { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Nexpay reports a SEPA or SWIFT payment status, after verifying its signature',
		defaults: { name: 'Nexpay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nexpayWebhookApi', required: true, testedBy: 'nexpayWebhookKeyTest' }],
		webhooks: NEXPAY_WEBHOOKS,
		properties: [
			{
				displayName:
					'Nexpay registers webhooks by hand. Email Nexpay support this node\'s Production URL (under Webhook URLs above) and ask them to send the payment.status event to it. They answer with a PEM public key: put it in the Nexpay Webhook API credential. Every request that is not signed with that key, or that arrives while no key is set, is refused with HTTP 401 and starts nothing.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'All Events',
						value: ALL_EVENTS,
						description: 'Every event Nexpay sends, including event types it adds later',
					},
					{
						name: 'Payment Status',
						value: PAYMENT_STATUS_EVENT,
						description: 'An incoming or outgoing SEPA/SWIFT payment was completed or rejected',
					},
				],
				default: [PAYMENT_STATUS_EVENT],
				description: 'Which events start the workflow; other events are acknowledged and ignored',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description: 'Only start the workflow for payments that match every filter set here; others are acknowledged and ignored',
				options: [
					{
						displayName: 'Accounts',
						name: 'accounts',
						type: 'string',
						default: '',
						placeholder: 'LT023080010000000239, LT633080010000000208',
						description: 'Only payments on these IBANs of yours, separated by commas',
					},
					{
						displayName: 'Direction',
						name: 'directions',
						type: 'multiOptions',
						options: [
							{ name: 'Incoming', value: 'incoming', description: 'Money received' },
							{ name: 'Outgoing', value: 'outgoing', description: 'Money sent' },
						],
						default: [],
						description: 'Only payments in these directions',
					},
					{
						displayName: 'Status',
						name: 'statuses',
						type: 'multiOptions',
						options: [
							{ name: 'Completed', value: 'COMPLETED' },
							{ name: 'Rejected', value: 'REJECTED' },
						],
						default: [],
						description: 'Only payments that reached one of these statuses',
					},
				],
			},
			{
				displayName: 'Ignore Redeliveries',
				name: 'ignoreRedeliveries',
				type: 'boolean',
				default: true,
				description:
					'Whether to drop a delivery of an event (same event, payment ID and status) that this n8n process accepted in the last 24 hours, also when two arrive at the same moment. Kept in memory: forgotten when n8n restarts and not shared between several webhook processes.',
			},
			{
				displayName:
					'Every item carries a deliveryKey (event, payment ID and status). n8n does not save what a trigger stores while it receives a webhook, so redeliveries are remembered in this n8n process only. To also drop them after a restart, add n8n\'s Remove Duplicates node after this trigger ("Remove Items Processed in Previous Executions" on {{ $json.deliveryKey }}); where a repeat must never act twice, make the next step idempotent too, e.g. a payment\'s External Payment ID from the deliveryKey.',
				name: 'redeliveryNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description: 'Whether to add the request headers to the output as "headers" (cookies and authorization headers are left out)',
					},
				],
			},
		],
	};

	methods = { credentialTest: { nexpayWebhookKeyTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as RawBodyRequest;
		const rawBody = await rawBodyOf(request);

		let pem = '';
		try {
			pem = webhookPemOf(await this.getCredentials<ICredentialDataDecryptedObject>(WEBHOOK_CREDENTIAL));
		} catch (error) {
			// Fail closed: a missing or unreadable credential refuses the request like a missing key.
			this.logger.warn(`Nexpay Trigger could not read its webhook key: ${(error as Error).message}`);
		}
		const keyProblem = webhookKeyProblem(pem);
		const verification = keyProblem
			? { valid: false as const, reason: keyProblem }
			: verifyWebhookSignature(rawBody, headerText(request.headers['x-signature']), pem);
		if (!verification.valid) {
			this.logger.warn(`Nexpay Trigger refused a webhook: ${verification.reason}`);
			this.getResponseObject().status(401).json({ error: 'invalid signature', reason: verification.reason });
			return { noWebhookResponse: true };
		}

		const parsed = parseWebhookEvent(rawBody);
		if (!parsed.ok) {
			this.logger.warn(`Nexpay Trigger received a signed webhook it cannot read: ${parsed.reason}`);
			this.getResponseObject().status(400).json({ error: 'invalid payload', reason: parsed.reason });
			return { noWebhookResponse: true };
		}
		const event = parsed.value;

		const filters = buildFilters(this.getNodeParameter('events', [PAYMENT_STATUS_EVENT]), this.getNodeParameter('filters', {}) as IDataObject);
		const skipped = filteredOutBecause(event, filters);
		if (skipped) {
			this.logger.debug(`Nexpay Trigger ignored a webhook: ${skipped}`);
			return { webhookResponse: RECEIVED };
		}

		// A test run ("Listen for test event") may be repeated with the same sample; only live deliveries count.
		const key = deliveryKey(event, rawBody);
		if (this.getNodeParameter('ignoreRedeliveries', true) === true && this.getMode() !== 'manual') {
			const node = this.getNode();
			if (recentDeliveries.seenBefore(`${this.getWorkflow().id ?? ''}|${node.webhookId ?? node.id}|${key}`)) {
				this.logger.debug(`Nexpay Trigger ignored a redelivery of ${key}`);
				return { webhookResponse: RECEIVED };
			}
		}

		const json: IDataObject = { ...flattenEvent(event), deliveryKey: key };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.includeHeaders === true) json.headers = safeHeaders(request.headers);
		return { webhookResponse: RECEIVED, workflowData: [[{ json }]] };
	}
}
