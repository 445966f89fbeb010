// One n8n process's worth of EuroWallet creates, run in a child process by two-processes.test.ts so
// that two OS processes share one API key, each with its own nonce counter and send queue, as
// queue-mode workers and `n8n execute` beside a running n8n do.
// Input: RUNNER_CONFIG (JSON: sandbox address, item count, ID prefix, retry options) in the environment.
// Output: one JSON line on stdout: every item's result (payment or error).
import type { IDataObject } from 'n8n-workflow';

import { runNexpay, sepaPayment, type SandboxAddress } from './support';

interface RunnerConfig {
	sandbox: SandboxAddress;
	count: number;
	prefix: string;
	requestOptions: IDataObject;
}

export interface RunnerItem {
	externalPaymentId: string;
	paymentId?: string;
	status?: string;
	error?: string;
	description?: string;
}

export interface RunnerResult {
	items: RunnerItem[];
	error?: string;
	ms: number;
}

async function main(): Promise<void> {
	const config = JSON.parse(process.env.RUNNER_CONFIG ?? '') as RunnerConfig;
	const input = Array.from({ length: config.count }, (_, i) => ({ id: `${config.prefix}-${String(i).padStart(4, '0')}` }));
	const started = Date.now();
	const { items, error } = await runNexpay(config.sandbox, {
		parameters: sepaPayment({
			amount: '1.00',
			beneficiaryReference: '={{ $json.id }}',
			additionalFields: { externalPaymentId: '={{ $json.id }}' },
			requestOptions: config.requestOptions,
		}),
		input,
		continueOnFail: true,
	});
	const result: RunnerResult = {
		items: items.map((item, index) => ({
			externalPaymentId: input[index].id,
			paymentId: item.json.paymentId as string | undefined,
			status: item.json.status as string | undefined,
			error: item.json.error as string | undefined,
			description: item.json.description as string | undefined,
		})),
		error: error?.message,
		ms: Date.now() - started,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
