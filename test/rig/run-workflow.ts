import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunData,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { ensureBinaryData } from './binary-data';
import type { RigCredentialsHelper } from './credentials-helper';
import type { RigSetupOptions } from './setup';
import { snapshotStaticData } from './trigger-workflow';
import { captureNodeErrors, createRigSetup, defaultNodeCredentials, latestVersion } from './setup';

/** An INode where only name and type are required. */
export type RigNode = Partial<Omit<INode, 'name' | 'type' | 'parameters'>> & {
	name: string;
	type: string;
	parameters?: INodeParameters;
};

/** [from, to, fromOutputIndex = 0, toInputIndex = 0] on the main connection type. */
export type RigConnection = [from: string, to: string, outputIndex?: number, inputIndex?: number];

export interface RunWorkflowOptions extends RigSetupOptions {
	nodes: RigNode[];
	/** IConnections, a list of pairs, or omitted to chain the nodes in the given order. */
	connections?: IConnections | RigConnection[];
	/** Defaults to the first node. */
	startNode?: string;
	mode?: WorkflowExecuteMode;
	/** Workflow static data as stored between runs (e.g. `{ 'node:Trigger': {...} }`). */
	staticData?: IDataObject;
	settings?: IWorkflowSettings;
	/**
	 * Retry this failed run as n8n's Executions → Retry does (POST /rest/executions/:id/retry): a new
	 * execution in mode 'retry' that continues the stored data of the failed one from the failed node.
	 */
	retryOf?: RigRunResult;
	/**
	 * Aborting it stops the execution as n8n's Stop button does: ActiveExecutions.stopExecution calls
	 * cancel() on the running WorkflowExecute, which aborts the signal nodes get from
	 * getExecutionCancelSignal(). The run resolves once the node code has returned.
	 */
	cancelSignal?: AbortSignal;
}

export interface RigRunResult {
	status: ExecutionStatus;
	run: IRun;
	runData: IRunData;
	/** The run-level error (a copy WorkflowExecute made of what the failing node threw). */
	error?: ExecutionError;
	/** What each node threw, as the original instance (NodeApiError, NodeOperationError...). */
	nodeErrors: Record<string, Error>;
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** Workflow static data after the run. */
	staticData: IDataObject;
	credentialsHelper: RigCredentialsHelper;
	/** Items a node emitted on one output; throws if the node never ran. */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
}

export function toConnections(nodes: RigNode[], connections?: IConnections | RigConnection[]): IConnections {
	if (connections && !Array.isArray(connections)) return connections;
	const pairs: RigConnection[] =
		connections ?? nodes.slice(1).map((node, i): RigConnection => [nodes[i].name, node.name]);
	const result: IConnections = {};
	for (const [from, to, outputIndex = 0, inputIndex = 0] of pairs) {
		const main = ((result[from] ??= { main: [] }).main ??= []);
		while (main.length <= outputIndex) main.push([]);
		(main[outputIndex] ??= []).push({ node: to, type: 'main', index: inputIndex });
	}
	return result;
}

/**
 * Runs a workflow in-process through n8n-core's WorkflowExecute, as n8n does for a
 * manual run: real node code, real credential application, real HTTP.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RigRunResult> {
	if (options.nodes.length === 0) throw new UnexpectedError('runWorkflow needs at least one node');
	await ensureBinaryData();
	const setup = createRigSetup(options);
	const mode = options.mode ?? 'manual';
	const credentialData = options.credentials ?? {};

	const nodes: INode[] = options.nodes.map((node, index) => {
		const typeVersion = node.typeVersion ?? latestVersion(setup.nodeTypes.getByName(node.type));
		const full: INode = {
			...node,
			id: node.id ?? `rig-node-${index}`,
			typeVersion,
			position: node.position ?? [index * 200, 0],
			parameters: node.parameters ?? {},
		};
		full.credentials ??= defaultNodeCredentials(full, setup, credentialData);
		return full;
	});
	const connections = toConnections(options.nodes, options.connections);

	const nodeErrors: Record<string, Error> = {};
	const nodeTypes = captureNodeErrors(setup.nodeTypes, (name, error) => {
		nodeErrors[name] = error as Error;
	});
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.settings };
	const workflow = new Workflow({
		id: setup.workflowId,
		name: 'Rig workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : {},
		settings,
	});

	const workflowData: IWorkflowBase = {
		id: setup.workflowId,
		name: 'Rig workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, setup.executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	let hookRun: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		hookRun = run;
	});

	const additionalData = createAdditionalData({
		executionId: setup.executionId,
		workflowId: setup.workflowId,
		credentialsHelper: setup.credentialsHelper,
		hooks,
	});
	const startName = options.startNode ?? nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new UnexpectedError(`Start node "${startName}" is not in the workflow`);

	let execution: ReturnType<WorkflowExecute['run']>;
	if (options.retryOf) {
		// As n8n's ExecutionService.retry: the failed execution's stored data, its error and the failed run of the last node removed, continued in a new execution.
		const data = storedCopy(options.retryOf.run.data);
		const { lastNodeExecuted } = data.resultData;
		if (lastNodeExecuted) {
			delete data.resultData.error;
			const nodeRuns = data.resultData.runData?.[lastNodeExecuted];
			if (nodeRuns?.length && nodeRuns[nodeRuns.length - 1].error !== undefined) nodeRuns.pop();
		}
		execution = new WorkflowExecute(additionalData, 'retry', data).processRunExecutionData(workflow);
	} else {
		// getStartNode() only finds trigger-like nodes, so the start node is always explicit.
		execution = new WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	}
	const stop = () => execution.cancel();
	if (options.cancelSignal?.aborted) stop();
	options.cancelSignal?.addEventListener('abort', stop, { once: true });
	let returned: IRun;
	try {
		returned = await execution;
	} finally {
		options.cancelSignal?.removeEventListener('abort', stop);
	}
	// The hook has run before run() resolves (it is awaited inside WorkflowExecute).
	const run = hookRun ?? returned;
	return buildResult(run, nodeErrors, executionOrder, snapshotStaticData(workflow), setup.credentialsHelper);
}

/** Run data as n8n reads it back from its database: serialised and parsed, nothing shared with the finished run. */
function storedCopy(data: IRunExecutionData): IRunExecutionData {
	return JSON.parse(JSON.stringify(data)) as IRunExecutionData;
}

function buildResult(
	run: IRun,
	nodeErrors: Record<string, Error>,
	executionOrder: string[],
	staticData: IDataObject,
	credentialsHelper: RigCredentialsHelper,
): RigRunResult {
	const { runData } = run.data.resultData;
	return {
		status: run.status,
		run,
		runData,
		error: run.data.resultData.error,
		nodeErrors,
		executionOrder,
		staticData,
		credentialsHelper,
		output(nodeName, outputIndex = 0, runIndex = 0) {
			const task = runData[nodeName]?.[runIndex];
			if (!task) {
				const failed = Object.entries(runData)
					.filter(([, tasks]) => tasks.some((t) => t.error))
					.map(([name, tasks]) => `${name}: ${tasks.find((t) => t.error)?.error?.message}`);
				throw new UnexpectedError(
					`Node "${nodeName}" did not run (run ${runIndex}); ran: ${Object.keys(runData).join(', ') || 'none'}` +
						(failed.length ? `; errors: ${failed.join('; ')}` : ''),
				);
			}
			return task.data?.main?.[outputIndex] ?? [];
		},
	};
}
