import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from './index';
import { HarnessNodeTypes } from './nodeTypes';
import { buildWorkflow } from './runWorkflow';

const dir = join(__dirname, '..', '..', 'workflows');
const templates = readdirSync(dir).filter((file) => file.endsWith('.json'));

describe('shipped templates in the harness', () => {
	it('finds the templates in workflows/', () => {
		expect(templates.length).toBeGreaterThan(0);
	});

	it.each(templates)('%s: every node type is registered (our nodes or a core stand-in)', (file) => {
		const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson;
		const nodeTypes = new HarnessNodeTypes();
		const unknown = json.nodes.filter((node) => {
			try {
				nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
				return false;
			} catch {
				return true;
			}
		});
		expect(unknown.map((node) => node.type)).toEqual([]);
		expect(() => buildWorkflow(json, {})).not.toThrow();
	});
});
