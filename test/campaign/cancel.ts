// Part 6: Stop pressed while the node waits — during a Retry-After wait, during the backoff after
// a 5xx, and during Wait for Final Status — through the rig's cancel signal, as n8n's Stop button.
import type { IDataObject } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { runNode, stopWhen, type RunNodeResult } from '../rig';
import { startSandbox, type Sandbox } from '../sandbox';
import { runNexpay, sepaPayment } from '../workflows/eurowallet/support';
import { CAMPAIGN_KEYS, oneLine, v2Credentials, type Evidence, type PartTable } from './common';

interface Scenario {
	label: string;
	/** What the node is waiting for when Stop is pressed, and how long it would wait. */
	waiting: string;
	prepare(sandbox: Sandbox): void;
	/** Stop is pressed once this holds. */
	pressWhen(sandbox: Sandbox): boolean;
	run(sandbox: Sandbox, signal: AbortSignal): Promise<RunNodeResult>;
}

const CREATE = 'POST /api/2/eurowallet/payments';
/** Stop is pressed a moment after the answer, so the node is surely in its wait rather than still reading the answer. */
const SETTLE_MS = 150;
const answered = (sandbox: Sandbox, status: number, path = '/api/2/eurowallet/payments'): boolean =>
	sandbox.requests().some((request) => request.path.startsWith(path) && request.status === status && Date.now() - request.receivedAt > SETTLE_MS);

const ewCreate = (sandbox: Sandbox, signal: AbortSignal, overrides: IDataObject): Promise<RunNodeResult> =>
	runNexpay(sandbox, { parameters: sepaPayment({ additionalFields: { externalPaymentId: 'CMP-STOP-1' }, ...overrides }), cancelSignal: signal });

export const SCENARIOS: Scenario[] = [
	{
		label: 'EuroWallet Payment → Create',
		waiting: 'Retry-After: 30 after a 429',
		prepare: (sandbox) => sandbox.injectFault({ route: CREATE, kind: 'retry-after', status: 429, retryAfterSeconds: 30 }),
		pressWhen: (sandbox) => answered(sandbox, 429),
		run: (sandbox, signal) => ewCreate(sandbox, signal, { requestOptions: { maxRetryAfterSeconds: 60 } }),
	},
	{
		label: 'EuroWallet Payment → Create',
		waiting: 'a 20 s backoff after a 502 (after commit)',
		prepare: (sandbox) => sandbox.injectFault({ route: CREATE, kind: 'status-after-commit', status: 502 }),
		pressWhen: (sandbox) => answered(sandbox, 502),
		run: (sandbox, signal) => ewCreate(sandbox, signal, { requestOptions: { baseDelayMs: 20000, maxDelayMs: 20000 } }),
	},
	{
		label: 'EuroWallet Payment → Create',
		waiting: 'Wait for Final Status, polling every 30 s',
		prepare: () => undefined,
		pressWhen: (sandbox) => answered(sandbox, 200),
		run: (sandbox, signal) => ewCreate(sandbox, signal, { paymentOptions: { waitForFinalStatus: true, pollIntervalSeconds: 30, waitTimeoutSeconds: 300 } }),
	},
	{
		label: 'Payment Intent → Submit',
		waiting: 'Retry-After: 30 after a 503',
		prepare: (sandbox) => sandbox.injectFault({ route: 'POST /v2/payment-intents/:id/submit', kind: 'retry-after', status: 503, retryAfterSeconds: 30 }),
		pressWhen: (sandbox) => answered(sandbox, 503, '/v2/payment-intents/'),
		run: async (sandbox, signal) => {
			const response = await fetch(`${sandbox.url}/v2/payment-intents`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `ApiKey ${sandbox.keys.v2ApiKey}` },
				body: JSON.stringify({
					useCase: 'education_provider_tuition',
					deliveryMode: 'manual',
					amountMode: 'fixed_payee_amounts',
					payer: { role: 'student' },
					recipients: [{ role: 'education_provider', order: 1, connectorPayeeId: 123, amount: { payeeAmount: '10.00', currency: 'EUR' } }],
					termsAccepted: true,
				}),
			});
			const intent = (await response.json()) as IDataObject;
			return await runNode({
				nodeTypes: [new Nexpay()],
				credentialTypes: [new NexpayApi()],
				credentials: v2Credentials(sandbox),
				node: { type: 'nexpay', parameters: { resource: 'paymentIntent', operation: 'submit', paymentIntentId: String(intent.id), requestOptions: { maxRetryAfterSeconds: 60 } } },
				cancelSignal: signal,
			});
		},
	},
];

export interface StopMeasurement {
	scenario: Scenario;
	ms: number[];
	statuses: string[];
	requestsAfterStop: number;
	report: string;
}

export interface CancelCampaignResult {
	table: PartTable;
	measurements: StopMeasurement[];
	slowest: number;
}

export async function runCancelCampaign(options: { repeats: number; evidence: Evidence }): Promise<CancelCampaignResult> {
	const measurements: StopMeasurement[] = [];
	let run = 0;
	for (const scenario of SCENARIOS) {
		const measurement: StopMeasurement = { scenario, ms: [], statuses: [], requestsAfterStop: 0, report: '' };
		for (let i = 0; i < options.repeats; i++) {
			// A fresh key per run: a 429/503 pauses every request of its key in this process, as Nexpay asks.
			const suffix = `-stop${run++}`;
			const sandbox = await startSandbox({
				port: 0,
				keys: { ...CAMPAIGN_KEYS, euroWalletApiKey: CAMPAIGN_KEYS.euroWalletApiKey + suffix, v2ApiKey: CAMPAIGN_KEYS.v2ApiKey + suffix },
			});
			try {
				scenario.prepare(sandbox);
				let requestsAtStop = -1;
				const stop = stopWhen(() => {
					const pressed = scenario.pressWhen(sandbox);
					if (pressed) requestsAtStop = sandbox.requests().length;
					return pressed;
				});
				const result = await scenario.run(sandbox, stop.signal);
				stop.dispose();
				const elapsed = stop.elapsed();
				options.evidence.scanRun(`stop: ${scenario.waiting}`, result);
				measurement.ms.push(elapsed ?? Number.NaN);
				measurement.statuses.push(result.result.status);
				// Give a request that the stop failed to prevent a moment to arrive.
				await new Promise((resolve) => setTimeout(resolve, 50));
				measurement.requestsAfterStop += requestsAtStop < 0 ? 0 : sandbox.requests().length - requestsAtStop;
				const error = result.error as { message?: string; description?: string } | undefined;
				measurement.report = error ? `${error.message ?? ''} — ${error.description ?? ''}` : `no error: ${JSON.stringify(result.items[0]?.json ?? {})}`;
			} finally {
				await sandbox.close();
			}
		}
		measurements.push(measurement);
	}
	const format = (ms: number): string => `${Math.round(ms)} ms`;
	const rows = measurements.map((m) => {
		const sorted = [...m.ms].sort((a, b) => a - b);
		const statuses = [...new Set(m.statuses)].join(', ');
		return [`${m.scenario.label}, during ${m.scenario.waiting}`, m.ms.length, format(sorted[Math.floor((sorted.length - 1) / 2)]), format(sorted[sorted.length - 1]), statuses, m.requestsAfterStop];
	});
	const slowest = Math.max(...measurements.flatMap((m) => m.ms));
	return {
		table: {
			title: '6. Cancellation: Stop pressed while the node waits',
			columns: ['execution stopped', 'runs', 'time to stop (median)', 'time to stop (slowest)', 'execution status', 'requests after the stop'],
			rows,
			notes: [
				'Time to stop: from the abort of the execution’s cancel signal (what n8n’s Stop does) to the end of the run, measured in the rig; target ≤ 1 s. What the item reports (the last run of each):',
				'',
				...measurements.map((m) => `- ${m.scenario.label}, during ${m.scenario.waiting}: "${oneLine(m.report, 400)}"`),
			],
		},
		measurements,
		slowest,
	};
}
