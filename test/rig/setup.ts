import { randomBytes } from 'node:crypto';
import type {
	ICredentialType,
	INode,
	INodeCredentials,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { isNodeClassInstance } from 'n8n-workflow';

import { RigCredentialTypes } from './credential-types';
import type { CredentialsMap } from './credentials-helper';
import { RigCredentialsHelper } from './credentials-helper';
import type { AnyNodeType } from './node-types';
import { RigNodeTypes } from './node-types';
import { RIG_HTTP_PROBE_TYPE, RIG_INPUT_TYPE, RigHttpProbe, RigInput } from './test-nodes';

/** What every runner accepts to build its node and credential registries. */
export interface RigSetupOptions {
	/** Node class instances (or a ready registry); rig.input and rig.httpProbe are added. */
	nodeTypes?: AnyNodeType[] | RigNodeTypes;
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type name. */
	credentials?: CredentialsMap;
	executionId?: string;
	workflowId?: string;
}

export interface RigSetup {
	nodeTypes: RigNodeTypes;
	credentialTypes: RigCredentialTypes;
	credentialsHelper: RigCredentialsHelper;
	executionId: string;
	workflowId: string;
}

let counter = 0;

export function createRigSetup(options: RigSetupOptions): RigSetup {
	const credentialTypes = new RigCredentialTypes(options.credentialTypes ?? []);
	const nodeTypes = buildNodeTypes(options.nodeTypes, credentialTypes.names());
	counter += 1;
	return {
		nodeTypes,
		credentialTypes,
		// Copy so a run's credential writes (token refresh) do not leak into the caller's object.
		credentialsHelper: new RigCredentialsHelper(credentialTypes, { ...(options.credentials ?? {}) }),
		executionId: options.executionId ?? `rig-${counter}-${randomBytes(3).toString('hex')}`,
		workflowId: options.workflowId ?? 'rig-workflow',
	};
}

/** The given registry (or a new one) plus the rig's own node types. */
export function buildNodeTypes(
	given: AnyNodeType[] | RigNodeTypes | undefined,
	credentialTypeNames: string[],
): RigNodeTypes {
	const nodeTypes = given instanceof RigNodeTypes ? given : new RigNodeTypes(given ?? []);
	if (!nodeTypes.has(RIG_INPUT_TYPE)) nodeTypes.add(new RigInput());
	if (!nodeTypes.has(RIG_HTTP_PROBE_TYPE)) nodeTypes.add(new RigHttpProbe(credentialTypeNames));
	return nodeTypes;
}

/** The version n8n gives a new node of this type: the highest (or versioned default). */
export function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) return (nodeType as IVersionedNodeType).currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Tests rarely care about credential ids: when a node sets none, link every
 * credential its type declares for which the run has data (as if the user picked it).
 */
export function defaultNodeCredentials(
	node: Pick<INode, 'type' | 'typeVersion'>,
	setup: RigSetup,
	available: CredentialsMap,
): INodeCredentials | undefined {
	const declared = setup.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description
		.credentials;
	const linked = (declared ?? []).filter((c) => available[c.name] !== undefined);
	if (linked.length === 0) return undefined;
	return Object.fromEntries(linked.map((c) => [c.name, { id: `rig-${c.name}`, name: `${c.name} (rig)` }]));
}

/**
 * Wraps `execute` so the error a node throws is kept as the instance (WorkflowExecute
 * only stores a spread copy in runData, which loses the class and `cause`). The node
 * still runs with the same context and the error is rethrown unchanged.
 */
export function captureNodeErrors(
	inner: INodeTypes,
	onError: (nodeName: string, error: unknown) => void,
): INodeTypes {
	const wrapped = new WeakMap<INodeType, INodeType>();
	return {
		getByName: (name) => inner.getByName(name),
		getKnownTypes: () => inner.getKnownTypes(),
		getByNameAndVersion(name, version) {
			const type = inner.getByNameAndVersion(name, version);
			const execute = type.execute;
			if (!execute) return type;
			let proxy = wrapped.get(type);
			if (!proxy) {
				const classStyle = isNodeClassInstance(type);
				proxy = Object.create(type) as INodeType;
				proxy.execute = async function (this: unknown, ...args: unknown[]) {
					const context = (classStyle ? args[0] : this) as { getNode(): INode };
					try {
						return await (execute as (...a: unknown[]) => Promise<never>).apply(
							classStyle ? type : this,
							args,
						);
					} catch (error) {
						onError(context.getNode().name, error);
						throw error;
					}
				};
				wrapped.set(type, proxy);
			}
			return proxy;
		},
	};
}
