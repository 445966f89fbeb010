import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	INode,
	INodeParameters,
	INodeProperties,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { RigNodeTypes } from './node-types';

// A node type for the throwaway workflow that resolves credential expressions outside a run.
const MOCK_NODE: INode = {
	id: 'rig-credential-mock',
	name: '',
	type: 'rig.credentialMock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const MOCK_NODE_TYPES = new RigNodeTypes([
	{
		description: {
			displayName: 'Credential mock',
			name: 'rig.credentialMock',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			properties: [],
		},
	},
]);

/**
 * What n8n's applyDefaultsAndOverwrites does, minus overwrites and external secrets:
 * the type's defaults are added, fields hidden by displayOptions dropped, and
 * expressions in the data resolved (within the run when one is given).
 */
export async function resolveCredentialData(
	additionalData: IWorkflowExecuteAdditionalData,
	properties: INodeProperties[],
	stored: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode,
	expressionResolveValues?: ICredentialsExpressionResolveValues,
): Promise<ICredentialDataDecryptedObject> {
	const withDefaults = NodeHelpers.getNodeParameters(
		properties,
		stored as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	if (stored.oauthTokenData !== undefined) withDefaults.oauthTokenData = stored.oauthTokenData;

	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	if (expressionResolveValues) {
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		return workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			runExecutionData,
			runIndex,
			itemIndex,
			node.name,
			connectionInputData,
			mode,
			additionalKeys,
			undefined,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}
	const workflow = new Workflow({
		nodes: [MOCK_NODE],
		connections: {},
		active: false,
		nodeTypes: MOCK_NODE_TYPES,
	});
	return await workflow.expression.withIsolate(
		async () =>
			workflow.expression.getComplexParameterValue(
				MOCK_NODE,
				withDefaults as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				withDefaults,
			) as ICredentialDataDecryptedObject,
	);
}
