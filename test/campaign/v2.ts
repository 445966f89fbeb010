// Part 2: v2 submits and payment-link publishes under the fault mix. Several executions run at
// once, each item with On Error → Continue, and the sandbox's own records are the ground truth.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { runNode, type RunNodeResult } from '../rig';
import { startSandbox, type PaymentIntent, type Sandbox } from '../sandbox';
import { CAMPAIGN_KEYS, oneLine, v2Credentials, type Evidence, type PartTable } from './common';
import { CAMPAIGN_TIMEOUT_MS, describeMix, faultMix } from './fault-mix';

export const CAMPAIGN_RETRY = { maxAttempts: 4, baseDelayMs: 20, timeoutMs: CAMPAIGN_TIMEOUT_MS, maxRetryAfterSeconds: 5 };

const linkBody = (reference: string): IDataObject => ({
	useCase: 'education_provider_tuition',
	deliveryMode: 'reusable_payment_link',
	amountMode: 'fixed_payee_amounts',
	payer: { role: 'unknown_link_payer' },
	recipients: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, splitRole: 'principal_provider_amount', amount: { payeeAmount: '100.00', currency: 'AUD' } }],
	instructions: { paymentLink: { reference, includeCreatedByText: true } },
	termsAccepted: true,
});

async function v2Call(sandbox: Sandbox, method: string, path: string, body?: IDataObject): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `ApiKey ${sandbox.keys.v2ApiKey}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json;
}

/** `count` items split over `executions` runs of the node, all running at once. */
async function runExecutions(
	sandbox: Sandbox,
	evidence: Evidence,
	label: string,
	parameters: IDataObject,
	items: IDataObject[],
	executions: number,
): Promise<INodeExecutionData[]> {
	const size = Math.ceil(items.length / executions);
	const groups = Array.from({ length: executions }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((group) => group.length);
	const runs: RunNodeResult[] = await Promise.all(
		groups.map(
			async (group, i) =>
				await runNode({
					nodeTypes: [new Nexpay()],
					credentialTypes: [new NexpayApi()],
					credentials: v2Credentials(sandbox),
					node: { type: 'nexpay', parameters: { ...parameters, requestOptions: CAMPAIGN_RETRY } as INodeParameters, continueOnFail: true },
					input: group,
					executionId: `campaign-${label}-${i}`,
				}),
		),
	);
	const output: INodeExecutionData[] = [];
	runs.forEach((run, i) => {
		evidence.scanRun(`${label} execution ${i}`, run);
		if (run.error) throw new Error(`${label}: execution ${i} failed as a whole: ${run.error.message}`);
		output.push(...run.items);
	});
	return output;
}

const isError = (item: INodeExecutionData | undefined): boolean => !item || item.json.error !== undefined;

/** "3 × "message"" per distinct error message of the error items. */
function errorSummary(items: INodeExecutionData[]): string {
	const counts = new Map<string, number>();
	for (const item of items) if (item.json.error !== undefined) counts.set(String(item.json.error), (counts.get(String(item.json.error)) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]).map(([text, count]) => `${count} × "${oneLine(text)}"`).join('; ') || 'none';
}

export interface V2Row {
	items: number;
	once: number;
	duplicated: number;
	lost: number;
	clearErrors: number;
	faulted: number;
}

export interface V2CampaignResult {
	table: PartTable;
	submit: V2Row & { keysPerIntentAboveOne: number };
	links: V2Row & { draftsLeft: number; errorsThatPublished: number };
}

export async function runV2Campaign(options: { submits: number; links: number; seed: number; evidence: Evidence; executions?: number }): Promise<V2CampaignResult> {
	const executions = options.executions ?? 5;
	const sandbox = await startSandbox({ port: 0, seed: options.seed, keys: CAMPAIGN_KEYS });
	try {
		// Submits: drafts made without faults, then submitted through the fault mix.
		const drafts: string[] = [];
		for (let i = 0; i < options.submits; i++) drafts.push(String((await v2Call(sandbox, 'POST', '/v2/payment-intents', linkBody(`CMP-SUB-${i}`))).id));
		const submitRoute = 'POST /v2/payment-intents/:id/submit';
		for (const fault of faultMix([submitRoute])) sandbox.injectFault(fault);
		const before = sandbox.requests().length;
		const submitted = await runExecutions(
			sandbox,
			options.evidence,
			'submit',
			{ resource: 'paymentIntent', operation: 'submit', paymentIntentId: '={{ $json.intentId }}' },
			drafts.map((intentId) => ({ intentId })),
			executions,
		);
		const submitRequests = sandbox.requests().slice(before);
		const intents = new Map(sandbox.intents().map((intent) => [intent.id, intent]));
		const submit = { items: drafts.length, once: 0, duplicated: 0, lost: 0, clearErrors: 0, faulted: 0, keysPerIntentAboveOne: 0 };
		drafts.forEach((id, i) => {
			const times = intents.get(id)?.executions.length ?? 0;
			const keys = new Set(submitRequests.filter((request) => request.path.endsWith(`/${id}/submit`)).map((request) => request.headers['idempotency-key']));
			if (keys.size > 1) submit.keysPerIntentAboveOne++;
			if (times > 1 || keys.size > 1) submit.duplicated++;
			else if (isError(submitted[i])) submit.clearErrors++;
			else if (times === 1) submit.once++;
			else submit.lost++;
		});
		submit.faulted = submitRequests.filter((request) => request.status !== 200).length;

		// Links: create, dry-run and submit all through the fault mix.
		sandbox.clearFaults();
		const linkRoutes = ['POST /v2/payment-intents', 'POST /v2/payment-intents/:id/dry-run', submitRoute];
		for (const fault of faultMix(linkRoutes)) sandbox.injectFault(fault);
		const linkBefore = sandbox.requests().length;
		const references = Array.from({ length: options.links }, (_, i) => `CMP-LINK-${i}`);
		const published = await runExecutions(
			sandbox,
			options.evidence,
			'link',
			{
				resource: 'paymentLink',
				operation: 'create',
				linkScenario: 'education_provider_tuition',
				linkRecipients: { recipient: [{ role: 'education_provider', connectorPayeeId: 123, order: 1, payeeAmount: '100', currency: 'AUD' }] },
				linkReference: '={{ $json.reference }}',
				linkDisplayCurrency: 'AUD',
			},
			references.map((reference) => ({ reference })),
			executions,
		);
		const byReference = new Map<string, PaymentIntent[]>();
		for (const intent of sandbox.intents()) {
			const reference = String(intent.instructions.paymentLink?.reference ?? '');
			if (!reference.startsWith('CMP-LINK-') || intent.createdFrom) continue;
			byReference.set(reference, [...(byReference.get(reference) ?? []), intent]);
		}
		const links = { items: references.length, once: 0, duplicated: 0, lost: 0, clearErrors: 0, faulted: 0, draftsLeft: 0, errorsThatPublished: 0 };
		references.forEach((reference, i) => {
			const made = byReference.get(reference) ?? [];
			const live = made.filter((intent) => intent.executions.length > 0);
			links.draftsLeft += made.length - live.length;
			if (live.length > 1 || live.some((intent) => intent.executions.length > 1)) links.duplicated++;
			else if (isError(published[i])) {
				links.clearErrors++;
				if (live.length) links.errorsThatPublished++;
			} else if (live.length === 1 && published[i].json.paymentIntentId === live[0].id) links.once++;
			else links.lost++;
		});
		links.faulted = sandbox.requests().slice(linkBefore).filter((request) => request.status !== 200 && request.status !== 201).length;

		const row = (label: string, r: V2Row, extra: string | number): (string | number)[] => [label, r.items, r.once, r.duplicated, r.lost, r.clearErrors, extra, r.faulted];
		return {
			table: {
				title: `2. v2 under faults: ${options.submits} Payment Intent → Submit, ${options.links} Payment Link → Create (publish)`,
				columns: ['operation', 'items', 'done once', 'duplicated', 'lost', 'clear errors', 'left behind', 'faulted requests'],
				rows: [
					row('Payment Intent → Submit (one submission per intent)', submit, `${submit.keysPerIntentAboveOne} intents with 2+ keys`),
					row('Payment Link → Create + publish (one published link per item)', links, `${links.draftsLeft} unpublished drafts`),
				],
				notes: [
					`${describeMix()} ${executions} executions at once, each item with On Error → Continue; Request Options: ${CAMPAIGN_RETRY.maxAttempts} attempts, ${CAMPAIGN_RETRY.timeoutMs} ms timeout. Duplicated: an intent submitted twice or under two Idempotency-Keys (from the sandbox's request log), or two published links for one item; lost: a success item without its submission or published link, or no item at all; a clear error is an error item (On Error → Continue).`,
					`Errors — submit: ${errorSummary(submitted)}; links: ${errorSummary(published)}.`,
					`Submit is exact: every retry carries the same Idempotency-Key, and Nexpay replays its first answer. Payment-link creation is not: the API has no idempotency key for creating an intent, so when the answer to a create is lost (5xx after commit, reset, timeout) the node does not repeat it — the item fails with a clear error and the draft it may have made stays unpublished (a draft is never shown to payers; "left behind" counts them). ${links.errorsThatPublished} error items belonged to links that were published anyway (the submit's answer was lost after all retries; the error names the intent and the Idempotency-Key to submit it with).`,
				],
			},
			submit,
			links,
		};
	} finally {
		await sandbox.close();
	}
}
