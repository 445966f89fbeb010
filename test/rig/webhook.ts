import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHttpRequestMethods,
	INodeExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WebhookType,
} from 'n8n-workflow';
import { UnexpectedError, isNodeClassInstance } from 'n8n-workflow';
import { parse as parseQueryString } from 'node:querystring';

import { ensureBinaryData } from './binary-data';
import type { TriggerOptions } from './trigger-workflow';
import { buildTriggerWorkflow, snapshotStaticData } from './trigger-workflow';

// express is not installed; these are whatever n8n-workflow declares them as.
type Request = NonNullable<IWorkflowExecuteAdditionalData['httpRequest']>;
type Response = NonNullable<IWorkflowExecuteAdditionalData['httpResponse']>;

export interface RigWebhookRequest {
	method?: string;
	headers?: Record<string, string>;
	/** The exact bytes the sender signed; objects are sent as JSON. */
	body?: Buffer | string | IDataObject;
	query?: Record<string, string | string[]>;
	/** Path after /webhook/ (informational; n8n has already routed the call). */
	path?: string;
}

export interface RigSentResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface RunWebhookOptions extends TriggerOptions {
	request: RigWebhookRequest;
	/** Which `webhooks` entry of the description to call; 'default' unless set. */
	webhookName?: WebhookType;
	/** 'webhook' (production URL) or 'manual' (test URL). */
	mode?: 'webhook' | 'manual';
}

export interface RunWebhookResult {
	/** What `webhook()` returned. */
	webhookResponse: IWebhookResponseData;
	/** What the node wrote through getResponseObject(), if it answered by itself. */
	responseSent?: RigSentResponse;
	workflowData?: INodeExecutionData[][];
	/**
	 * Workflow static data as n8n keeps it after the call: n8n 2.41 does not save what `webhook()`
	 * changes (WorkflowRunner resets the change flag), so this is the static data given, unchanged.
	 */
	staticData: IDataObject;
	/** What `webhook()` left in static data, which n8n would lose. */
	unsavedStaticData: IDataObject;
	/** How long `webhook()` itself took (for the benchmark). */
	webhookMs: number;
}

/**
 * Calls a trigger's `webhook()` through n8n-core's WebhookContext with an
 * express-shaped request: `rawBody` holds the bytes, `body` the parsed JSON or form,
 * header names are lower-case. Throws what `webhook()` throws (n8n would answer 500).
 */
export async function runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
	await ensureBinaryData();
	const request = buildRequest(options.request);
	const response = new ResponseRecorder();
	const { workflow, node, additionalData } = buildTriggerWorkflow(options, {
		httpRequest: request,
		httpResponse: response as unknown as Response,
	});
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const descriptions = nodeType.description.webhooks ?? [];
	const webhookDescription =
		descriptions.find((d) => d.name === (options.webhookName ?? 'default')) ?? descriptions[0];
	if (!nodeType.webhook || !webhookDescription) {
		throw new UnexpectedError(`Node type "${node.type}" has no webhook`);
	}
	const mode = options.mode ?? 'webhook';
	const webhookData: IWebhookData = {
		httpMethod: request.method as IHttpRequestMethods,
		node: node.name,
		path: options.request.path ?? String(webhookDescription.path ?? ''),
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'manual',
	};
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	const started = process.hrtime.bigint();
	const webhookResponse = isNodeClassInstance(nodeType)
		? await nodeType.webhook!(context)
		: await nodeType.webhook.call(context);
	const webhookMs = Number(process.hrtime.bigint() - started) / 1e6;
	return {
		webhookResponse,
		responseSent: response.sent,
		workflowData: webhookResponse.workflowData,
		staticData: options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : {},
		unsavedStaticData: snapshotStaticData(workflow),
		webhookMs,
	};
}

function buildRequest(input: RigWebhookRequest): Request {
	const headers = Object.fromEntries(
		Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const rawBody = Buffer.isBuffer(input.body)
		? input.body
		: typeof input.body === 'string'
			? Buffer.from(input.body, 'utf8')
			: input.body === undefined
				? Buffer.alloc(0)
				: Buffer.from(JSON.stringify(input.body), 'utf8');
	if (input.body !== undefined && typeof input.body === 'object' && !Buffer.isBuffer(input.body)) {
		headers['content-type'] ??= 'application/json';
	}
	const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const query = input.query ?? {};
	const search = new URLSearchParams(
		Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])),
	).toString();
	const path = `/webhook/${input.path ?? 'rig'}`;
	const request = {
		method: (input.method ?? 'POST').toUpperCase(),
		url: search ? `${path}?${search}` : path,
		path,
		headers,
		query,
		params: {},
		rawBody,
		body: parseBody(rawBody, contentType),
		contentType,
		readRawBody: async () => {},
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
	};
	return request as unknown as Request;
}

/** Like n8n's body parsing: JSON and urlencoded are parsed, anything else stays raw only. */
function parseBody(raw: Buffer, contentType: string): unknown {
	if (raw.length === 0) return {};
	if (contentType === 'application/json' || contentType.endsWith('+json')) {
		return JSON.parse(raw.toString('utf8')) as unknown;
	}
	if (contentType === 'application/x-www-form-urlencoded') {
		return { ...parseQueryString(raw.toString('utf8')) };
	}
	return {};
}

/** The subset of express.Response that nodes use to answer a webhook themselves. */
class ResponseRecorder {
	statusCode = 200;
	headersSent = false;
	private readonly headers: Record<string, string> = {};
	sent?: RigSentResponse;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		return this.status(code).send(String(code));
	}

	setHeader(name: string, value: string | number): this {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}

	set(name: string | Record<string, string>, value?: string): this {
		if (typeof name === 'string') return this.setHeader(name, value ?? '');
		for (const [k, v] of Object.entries(name)) this.setHeader(k, v);
		return this;
	}

	header(name: string | Record<string, string>, value?: string): this {
		return this.set(name, value);
	}

	getHeader(name: string): string | undefined {
		return this.headers[name.toLowerCase()];
	}

	writeHead(code: number, headers: Record<string, string> = {}): this {
		this.status(code);
		return this.set(headers);
	}

	json(body: unknown): this {
		this.headers['content-type'] ??= 'application/json; charset=utf-8';
		return this.finish(body);
	}

	send(body?: unknown): this {
		return this.finish(body);
	}

	end(body?: unknown): this {
		return this.finish(body);
	}

	private finish(body: unknown): this {
		if (this.headersSent) throw new UnexpectedError('The webhook response was sent twice');
		this.headersSent = true;
		this.sent = { status: this.statusCode, headers: { ...this.headers }, body };
		return this;
	}
}
