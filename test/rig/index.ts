/**
 * In-process workflow test rig: runs our nodes through n8n-core's real execution
 * engine (WorkflowExecute, WebhookContext, PollContext, RoutingNode) with real HTTP.
 */
export { createAdditionalData, RIG_INSTANCE_URL } from './additional-data';
export { stopWhen } from './cancel';
export type { RigStop } from './cancel';
export { ensureBinaryData } from './binary-data';
export { runCredentialTest } from './credential-test';
export type { CredentialTestResult, RunCredentialTestOptions } from './credential-test';
export { RigCredentialTypes } from './credential-types';
export { RigCredentialsHelper } from './credentials-helper';
export type { CredentialsMap } from './credentials-helper';
export { RigNodeTypes } from './node-types';
export type { AnyNodeType } from './node-types';
export { runListSearch, runLoadOptions } from './list-search';
export { runPoll } from './poll';
export type { RunPollOptions, RunPollResult } from './poll';
export { runNode } from './run-node';
export type { RigNodeUnderTest, RunNodeOptions, RunNodeResult } from './run-node';
export { runWorkflow, toConnections } from './run-workflow';
export type { RigConnection, RigNode, RigRunResult, RunWorkflowOptions } from './run-workflow';
export { createRigSetup } from './setup';
export type { RigSetup, RigSetupOptions } from './setup';
export {
	HTTP_REQUEST_NODE_ACCEPT,
	RIG_HTTP_PROBE_TYPE,
	RIG_INPUT_TYPE,
	RigHttpProbe,
	RigInput,
	toExecutionData,
} from './test-nodes';
export type { TriggerOptions } from './trigger-workflow';
export { runWebhook } from './webhook';
export type { RigSentResponse, RigWebhookRequest, RunWebhookOptions, RunWebhookResult } from './webhook';
