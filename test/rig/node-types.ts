import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** INodeTypes over node class instances, keyed by `description.name` (or an alias). */
export class RigNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(nodeTypes: AnyNodeType[] = []) {
		for (const nodeType of nodeTypes) this.add(nodeType);
	}

	/** `name` lets a test register a type under its package-prefixed name too. */
	add(nodeType: AnyNodeType, name = nodeType.description.name): this {
		this.types.set(name, nodeType);
		return this;
	}

	has(name: string): boolean {
		return this.types.has(name);
	}

	names(): string[] {
		return [...this.types.keys()];
	}

	getByName(name: string): AnyNodeType {
		const nodeType = this.types.get(name);
		if (!nodeType) {
			throw new UnexpectedError(
				`Unknown node type "${name}" (the rig knows: ${this.names().join(', ') || 'none'})`,
			);
		}
		return nodeType;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
