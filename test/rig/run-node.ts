import type {
	IDataObject,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IRunData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { RigRunResult } from './run-workflow';
import { runWorkflow } from './run-workflow';
import type { RigSetupOptions } from './setup';
import { buildNodeTypes } from './setup';
import { RIG_INPUT_TYPE } from './test-nodes';

export interface RigNodeUnderTest {
	type: string;
	typeVersion?: number;
	name?: string;
	parameters?: INodeParameters;
	/** Defaults to every declared credential the run has data for. */
	credentials?: INodeCredentials;
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
}

export interface RunNodeOptions extends RigSetupOptions {
	node: RigNodeUnderTest;
	/** Items fed to the node: plain objects or INodeExecutionData. Defaults to one empty item. */
	input?: Array<IDataObject | INodeExecutionData>;
	mode?: WorkflowExecuteMode;
	/** Aborting it stops the execution as n8n's Stop button does (see runWorkflow). */
	cancelSignal?: AbortSignal;
}

export interface RunNodeResult {
	/** Main output 0. */
	items: INodeExecutionData[];
	/** Every main output. */
	outputs: INodeExecutionData[][];
	/** What the node threw (the instance when it came from `execute`); never thrown at you. */
	error?: Error;
	runData: IRunData;
	result: RigRunResult;
}

/** Runs one node behind a rig.input that emits `input`: a workflow of two nodes. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const { node, input = [{}], ...rest } = options;
	// Build the registry here so the default node name can come from the type's defaults.
	const nodeTypes = buildNodeTypes(
		rest.nodeTypes,
		(rest.credentialTypes ?? []).map((type) => type.name),
	);
	const name =
		node.name ?? nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.defaults.name ?? 'Node';
	const inputName = name === 'Input' ? 'Rig Input' : 'Input';

	const result = await runWorkflow({
		...rest,
		nodeTypes,
		nodes: [
			{ name: inputName, type: RIG_INPUT_TYPE, parameters: { items: JSON.stringify(input) } },
			{ ...node, name },
		],
	});
	const task = result.runData[name]?.[0];
	const outputs = (task?.data?.main ?? []).map((items) => items ?? []);
	const error: Error | undefined =
		result.nodeErrors[name] ??
		(task?.error as Error | undefined) ??
		(result.status === 'error' ? (result.error as Error | undefined) : undefined);
	return { items: outputs[0] ?? [], outputs, error, runData: result.runData, result };
}
