// Shared set-up of the v2 workflow tests: one sandbox per test file, the Nexpay node run by the
// in-process rig with the sandbox's v2 key, and readers for what the sandbox saw.
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { NexpayApi } from '../../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../../credentials/NexpayEuroWalletApi.credentials';
import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { runNode, type RigNodeUnderTest, type RunNodeResult } from '../../rig';
import { startSandbox, type RecordedRequest, type Sandbox } from '../../sandbox';

/** Short waits so retries do not slow the suite; the node's own Request Options. */
export const FAST_RETRY = { baseDelayMs: 5, maxAttempts: 4 };

export interface V2Run {
	/** Parameters of the Nexpay node; `requestOptions` defaults to FAST_RETRY. */
	parameters: Record<string, unknown>;
	input?: Array<IDataObject | INodeExecutionData>;
	node?: Partial<RigNodeUnderTest>;
	apiKey?: string;
}

/** A sandbox started before the file's tests and reset before each one. */
export function useSandbox(): { readonly sandbox: Sandbox; run: (options: V2Run) => Promise<RunNodeResult> } {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sandbox?.close());
	beforeEach(() => sandbox?.reset());

	const run = async ({ parameters, input, node, apiKey }: V2Run): Promise<RunNodeResult> => {
		const sb = sandbox!;
		return await runNode({
			nodeTypes: [new Nexpay()],
			credentialTypes: [new NexpayApi(), new NexpayEuroWalletApi()],
			credentials: { nexpayApi: { environment: 'custom', baseUrl: sb.url, apiKey: apiKey ?? sb.keys.v2ApiKey } },
			node: { type: 'nexpay', ...node, parameters: { requestOptions: FAST_RETRY, ...parameters } as INodeParameters },
			input,
		});
	};
	return {
		get sandbox() {
			return sandbox!;
		},
		run,
	};
}

/** The API requests the sandbox received, as `METHOD /path` lines. */
export function seen(sandbox: Sandbox): string[] {
	return sandbox.requests().map((request) => `${request.method} ${request.path}`);
}

export function jsonBody(request: RecordedRequest): IDataObject {
	return JSON.parse(request.bodyText) as IDataObject;
}

export function lastRequest(sandbox: Sandbox, method: string, path: string | RegExp): RecordedRequest {
	const matching = sandbox
		.requests()
		.filter((request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)));
	if (!matching.length) throw new Error(`the sandbox saw no ${method} ${String(path)}; it saw: ${seen(sandbox).join(', ')}`);
	return matching[matching.length - 1];
}

export const jsonOf = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);

/** The bytes behind a binary property, wherever n8n stored them. */
export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** A binary input item as another node would hand it over (inline base64). */
export function fileItem(json: IDataObject, files: Record<string, { fileName: string; mimeType: string; content: Buffer | string }>): INodeExecutionData {
	const binary: Record<string, IBinaryData> = {};
	for (const [property, file] of Object.entries(files)) {
		const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
		binary[property] = {
			data: content.toString('base64'),
			mimeType: file.mimeType,
			fileName: file.fileName,
			fileExtension: file.fileName.split('.').pop(),
		};
	}
	return { json, binary };
}

/** Recipients as the node's fixed collection holds them. */
export function recipients(...rows: IDataObject[]): IDataObject {
	return { recipient: rows };
}
