import type { ExecutionLifecycleHooks } from 'n8n-core';
import { ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IDataObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

/** Where a real instance would live; only used to build URLs, nothing listens there. */
export const RIG_INSTANCE_URL = 'http://127.0.0.1:5678/';

export interface AdditionalDataOptions {
	executionId: string;
	workflowId: string;
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	variables?: IDataObject;
	httpRequest?: IWorkflowExecuteAdditionalData['httpRequest'];
	httpResponse?: IWorkflowExecuteAdditionalData['httpResponse'];
}

const unsupported = (what: string) => () => {
	throw new UnexpectedError(`${what} is not available in the test rig`);
};

/** The services n8n's CLI would provide to a run; only what our nodes can reach. */
export function createAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = RIG_INSTANCE_URL.replace(/\/$/, '');
	return {
		executionId: options.executionId,
		workflowId: options.workflowId,
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: options.variables ?? {},
		httpRequest: options.httpRequest,
		httpResponse: options.httpResponse,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: RIG_INSTANCE_URL,
		formBaseUrl: `${base}/form`,
		formTestBaseUrl: `${base}/form-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('startRunnerTask (Code node task runners)'),
	};
}
