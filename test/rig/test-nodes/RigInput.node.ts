import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';

export const RIG_INPUT_TYPE = 'rig.input';

/** Accepts plain JSON objects or ready INodeExecutionData (anything with a `json` object). */
export function toExecutionData(items: Array<IDataObject | INodeExecutionData>): INodeExecutionData[] {
	return items.map((item) =>
		typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json)
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

/**
 * Start node of every rig run: emits the items held in its `items` parameter, so the
 * node under test gets real input. The items travel as a JSON string so that values
 * beginning with '=' are not mistaken for expressions.
 */
export class RigInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Rig Input',
		name: RIG_INPUT_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameter',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[{}]',
				description: 'JSON array of plain objects or of {json, binary?, pairedItem?} items',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const parsed = typeof raw === 'string' ? jsonParse<unknown>(raw) : raw;
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Rig Input: `items` must be a JSON array');
		}
		const items = toExecutionData(parsed as IDataObject[]);
		return [items.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: 0 } }))];
	}
}
