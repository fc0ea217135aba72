// n8n's UX rules for verified community nodes, held for every node of the package:
// the node panel finds every node by "Autotask", "Axcient", "backup" or "BDR" (it matches
// displayName and the codex alias), each codex links the credential's documentation,
// placeholders that show an example start with "e.g.", and action names carry no article.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodeType,
} from 'n8n-workflow';

import {
	loadPackageCredentialTypes,
	loadPackageNodeTypes,
	PACKAGE_NAME,
} from '../harness/packageTypes';

const ROOT = join(__dirname, '..', '..');
const SEARCH_WORDS = ['Autotask', 'Axcient', 'backup', 'BDR'];

type Codex = { node: string; alias?: string[]; resources?: Record<string, Array<{ url: string }>> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};
// dist/nodes/X/Y.node.js → nodes/X/Y
const nodeSources = pkg.n8n.nodes.map((path) =>
	path.replace(/^dist\//, '').replace(/\.node\.js$/, ''),
);
const nodeTypes = [...loadPackageNodeTypes().values()] as INodeType[];

// Placeholders in files this change must not touch (other work in progress); each must
// be fixed where it lives, then removed from this list (the last test insists).
const PENDING_PLACEHOLDERS: string[] = [];

/** Placeholders of fields where the user types a value (button labels of collections excluded). */
function valuePlaceholders(
	props: Array<INodeProperties | INodePropertyCollection>,
	prefix = '',
): Array<[string, string]> {
	const found: Array<[string, string]> = [];
	for (const prop of props) {
		const name = prefix + prop.name;
		if ('type' in prop) {
			const isButton = prop.type === 'collection' || prop.type === 'fixedCollection';
			if (prop.placeholder !== undefined && !isButton && prop.type !== 'resourceLocator')
				found.push([name, String(prop.placeholder)]);
			for (const mode of prop.modes ?? []) {
				if (mode.placeholder !== undefined && mode.type !== 'list')
					found.push([`${name}.${mode.name}`, mode.placeholder]);
			}
		}
		for (const option of (prop as { options?: unknown[] }).options ?? []) {
			const o = option as INodeProperties | INodePropertyCollection;
			if ('values' in o && Array.isArray(o.values))
				found.push(...valuePlaceholders(o.values, `${name}.${o.name}.`));
			else if ('type' in o) found.push(...valuePlaceholders([o], `${name}.`));
		}
	}
	return found;
}

function offendingPlaceholders(): string[] {
	const offenders: string[] = [];
	const owners: Array<[string, INodeProperties[]]> = [
		...nodeTypes.map((t): [string, INodeProperties[]] => [
			t.description.name,
			t.description.properties,
		]),
		...[...loadPackageCredentialTypes().values()].map(
			(c: ICredentialType): [string, INodeProperties[]] => [c.name, c.properties],
		),
	];
	for (const [owner, properties] of owners) {
		for (const [name, placeholder] of valuePlaceholders(properties)) {
			if (!placeholder.startsWith('e.g. '))
				offenders.push(`${owner}: ${name} = ${JSON.stringify(placeholder)}`);
		}
	}
	return [...new Set(offenders)];
}

describe('node panel search and codex', () => {
	it('every node of package.json has a codex naming it', () => {
		expect(nodeSources.length).toBe(nodeTypes.length);
		for (const source of nodeSources) {
			const file = join(ROOT, `${source}.node.json`);
			expect(existsSync(file)).toBe(true);
			const codex = JSON.parse(readFileSync(file, 'utf8')) as Codex;
			expect(nodeTypes.map((t) => `${PACKAGE_NAME}.${t.description.name}`)).toContain(codex.node);
		}
	});

	it.each(nodeSources)('%s: searching Autotask, Axcient, backup or BDR finds it', (source) => {
		const codex = JSON.parse(readFileSync(join(ROOT, `${source}.node.json`), 'utf8')) as Codex;
		const alias = (codex.alias ?? []).map((a) => a.toLowerCase());
		// The Datto BCDR source is not an Axcient product: it answers to "Datto" instead of "Axcient".
		const words = source.includes('DattoBcdr')
			? SEARCH_WORDS.map((w) => (w === 'Axcient' ? 'Datto' : w))
			: SEARCH_WORDS;
		for (const word of words) expect(alias).toContain(word.toLowerCase());
	});

	it.each(nodeSources)('%s: codex links primary and credential documentation', (source) => {
		const codex = JSON.parse(readFileSync(join(ROOT, `${source}.node.json`), 'utf8')) as Codex;
		for (const kind of ['primaryDocumentation', 'credentialDocumentation']) {
			const links = codex.resources?.[kind] ?? [];
			expect(links.length).toBeGreaterThan(0);
			for (const { url } of links)
				expect(url).toMatch(/^https:\/\/github\.com\/bdr-autotask\/n8n-nodes-bdr-autotask[#/]/);
		}
	});

	it('README anchors the credential links point at exist', () => {
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		for (const source of nodeSources) {
			const codex = JSON.parse(readFileSync(join(ROOT, `${source}.node.json`), 'utf8')) as Codex;
			for (const { url } of codex.resources?.credentialDocumentation ?? []) {
				const anchor = /n8n-nodes-bdr-autotask#(.+)$/.exec(url)?.[1];
				if (anchor) expect(readme).toContain(`id="${anchor}"`);
			}
		}
	});
});

describe('UX text', () => {
	it('placeholders that show an example start with "e.g."', () => {
		expect(offendingPlaceholders().filter((o) => !PENDING_PLACEHOLDERS.includes(o))).toEqual([]);
	});

	it('the pending list names only placeholders still lacking "e.g." (remove entries once fixed)', () => {
		const offenders = offendingPlaceholders();
		expect(PENDING_PLACEHOLDERS.filter((p) => !offenders.includes(p))).toEqual([]);
	});

	it('action names carry no article', () => {
		const actions = nodeTypes.flatMap((t) =>
			t.description.properties.flatMap((p) =>
				((p.options ?? []) as Array<{ action?: string }>)
					.map((o) => o.action)
					.filter((a): a is string => !!a),
			),
		);
		expect(actions.length).toBeGreaterThan(0);
		expect(actions.filter((a) => /\b(a|an|the)\b/i.test(a))).toEqual([]);
	});
});
