/** The node-type registry a harness `Workflow` runs over: our nodes, core stand-ins, test extras. */
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { coreNodeStandIns } from './coreNodeStandIns';
import { loadPackageNodeTypes } from './packageTypes';

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

let packageTypes: Map<string, INodeType | IVersionedNodeType> | undefined;

export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Map<string, INodeType | IVersionedNodeType>;

	constructor(extra: NodeTypeMap = {}) {
		packageTypes ??= loadPackageNodeTypes();
		this.types = new Map([
			...Object.entries(coreNodeStandIns),
			...packageTypes,
			...Object.entries(extra),
		]);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types.get(nodeType);
		if (!found) {
			throw new Error(
				`Unknown node type "${nodeType}". Known: ${[...this.types.keys()].join(', ')}. ` +
					'Add a stand-in to test/harness/coreNodeStandIns.ts or pass it in options.nodeTypes.',
			);
		}
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, {}]));
	}
}
