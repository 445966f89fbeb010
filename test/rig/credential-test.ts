import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { ensureBinaryData } from './binary-data';
import { RigNodeTypes } from './node-types';
import { createRigSetup } from './setup';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface RunCredentialTestOptions {
	/** Parent types when the credential `extends` others. */
	credentialTypes?: ICredentialType[];
}

interface HttpErrorCause {
	response?: { status: number; statusText?: string };
	code?: string;
}

/**
 * Tests a credential the way n8n's CredentialsTester does for a declarative `test`:
 * defaults applied to the data, then the test request run by n8n-core's RoutingNode on
 * a throwaway NoOp-named node in 'internal' mode — expressions such as
 * `={{$credentials.baseUrl}}` resolved, `authenticate` applied, sent for real — and
 * failures reported with the same messages.
 */
export async function runCredentialTest(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: RunCredentialTestOptions = {},
): Promise<CredentialTestResult> {
	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	await ensureBinaryData(); // also prepares n8n-core's environment (user folder, logging)
	const setup = createRigSetup({
		credentialTypes: [credentialType, ...(options.credentialTypes ?? [])],
		credentials: { [credentialType.name]: data },
	});
	const additionalData = createAdditionalData({
		executionId: setup.executionId,
		workflowId: setup.workflowId,
		credentialsHelper: setup.credentialsHelper,
	});

	let decrypted: ICredentialDataDecryptedObject;
	try {
		decrypted = await setup.credentialsHelper.applyDefaults(
			additionalData,
			data,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'rig-credential-test',
		name: `${credentialType.name} (rig)`,
		type: credentialType.name,
		data: decrypted,
	};

	// n8n borrows the NoOp node's description; only the name matters to preAuthentication.
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new RigNodeTypes([nodeType]),
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: HttpErrorCause }).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json ?? {};
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash.get for dotted keys, enough for `responseSuccessBody` rules. */
function getPath(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(acc, key) => (acc !== null && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined),
			value,
		);
}
