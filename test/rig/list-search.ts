import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import type { TriggerOptions } from './trigger-workflow';
import { buildTriggerWorkflow } from './trigger-workflow';

/**
 * Calls a node's `methods.listSearch` / `methods.loadOptions` method through n8n-core's
 * LoadOptionsContext, as n8n's server does when the editor opens a picker. Without credential data
 * in `credentials` the node has no credential chosen, as in the editor before one is picked.
 */
export async function runListSearch(
	options: TriggerOptions & { method: string; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { workflow, node, additionalData } = buildTriggerWorkflow(options);
	// The editor sends the node's current parameters, defaults filled in, with the request (getCurrentNodeParameter reads them).
	additionalData.currentNodeParameters = workflow.nodes[node.name].parameters;
	const method = (options.nodeType as INodeType).methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`No listSearch method "${options.method}"`);
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.account');
	return await method.call(context, options.filter, options.paginationToken);
}

export async function runLoadOptions(options: TriggerOptions & { method: string }): Promise<INodePropertyOptions[]> {
	const { workflow, node, additionalData } = buildTriggerWorkflow(options);
	const method = (options.nodeType as INodeType).methods?.loadOptions?.[options.method];
	if (!method) throw new UnexpectedError(`No loadOptions method "${options.method}"`);
	return await method.call(new LoadOptionsContext(workflow, node, additionalData, 'parameters.currency'));
}
