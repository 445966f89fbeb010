import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { paymentLinkLocator, readPaymentLinkIntentId, searchPaymentLinks } from './actions/listSearch';
import { nexpayApiList } from './helpers/pagination';
import { nexpayApiRequest } from './helpers/transport';
import { requireString } from './helpers/validation';
import { latestSubmission, nextSubmissions, readSubmissionState } from './triggers/cursors';

const SUBMISSION_DELIVERY_MODE = 'payment_link_submission';
const LINK_DELIVERY_MODE = 'reusable_payment_link';
const ALL_LINKS = '*';
/** The docs define only `completed` for submissions; anything else is typed in. */
const OTHER_STATUS = 'other';

/** The watched status; a value saved by an older version (e.g. `failed`) is still read as itself. */
function watchedStatus(this: IPollFunctions): string {
	const choice = String(this.getNodeParameter('status', 'completed') ?? 'completed').trim() || 'completed';
	if (choice !== OTHER_STATUS) return choice;
	return requireString({ node: this.getNode(), itemIndex: undefined }, 'Other Status', this.getNodeParameter('otherStatus', ''), { max: 50 });
}

async function listSubmissions(this: IPollFunctions, linkId: string | undefined): Promise<IDataObject[]> {
	const qs: IDataObject = { 'filter[deliveryMode]': SUBMISSION_DELIVERY_MODE };
	if (linkId) qs['filter[createdFrom.paymentIntentId]'] = linkId;
	return await nexpayApiList.call(this, {
		path: '/v2/payment-intents',
		listKey: 'paymentIntents',
		qs,
		returnAll: true,
		limit: 0,
	});
}

/**
 * A wrong ID would just list nothing forever, so the link is checked when the trigger starts
 * watching it and on a test run: an unknown ID fails with Nexpay's [PAY0001] and its hint.
 */
async function assertPaymentLink(this: IPollFunctions, linkId: string): Promise<void> {
	const link = (await nexpayApiRequest.call(this, {
		method: 'GET',
		path: `/v2/payment-intents/${encodeURIComponent(linkId)}`,
	})) as IDataObject;
	if (link.deliveryMode !== LINK_DELIVERY_MODE) {
		throw new NodeOperationError(this.getNode(), `${linkId} is not a reusable payment link (its delivery mode is ${String(link.deliveryMode)})`, {
			description: 'Give the ID of a payment intent created with deliveryMode "reusable_payment_link"',
		});
	}
}

/** The list gives a summary; the full submission carries the payer's details and the recipients' amounts. */
async function withDetails(this: IPollFunctions, submissions: IDataObject[]): Promise<IDataObject[]> {
	const full: IDataObject[] = [];
	for (const submission of submissions) {
		full.push(
			(await nexpayApiRequest.call(this, {
				method: 'GET',
				path: `/v2/payment-intents/${encodeURIComponent(String(submission.id))}`,
			})) as IDataObject,
		);
	}
	return full;
}

export class NexpayPaymentLinkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexpay Payment Link Trigger',
		name: 'nexpayPaymentLinkTrigger',
		icon: { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Submissions " + ($parameter["status"] === "other" ? $parameter["otherStatus"] : $parameter["status"]) }}',
		description: 'Starts the workflow when payers complete a Nexpay payment link (checks on a schedule)',
		defaults: { name: 'Nexpay Payment Link Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nexpayApi', required: true }],
		properties: [
			{
				displayName:
					'Checks Nexpay on the schedule below for payer submissions of a payment link that reached the chosen status, and starts the workflow once per submission. When the workflow is first activated, submissions that already have the status are noted but not sent, so only new ones start the workflow. "Fetch Test Event" shows the latest one.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Payment Links',
				name: 'linkScope',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'One Payment Link', value: 'one', description: 'Submissions of one link' },
					{ name: 'All Payment Links', value: 'all', description: 'Submissions of every link of the tenant' },
				],
				default: 'one',
			},
			paymentLinkLocator({
				name: 'paymentLinkId',
				displayName: 'Payment Link',
				description: 'The reusable payment link: pick it, or give its payment intent ID (the ID returned when it was created, not its publicLinkId) or its URL',
				show: { linkScope: ['one'] },
			}),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Completed', value: 'completed', description: 'The payer paid and Nexpay reconciled the payment (the status the Nexpay docs define)' },
					{ name: 'Other Status', value: OTHER_STATUS, description: 'A status the Nexpay docs do not list; type it below' },
				],
				default: 'completed',
				description: 'Start the workflow when a submission reaches this status',
			},
			{
				displayName: 'Other Status',
				name: 'otherStatus',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'failed',
				description: 'The submission status to watch, exactly as Nexpay reports it in the status field',
				displayOptions: { show: { status: [OTHER_STATUS] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Full Submission',
						name: 'fullSubmission',
						type: 'boolean',
						default: true,
						description:
							'Whether to fetch each new submission in full (payer details, recipients and amounts; one extra request per submission) instead of the list summary',
					},
				],
			},
		],
	};

	methods = { listSearch: { searchPaymentLinks } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const scopeChoice = this.getNodeParameter('linkScope', 'one') as string;
		const linkId =
			scopeChoice === 'all'
				? undefined
				: await readPaymentLinkIntentId(this, 'paymentLinkId', undefined, 'Payment Link');
		const status = watchedStatus.call(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const full = options.fullSubmission !== false;

		const staticData = this.getWorkflowStaticData('node');
		const scope = `${linkId ?? ALL_LINKS}|${status}`;
		const previous = readSubmissionState(staticData, scope);
		const manual = this.getMode() === 'manual';
		if (linkId && (manual || !previous)) await assertPaymentLink.call(this, linkId);

		const listed = await listSubmissions.call(this, linkId);

		if (manual) {
			const latest = latestSubmission(listed, status);
			if (!latest) return null;
			const [item] = full ? await withDetails.call(this, [latest]) : [latest];
			return [this.helpers.returnJsonArray([item])];
		}

		const { fresh, state } = nextSubmissions(listed, status, scope, previous);
		// Fetch before recording: if a request fails, the state stays as it was and the next poll retries.
		const items = fresh.length && full ? await withDetails.call(this, fresh) : fresh;
		staticData.submissions = state as unknown as IDataObject;
		if (!items.length) return null;
		return [this.helpers.returnJsonArray(items)];
	}
}
