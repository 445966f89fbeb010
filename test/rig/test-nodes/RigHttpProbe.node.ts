import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IRequestOptions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';
import { Readable } from 'node:stream';

export const RIG_HTTP_PROBE_TYPE = 'rig.httpProbe';

/** The accept header n8n's HTTP Request node (v4.x, response format "autodetect") sends. */
export const HTTP_REQUEST_NODE_ACCEPT =
	'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7';

type Api = 'httpRequestWithAuthentication' | 'requestWithAuthentication';

function objectParam(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const value = typeof raw === 'string' ? jsonParse<unknown>(raw) : raw;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `Parameter "${name}" must be a JSON object`, {
			itemIndex,
		});
	}
	return value as IDataObject;
}

function lowerCaseKeys(headers: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * Sends one authenticated request per item through n8n-core's own helpers, so a
 * credential's `authenticate` is exercised exactly as n8n exercises it.
 * - `httpRequestWithAuthentication`: the options a programmatic node builds.
 * - `requestWithAuthentication`: the legacy shape n8n's HTTP Request node (v4.4,
 *   "Predefined Credential Type", response format autodetect) passes — `uri` with the
 *   absolute URL, decoded `qs`, `form` for form-urlencoded bodies, `body` for JSON,
 *   `json: false`, `encoding: null`, `useStream: true`, full response.
 */
export class RigHttpProbe implements INodeType {
	description: INodeTypeDescription;

	constructor(credentialTypeNames: string[] = []) {
		this.description = {
			displayName: 'Rig HTTP Probe',
			name: RIG_HTTP_PROBE_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Sends an authenticated request per item and outputs the response',
			defaults: { name: 'Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			// n8n only hands out credentials a node type declares.
			credentials: credentialTypeNames.map((name) => ({ name, required: false })),
			properties: [
				{
					displayName: 'API',
					name: 'api',
					type: 'options',
					options: [
						{ name: 'httpRequestWithAuthentication', value: 'httpRequestWithAuthentication' },
						{ name: 'requestWithAuthentication (HTTP Request node shape)', value: 'requestWithAuthentication' },
					],
					default: 'httpRequestWithAuthentication',
				},
				{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: '' },
				{
					displayName: 'Method',
					name: 'method',
					type: 'options',
					options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((m) => ({ name: m, value: m })),
					default: 'GET',
				},
				{ displayName: 'Base URL', name: 'baseURL', type: 'string', default: '' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Query', name: 'qs', type: 'json', default: '' },
				{ displayName: 'Body', name: 'body', type: 'json', default: '' },
				{
					displayName: 'Body Content Type',
					name: 'bodyContentType',
					type: 'options',
					options: [
						{ name: 'JSON', value: 'json' },
						{ name: 'Form Urlencoded', value: 'form-urlencoded' },
					],
					default: 'json',
				},
				{ displayName: 'Headers', name: 'headers', type: 'json', default: '' },
				{ displayName: 'JSON', name: 'json', type: 'boolean', default: true },
				{ displayName: 'Return Full Response', name: 'returnFullResponse', type: 'boolean', default: false },
				{ displayName: 'Ignore HTTP Status Errors', name: 'ignoreHttpStatusErrors', type: 'boolean', default: false },
			],
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const api = this.getNodeParameter('api', i) as Api;
				const credentialType = this.getNodeParameter('credentialType', i) as string;
				const json =
					api === 'httpRequestWithAuthentication'
						? await sendNew(this, credentialType, i)
						: await sendLegacy(this, credentialType, i);
				out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

async function sendNew(ctx: IExecuteFunctions, credentialType: string, i: number): Promise<IDataObject> {
	const options: IHttpRequestOptions = {
		method: ctx.getNodeParameter('method', i) as IHttpRequestMethods,
		url: ctx.getNodeParameter('url', i) as string,
	};
	const baseURL = ctx.getNodeParameter('baseURL', i) as string;
	if (baseURL) options.baseURL = baseURL;
	const qs = objectParam(ctx, 'qs', i);
	if (qs) options.qs = qs;
	const body = objectParam(ctx, 'body', i);
	if (body) options.body = body;
	const headers = objectParam(ctx, 'headers', i);
	if (headers) options.headers = headers;
	options.json = ctx.getNodeParameter('json', i) as boolean;
	const fullResponse = ctx.getNodeParameter('returnFullResponse', i) as boolean;
	if (fullResponse) options.returnFullResponse = true;
	if (ctx.getNodeParameter('ignoreHttpStatusErrors', i)) options.ignoreHttpStatusErrors = true;

	const response = (await ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		credentialType,
		options,
	)) as unknown;
	if (fullResponse) {
		const full = response as { statusCode: number; headers: IDataObject; body: unknown };
		return {
			statusCode: full.statusCode,
			headers: full.headers,
			body: (await plain(ctx, full.body)) as IDataObject[keyof IDataObject],
		};
	}
	const value = await plain(ctx, response);
	return isObject(value) ? value : { body: value as IDataObject[keyof IDataObject] };
}

async function sendLegacy(ctx: IExecuteFunctions, credentialType: string, i: number): Promise<IDataObject> {
	const method = ctx.getNodeParameter('method', i) as IHttpRequestMethods;
	const options: IRequestOptions = {
		headers: {},
		method,
		uri: (ctx.getNodeParameter('url', i) as string).trim(),
		gzip: true,
		rejectUnauthorized: true,
		followRedirect: true,
		followAllRedirects: true,
		maxRedirects: undefined,
		resolveWithFullResponse: true,
		sendCredentialsOnCrossOriginRedirect: false,
		allowedDomains: undefined,
		timeout: 300_000,
	};
	if (ctx.getNodeParameter('ignoreHttpStatusErrors', i)) options.simple = false;
	const body = objectParam(ctx, 'body', i);
	if (body && ['PATCH', 'POST', 'PUT', 'GET'].includes(method)) {
		if (ctx.getNodeParameter('bodyContentType', i) === 'form-urlencoded') options.form = body;
		else options.body = body;
	}
	const qs = objectParam(ctx, 'qs', i);
	if (qs) options.qs = qs;
	const headers = objectParam(ctx, 'headers', i);
	if (headers) options.headers = { ...options.headers, ...lowerCaseKeys(headers) };
	options.encoding = null;
	options.json = false;
	options.useStream = true;
	options.headers!.accept ??= HTTP_REQUEST_NODE_ACCEPT;

	const response = (await ctx.helpers.requestWithAuthentication.call(
		ctx,
		credentialType,
		options,
		undefined,
		i,
	)) as { statusCode: number; statusMessage?: string; headers: IDataObject; body: unknown };
	const contentType = String(response.headers['content-type'] ?? '');
	let responseBody = await plain(ctx, response.body);
	if (typeof responseBody === 'string' && contentType.includes('application/json') && responseBody.trim()) {
		responseBody = jsonParse(responseBody);
	}
	return {
		statusCode: response.statusCode,
		statusMessage: response.statusMessage ?? '',
		headers: response.headers,
		body: responseBody as IDataObject[keyof IDataObject],
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Streams and buffers become text so the response can sit in item JSON. */
async function plain(ctx: IExecuteFunctions, value: unknown): Promise<unknown> {
	if (value instanceof Readable || Buffer.isBuffer(value)) {
		return (await ctx.helpers.binaryToBuffer(value)).toString('utf8');
	}
	return value;
}
