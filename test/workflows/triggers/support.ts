import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { NexpayWebhookApi } from '../../../credentials/NexpayWebhookApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { NexpayEuroWalletTrigger } from '../../../nodes/Nexpay/NexpayEuroWalletTrigger.node';
import { NexpayPaymentLinkTrigger } from '../../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { NexpayWebhookTrigger } from '../../../nodes/Nexpay/NexpayWebhookTrigger.node';
import { runNode, runPoll, runWebhook, type RigWebhookRequest, type RunPollResult, type RunWebhookResult } from '../../rig';
import type { Sandbox } from '../../sandbox';
import { docsFixedLinkIntent } from '../fixtures';

// The test vector printed in the webhook section of the EuroWallet API docs.
export const DOCS_WEBHOOK_BODY =
	'{"payload":{"paymentId":27,"feePaymentId":null,"externalPaymentId":null,"batchReference":null,"account":"LT953080020000000650","amount":"5.01","direction":"incoming","status":"COMPLETED","date":"2024-06-06","networkType":"SEPA","otherName":"Roach Combs LLC","otherAccount":"LT093080020000000646","details":"Test payment 501","originalAmount":null,"originalCurrency":null,"runningBalance":"18.08"},"event":"payment.status"}';
export const DOCS_WEBHOOK_SIGNATURE =
	'3045022026cfb1ace150acf7547db537e74772950bc03a96e14d50ae085a6853cc52b033022100ed30a1a50874622b0e74fe4874ed1b72d995d647ea3be135019a8ce2a8fcbe22';
export const DOCS_WEBHOOK_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY3GPZkskfkKHCCysnSQEqgcQxs+W
oV3EubNu6uIb35QaIgFjatt+9go1ulcWRO9jdrDbKHzf+Jmb35q6yvimLA==
-----END PUBLIC KEY-----`;

export const OWN_IBAN = 'LT023080010000000239';
export const OTHER_OWN_IBAN = 'LT633080010000000208';

/** Fast retries so fault tests take milliseconds, not seconds. */
export const FAST_RETRY = { baseDelayMs: 5, maxAttempts: 2, timeoutMs: 2000 };

// ---------------------------------------------------------------------------------------------
// Webhook trigger
// ---------------------------------------------------------------------------------------------

export interface WebhookRun {
	/** The PEM in the Nexpay Webhook API credential; null: no credential at all. */
	pem?: string | null;
	parameters?: INodeParameters;
	request: RigWebhookRequest;
	staticData?: IDataObject;
	mode?: 'webhook' | 'manual';
	/** The workflow the trigger belongs to: deliveries to one workflow share its redelivery memory. Unique per call unless given. */
	workflowId?: string;
	/** Another class of the same trigger (the hidden legacy alias); default NexpayWebhookTrigger. */
	nodeType?: INodeType;
}

let webhookWorkflows = 0;

export async function runNexpayWebhook(run: WebhookRun): Promise<RunWebhookResult> {
	const pem = run.pem === undefined ? DOCS_WEBHOOK_PEM : run.pem;
	return await runWebhook({
		nodeType: run.nodeType ?? new NexpayWebhookTrigger(),
		credentialTypes: [new NexpayWebhookApi()],
		credentials: pem === null ? {} : { nexpayWebhookApi: { pem } },
		parameters: run.parameters ?? {},
		request: run.request,
		staticData: run.staticData,
		mode: run.mode,
		workflowId: run.workflowId ?? `rig-webhook-workflow-${++webhookWorkflows}`,
	});
}

/** A POST as Nexpay sends it: JSON content type, the signature header when given. */
export function nexpayDelivery(body: string | Buffer, signature?: string, headers: Record<string, string> = {}): RigWebhookRequest {
	return {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-signature': signature }), ...headers },
		body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
	};
}

/** A delivery signed with the sandbox's webhook key. */
export function signedDelivery(sandbox: Sandbox, message: IDataObject, headers: Record<string, string> = {}): RigWebhookRequest {
	const body = JSON.stringify(message);
	return nexpayDelivery(body, sandbox.signWebhookBody(body), headers);
}

export function paymentStatusEvent(payload: IDataObject = {}): IDataObject {
	return {
		event: 'payment.status',
		payload: {
			paymentId: '132',
			account: OWN_IBAN,
			amount: '23.33',
			direction: 'incoming',
			status: 'COMPLETED',
			networkType: 'SEPA',
			otherName: 'Test company',
			otherAccount: 'LT093080020000000646',
			date: '2026-03-15',
			...payload,
		},
	};
}

export interface BridgedDelivery {
	result?: RunWebhookResult;
	error?: unknown;
}

export interface WebhookBridge {
	url: string;
	deliveries: BridgedDelivery[];
	close(): Promise<void>;
}

/**
 * A real HTTP endpoint for the sandbox's `sendWebhook`: the bytes and headers it receives are
 * handed to the trigger through the rig's WebhookContext, and the answer goes back the way n8n
 * would send it (the node's own response, or `webhookResponse` with 200).
 */
export async function startWebhookBridge(pem: string, parameters: INodeParameters = {}): Promise<WebhookBridge> {
	const deliveries: BridgedDelivery[] = [];
	let staticData: IDataObject = {};
	// One published workflow behind the URL.
	const workflowId = `rig-bridge-workflow-${++webhookWorkflows}`;
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
			}
			runNexpayWebhook({ pem, parameters, staticData, workflowId, request: { method: req.method, headers, body: Buffer.concat(chunks) } }).then(
				(result) => {
					deliveries.push({ result });
					staticData = result.staticData;
					const sent = result.responseSent;
					const status = sent?.status ?? 200;
					const body = sent ? sent.body : result.webhookResponse.webhookResponse;
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(body ?? {}));
				},
				(error: unknown) => {
					deliveries.push({ error });
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: String(error) }));
				},
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/rig-webhook-id/webhook`,
		deliveries,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

// ---------------------------------------------------------------------------------------------
// Polling triggers
// ---------------------------------------------------------------------------------------------

export function v2Credentials(sandbox: Sandbox) {
	return { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } };
}

export function euroWalletCredentials(sandbox: Sandbox) {
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

export interface PollRun {
	parameters: INodeParameters;
	/** Static data saved by an earlier poll: a later poll, or a restart of n8n, starts from it. */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
}

export async function pollPaymentLinks(sandbox: Sandbox, run: PollRun): Promise<RunPollResult> {
	return await runPoll({
		nodeType: new NexpayPaymentLinkTrigger(),
		credentialTypes: [new NexpayApi()],
		credentials: v2Credentials(sandbox),
		parameters: run.parameters,
		staticData: run.staticData,
		mode: run.mode,
	});
}

export async function pollEuroWallet(sandbox: Sandbox, run: PollRun): Promise<RunPollResult> {
	return await runPoll({
		nodeType: new NexpayEuroWalletTrigger(),
		credentialTypes: [new NexpayEuroWalletApi()],
		credentials: euroWalletCredentials(sandbox),
		parameters: run.parameters,
		staticData: run.staticData,
		mode: run.mode,
	});
}

/** The items a poll emitted (none when it returned null). */
export function emitted(result: RunPollResult): IDataObject[] {
	return (result.items?.[0] ?? []).map((item) => item.json);
}

async function v2Call(sandbox: Sandbox, method: string, path: string, body?: IDataObject, headers: Record<string, string> = {}) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `ApiKey ${sandbox.keys.v2ApiKey}`, ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json;
}

/** Creates, dry-runs and submits a fixed-amount payment link, as the payment-links guide does; returns its intent id. */
export async function publishPaymentLink(sandbox: Sandbox, reference = 'INV-2026-001'): Promise<string> {
	const intent = await v2Call(sandbox, 'POST', '/v2/payment-intents', docsFixedLinkIntent(reference));
	const id = String(intent.id);
	await v2Call(sandbox, 'POST', `/v2/payment-intents/${id}/dry-run`);
	await v2Call(sandbox, 'POST', `/v2/payment-intents/${id}/submit`, undefined, { 'idempotency-key': randomUUID() });
	return id;
}

/** An outgoing SEPA payment made with the Nexpay node, from one of our IBANs. */
export async function sendSepaPayment(sandbox: Sandbox, from: string, to: string, amount: string): Promise<IDataObject> {
	const { items, error } = await runNode({
		nodeTypes: [new Nexpay()],
		credentialTypes: [new NexpayEuroWalletApi()],
		credentials: euroWalletCredentials(sandbox),
		node: {
			type: 'nexpay',
			parameters: {
				resource: 'euroWalletPayment',
				operation: 'create',
				networkType: 'SEPA',
				account: from,
				amount,
				beneficiaryName: 'Own Account Transfer',
				beneficiaryAccount: to,
				beneficiaryReference: 'Transfer between own accounts',
				requestOptions: FAST_RETRY,
			},
		},
		input: [{}],
	});
	if (error) throw error;
	return items[0].json;
}

export function yesterday(): string {
	return new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
