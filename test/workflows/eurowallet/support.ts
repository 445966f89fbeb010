import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runNode, type RunNodeResult } from '../../rig';
import { startSandbox, type Sandbox } from '../../sandbox';

export const OWN_IBAN = 'LT023080010000000239';
export const OTHER_OWN_IBAN = 'LT633080010000000208';
/** A valid IBAN outside Nexpay: payments to it stay PENDING in the sandbox. */
export const EXTERNAL_IBAN = 'DE89370400440532013000';

/** Fast retries so fault tests take milliseconds, not seconds. */
export const FAST_RETRY = { baseDelayMs: 5, maxAttempts: 5, timeoutMs: 2000 };

export async function euroWalletSandbox(): Promise<Sandbox> {
	return await startSandbox({ port: 0, seed: 42 });
}

/** Where a sandbox listens and its keys: all a run needs, also in a child process that did not start it. */
export type SandboxAddress = Pick<Sandbox, 'url' | 'keys'>;

export function credentialsFor(sandbox: SandboxAddress) {
	return {
		nexpayEuroWalletApi: {
			environment: 'custom',
			baseUrl: sandbox.url,
			apiKey: sandbox.keys.euroWalletApiKey,
			secretKey: sandbox.keys.euroWalletSecretKey,
			transactionSecret: sandbox.keys.euroWalletTransactionSecret,
		},
	};
}

export interface NexpayRun {
	parameters: IDataObject;
	input?: Array<IDataObject | INodeExecutionData>;
	continueOnFail?: boolean;
	executionId?: string;
	retryOnFail?: boolean;
	maxTries?: number;
	/** Aborting it stops the execution as n8n's Stop button does. */
	cancelSignal?: AbortSignal;
}

export async function runNexpay(sandbox: SandboxAddress, run: NexpayRun): Promise<RunNodeResult> {
	return await runNode({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
		credentials: credentialsFor(sandbox),
		node: {
			type: 'nexpay',
			parameters: run.parameters as never,
			continueOnFail: run.continueOnFail,
			retryOnFail: run.retryOnFail,
			maxTries: run.maxTries,
			waitBetweenTries: 0,
		},
		input: run.input,
		executionId: run.executionId,
		cancelSignal: run.cancelSignal,
	});
}

export function sepaPayment(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'euroWalletPayment',
		operation: 'create',
		networkType: 'SEPA',
		account: OWN_IBAN,
		amount: '45.00',
		beneficiaryName: 'John Smith',
		beneficiaryAccount: EXTERNAL_IBAN,
		beneficiaryReference: 'Invoice #314950-392',
		requestOptions: FAST_RETRY,
		...overrides,
	};
}

export function paymentRequests(sandbox: Sandbox) {
	return sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/2/eurowallet/payments');
}

/** Every secret the credential holds: none may show up in outputs or errors. */
export function secretsOf(sandbox: Sandbox): string[] {
	return [sandbox.keys.euroWalletSecretKey, sandbox.keys.euroWalletTransactionSecret];
}
