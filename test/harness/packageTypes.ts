/**
 * Discovers this package's node and credential types from source (ts-jest compiles
 * them on require), the way n8n's loader finds them in dist/ from package.json.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-bdr-autotask';
const ROOT = resolve(__dirname, '..', '..');

function isNodeType(value: unknown): value is INodeType | IVersionedNodeType {
	const description = (value as { description?: { name?: unknown } } | undefined)?.description;
	return typeof description?.name === 'string';
}

function isCredentialType(value: unknown): value is ICredentialType {
	const v = value as Partial<ICredentialType> | undefined;
	return typeof v?.name === 'string' && Array.isArray(v.properties);
}

/** Instantiates every exported class of a module that passes `accept`. */
function instancesOf<T>(file: string, accept: (v: unknown) => v is T): T[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(file) as Record<string, unknown>;
	const found: T[] = [];
	for (const value of Object.values(exported)) {
		if (typeof value !== 'function') continue;
		let instance: unknown;
		try {
			instance = new (value as new () => unknown)();
		} catch {
			continue; // not a zero-argument class: not a node or credential type
		}
		if (accept(instance)) found.push(instance);
	}
	return found;
}

/** `nodes/<Dir>/<Name>.node.ts` → map of `n8n-nodes-bdr-autotask.<description.name>`. */
export function loadPackageNodeTypes(root = ROOT): Map<string, INodeType | IVersionedNodeType> {
	const types = new Map<string, INodeType | IVersionedNodeType>();
	const nodesDir = join(root, 'nodes');
	if (!existsSync(nodesDir)) return types;
	for (const dir of readdirSync(nodesDir, { withFileTypes: true })) {
		if (!dir.isDirectory()) continue;
		for (const file of readdirSync(join(nodesDir, dir.name))) {
			if (!file.endsWith('.node.ts')) continue;
			for (const nodeType of instancesOf(join(nodesDir, dir.name, file), isNodeType)) {
				types.set(`${PACKAGE_NAME}.${nodeType.description.name}`, nodeType);
			}
		}
	}
	return types;
}

/** `credentials/*.credentials.ts` → map by credential type name. */
export function loadPackageCredentialTypes(root = ROOT): Map<string, ICredentialType> {
	const types = new Map<string, ICredentialType>();
	const dir = join(root, 'credentials');
	if (!existsSync(dir)) return types;
	for (const file of readdirSync(dir)) {
		if (!file.endsWith('.credentials.ts')) continue;
		for (const credentialType of instancesOf(join(dir, file), isCredentialType)) {
			types.set(credentialType.name, credentialType);
		}
	}
	return types;
}
