/**
 * Issue #15: every node is ready for its first breaking change the way n8n's own nodes are: the
 * versions it runs are a list (`version: [1]`), the editor adds new nodes at `defaultVersion`, and a
 * workflow saved at an older version keeps running that version. A template must use a version
 * its node still runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeTypeDescription } from 'n8n-workflow';

import { loadPackageNodeTypes, PACKAGE_NAME } from '../harness/packageTypes';

const ROOT = join(__dirname, '..', '..');
const descriptions = [...loadPackageNodeTypes().values()].map(
	(t) => t.description as INodeTypeDescription,
);

describe('node versions', () => {
	it.each(descriptions.map((d) => [d.displayName, d]))(
		'%s lists its versions and adds new nodes at the newest',
		(_name, d) => {
			const description = d as INodeTypeDescription;
			expect(Array.isArray(description.version)).toBe(true);
			const versions = description.version as number[];
			expect(versions).toContain(1);
			expect([...versions].sort((a, b) => a - b)).toEqual(versions);
			expect(description.defaultVersion).toBe(Math.max(...versions));
		},
	);

	it('every template uses a version its node runs', () => {
		const versionsOf = new Map(
			descriptions.map((d) => [`${PACKAGE_NAME}.${d.name}`, d.version as number[]]),
		);
		const files = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
		let checked = 0;
		for (const file of files) {
			const workflow = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as {
				nodes: Array<{ name: string; type: string; typeVersion: number }>;
			};
			for (const node of workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
				expect([file, node.name, versionsOf.get(node.type)?.includes(node.typeVersion)]).toEqual([
					file,
					node.name,
					true,
				]);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(files.length);
	});
});
