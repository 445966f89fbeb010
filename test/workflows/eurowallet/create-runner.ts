// One n8n process's worth of EuroWallet creates, run in a child process by two-processes.test.ts so
// that two OS processes share one API key, each with its own nonce counter and send queue, as
// queue-mode workers and `n8n execute` beside a running n8n do.
// Input: RUNNER_CONFIG (JSON: sandbox address, item count, ID prefix, retry options; optionally the
// workflows to split the items over and the secrets to search the run for) in the environment.
// Output: one JSON line on stdout: every item's result (payment or error).
import type { IDataObject } from 'n8n-workflow';

import { Evidence, type EvidenceSummary } from '../../campaign/common';
import { runNexpay, sepaPayment, type SandboxAddress } from './support';

/** Where a workflow's External Payment ID comes from: the item's id, Derive ID From Fields, or the execution. */
export type IdSource = 'given' | 'fields' | 'execution';

interface RunnerConfig {
	sandbox: SandboxAddress;
	count: number;
	prefix: string;
	requestOptions: IDataObject;
	/** One execution per entry, all at once, the items split evenly (default: one, IDs given). */
	workflows?: IdSource[];
	/** Search every output item, error, run-data entry and log line for these (the reliability campaign). */
	secrets?: { credential: string; field: string; value: string }[];
}

export interface RunnerItem {
	/** The item's id; also the payment's reference, and its External Payment ID when the source is 'given'. */
	externalPaymentId: string;
	workflow: number;
	paymentId?: string;
	status?: string;
	recoveredByStatusCheck?: boolean;
	error?: string;
	description?: string;
}

export interface RunnerResult {
	items: RunnerItem[];
	error?: string;
	ms: number;
	evidence?: EvidenceSummary;
}

const ID_FIELDS: Record<IdSource, IDataObject> = {
	given: { externalPaymentId: '={{ $json.id }}' },
	fields: { externalPaymentIdFields: 'id' },
	execution: {},
};

async function main(): Promise<void> {
	const config = JSON.parse(process.env.RUNNER_CONFIG ?? '') as RunnerConfig;
	const evidence = config.secrets ? new Evidence(config.secrets) : undefined;
	const stopCapture = evidence?.captureLogs();
	const input = Array.from({ length: config.count }, (_, i) => ({ id: `${config.prefix}-${String(i).padStart(4, '0')}` }));
	const workflows = config.workflows ?? ['given'];
	const size = Math.ceil(input.length / workflows.length);
	const started = Date.now();
	const runs = await Promise.all(
		workflows.map(async (source, workflow) => {
			const slice = input.slice(workflow * size, (workflow + 1) * size);
			const run = await runNexpay(config.sandbox, {
				parameters: sepaPayment({
					amount: '1.00',
					beneficiaryReference: '={{ $json.id }}',
					additionalFields: ID_FIELDS[source],
					requestOptions: config.requestOptions,
				}),
				input: slice,
				continueOnFail: true,
				executionId: `${config.prefix}-workflow-${workflow}`,
			});
			evidence?.scanRun(`process ${config.prefix} workflow ${workflow}`, run);
			return { slice, workflow, ...run };
		}),
	);
	stopCapture?.();
	const result: RunnerResult = {
		items: runs.flatMap(({ slice, workflow, items }) =>
			items.map((item, index) => ({
				externalPaymentId: slice[index].id,
				workflow,
				paymentId: item.json.paymentId as string | undefined,
				status: item.json.status as string | undefined,
				recoveredByStatusCheck: item.json.recoveredByStatusCheck as boolean | undefined,
				error: item.json.error as string | undefined,
				description: item.json.description as string | undefined,
			})),
		),
		error: runs.map((run) => run.error?.message).find((message) => message !== undefined),
		ms: Date.now() - started,
		evidence: evidence?.summary(),
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
