import { PollContext, commitStagedCursor, runPollInStagingScope } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { UnexpectedError, isNodeClassInstance } from 'n8n-workflow';

import { ensureBinaryData } from './binary-data';
import type { TriggerOptions } from './trigger-workflow';
import { buildTriggerWorkflow, snapshotStaticData } from './trigger-workflow';

export interface RunPollOptions extends TriggerOptions {
	/** 'trigger': an active workflow's scheduled poll; 'manual': "Fetch test event". */
	mode?: 'trigger' | 'manual';
}

export interface RunPollResult {
	/** What `poll()` returned; null means "nothing new". */
	items: INodeExecutionData[][] | null;
	/** Workflow static data after the poll: pass it as `staticData` to the next poll. */
	staticData: IDataObject;
	/** The node's own part of it (`getWorkflowStaticData('node')`). */
	nodeStaticData: IDataObject;
}

/**
 * Calls a trigger's `poll()` through n8n-core's PollContext. In 'trigger' mode it
 * follows PollTriggerExecutor (staging scope, cursor commit on an empty poll); in
 * 'manual' mode it is what WorkflowExecute does for a test run. Errors are thrown.
 */
export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	await ensureBinaryData();
	const { workflow, node, additionalData } = buildTriggerWorkflow(options);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.poll) throw new UnexpectedError(`Node type "${node.type}" has no poll function`);
	const callPoll = async (ctx: IPollFunctions) =>
		isNodeClassInstance(nodeType) ? await nodeType.poll!(ctx) : await nodeType.poll!.call(ctx);

	let items: INodeExecutionData[][] | null;
	if ((options.mode ?? 'trigger') === 'manual') {
		items = await callPoll(new PollContext(workflow, node, additionalData, 'manual', 'manual'));
	} else {
		let emitted: INodeExecutionData[][] | null = null;
		const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate', (data) => {
			emitted = data;
		});
		await runPollInStagingScope(context, async () => {
			await workflow.expression.withIsolate(async () => {
				const result = await callPoll(context);
				if (result !== null) context.__emit(result);
				else await commitStagedCursor(context);
			});
		});
		items = emitted;
	}
	const staticData = snapshotStaticData(workflow);
	return { items, staticData, nodeStaticData: (staticData[`node:${node.name}`] as IDataObject) ?? {} };
}
