import type { IDataObject, INode, INodeCredentials, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { AnyNodeType } from './node-types';
import type { RigSetup, RigSetupOptions } from './setup';
import { createRigSetup, defaultNodeCredentials, latestVersion } from './setup';

/** Options shared by runWebhook and runPoll: one trigger node, alone in a workflow. */
export interface TriggerOptions extends RigSetupOptions {
	/** The trigger node's class instance. */
	nodeType: AnyNodeType;
	typeVersion?: number;
	name?: string;
	parameters?: INodeParameters;
	/** Defaults to every declared credential the run has data for. */
	nodeCredentials?: INodeCredentials;
	/** Workflow static data as stored between runs (keys like `node:<name>`, `global`). */
	staticData?: IDataObject;
}

export interface TriggerWorkflow {
	setup: RigSetup;
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
}

export function buildTriggerWorkflow(
	options: TriggerOptions,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): TriggerWorkflow {
	const setup = createRigSetup({
		...options,
		nodeTypes: [options.nodeType, ...((options.nodeTypes as AnyNodeType[] | undefined) ?? [])],
	});
	const typeVersion = options.typeVersion ?? latestVersion(options.nodeType);
	const described = setup.nodeTypes.getByNameAndVersion(options.nodeType.description.name, typeVersion);
	const node: INode = {
		id: 'rig-trigger',
		name: options.name ?? described.description.defaults.name ?? 'Trigger',
		type: options.nodeType.description.name,
		typeVersion,
		position: [0, 0],
		parameters: options.parameters ?? {},
		webhookId: 'rig-webhook-id',
	};
	node.credentials =
		options.nodeCredentials ?? defaultNodeCredentials(node, setup, options.credentials ?? {});
	const workflow = new Workflow({
		id: setup.workflowId,
		name: 'Rig workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: setup.nodeTypes,
		staticData: options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : {},
		settings: { executionOrder: 'v1' },
	});
	const additionalData = {
		...createAdditionalData({
			executionId: setup.executionId,
			workflowId: setup.workflowId,
			credentialsHelper: setup.credentialsHelper,
		}),
		...extra,
	};
	return { setup, workflow, node, additionalData };
}

/** A plain copy of the workflow's static data, minus n8n's change marker. */
export function snapshotStaticData(workflow: Workflow): IDataObject {
	// JSON, not structuredClone: node static data is an ObservableObject proxy, and n8n
	// stores static data as JSON anyway.
	const copy = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete copy.__dataChanged;
	return copy;
}
