/**
 * A tiny n8n community package written to a temp folder: one node, "E2E Probe", that answers with
 * the paths its `require` resolves for n8n's peer modules. Loaded beside our package, it proves
 * that nodes run inside the real server and use n8n's own n8n-workflow, luxon and zod.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.e2eProbe`;

const NODE_SOURCE = `
'use strict';
class E2eProbe {
  constructor() {
    this.description = {
      displayName: 'E2E Probe',
      name: 'e2eProbe',
      group: ['transform'],
      version: 1,
      description: 'Answers with where its peer modules resolve (end-to-end tests only)',
      defaults: { name: 'E2E Probe' },
      inputs: ['main'],
      outputs: ['main'],
      properties: [],
    };
  }
  async execute() {
    const items = this.getInputData();
    const resolved = {};
    for (const name of ['n8n-workflow', 'luxon', 'zod']) resolved[name] = require.resolve(name);
    return [items.map((item, index) => ({ json: { received: item.json.body ?? null, resolved }, pairedItem: { item: index } }))];
  }
}
module.exports = { E2eProbe };
`;

/** Writes the package (package.json + dist/) into a new temp folder and returns that folder. */
export function writeProbePackage(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-probe-pkg-'));
	fs.mkdirSync(path.join(dir, 'dist', 'nodes'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'E2eProbe.node.js'), NODE_SOURCE);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: PROBE_PACKAGE,
				version: '0.0.1',
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/E2eProbe.node.js'], credentials: [] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	return dir;
}

/** Webhook (production URL, answers with the last node's output) → E2E Probe. */
export function probeWorkflow(webhookPath: string) {
	return {
		name: 'E2E probe',
		nodes: [
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000002',
				name: 'Probe',
				type: PROBE_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
