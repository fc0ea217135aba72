/** tools/n8n/templates.ts: error workflows are created first and the others point at n8n's id for them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	canActivate,
	importTemplates,
	isErrorWorkflow,
	linkErrorWorkflow,
	missingCredentials,
} from '../../tools/n8n/templates';

const dir = join(__dirname, '..', '..', 'workflows');
const shipped = readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

/** Stands in for a running n8n: hands out ids in creation order and records what it was given. */
function fakeServer() {
	const created: Array<{ id: string; json: Record<string, any>; activate: boolean }> = [];
	return {
		created,
		async importWorkflow(json: Record<string, any>, activate = true) {
			const id = `n8n-${created.length + 1}`;
			created.push({ id, json, activate });
			return { id, name: json.name, active: activate, versionId: `v${id}` };
		},
	};
}

describe('importTemplates', () => {
	it('creates the connector-health workflow first and links every shipped template to its new id', async () => {
		const server = fakeServer();
		const health = shipped.find(isErrorWorkflow)!;
		const result = await importTemplates(server, shipped);
		expect(server.created[0].json.name).toBe(health.name);
		const healthId = result.byName(health.name).id;
		expect(result.idsByTemplateId).toEqual({ [health.id]: healthId });
		const others = server.created.slice(1);
		expect(others).toHaveLength(shipped.length - 1);
		for (const { json } of others)
			expect([json.name, json.settings.errorWorkflow]).toEqual([json.name, healthId]);
		expect(result.workflows.map((w) => w.name)).toEqual(shipped.map((w) => w.name));
		// every template n8n can activate is activated; the hand-started ones (onboarding) are not
		const manualOnly = (json: Record<string, any>) =>
			!json.nodes.some(
				(n: any) => /trigger$/i.test(n.type) && n.type !== 'n8n-nodes-base.manualTrigger',
			);
		for (const c of server.created)
			expect([c.json.name, c.activate]).toEqual([c.json.name, !manualOnly(c.json)]);
	});

	it('never asks n8n to activate a workflow started only by hand (n8n answers 400 "no trigger node")', () => {
		expect(
			canActivate({
				nodes: [
					{ type: 'n8n-nodes-base.manualTrigger' },
					{ type: 'n8n-nodes-bdr-autotask.bdrMapCustomer' },
				],
			}),
		).toBe(false);
		expect(
			canActivate({ nodes: [{ type: 'n8n-nodes-base.scheduleTrigger', disabled: true }] }),
		).toBe(false);
		expect(canActivate({ nodes: [{ type: 'n8n-nodes-base.scheduleTrigger' }] })).toBe(true);
		expect(canActivate({ nodes: [{ type: 'n8n-nodes-bdr-autotask.bdrEventTrigger' }] })).toBe(true);
		expect(canActivate({ nodes: [{ type: 'n8n-nodes-base.errorTrigger' }] })).toBe(true);
	});

	it("leaves an error workflow it did not import, and the caller's objects, unchanged", () => {
		const wf = { name: 'x', nodes: [], settings: { errorWorkflow: 'elsewhere' } };
		expect(linkErrorWorkflow(wf, { other: '1' }).settings.errorWorkflow).toBe('elsewhere');
		const linked = linkErrorWorkflow(
			{ ...wf, settings: { errorWorkflow: 'other' } },
			{ other: '9' },
		);
		expect(linked.settings.errorWorkflow).toBe('9');
		expect(wf.settings.errorWorkflow).toBe('elsewhere');
	});

	it('names a workflow it does not know in the error of byName', async () => {
		const result = await importTemplates(fakeServer(), [{ name: 'only', nodes: [] }]);
		expect(() => result.byName('missing')).toThrow(
			/no imported workflow named "missing" \(have: only\)/,
		);
	});
});

describe('missingCredentials', () => {
	it('names the credentials a workflow uses that n8n was not given, ignoring references already linked by id', () => {
		const wf = {
			nodes: [
				{ type: 'a', credentials: { bdrDattoBcdrApi: { id: '', name: 'Datto BCDR (stand-in)' } } },
				{ type: 'b', credentials: { bdrAutotaskApi: { id: '', name: 'Autotask API' } } },
				{
					type: 'c',
					credentials: { bdrAutotaskApi: { id: '42', name: 'Autotask API (wrong secret)' } },
				},
			],
		};
		expect(missingCredentials(wf, ['Autotask API'])).toEqual(['Datto BCDR (stand-in)']);
		expect(missingCredentials(wf, ['Autotask API', 'Datto BCDR (stand-in)'])).toEqual([]);
	});
});
