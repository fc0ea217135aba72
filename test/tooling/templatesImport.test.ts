/**
 * Issue #15: the templates import cleanly by the editor's *Import from File* as well as by
 * `n8n import:workflow`, and twice. What n8n 2.41.1 does with a file (its sources, read for this):
 *
 * - editor, *Import from File* (editor-ui useCanvasOperations.importWorkflowData): takes nodes,
 *   connections, pin data, name and tags into the open workflow; ignores the file's `id` and
 *   `settings`; a node's `webhookId` is kept (renewed only for n8n's Form Trigger), and a webhook node
 *   without one gets a fresh UUID (resolveNodeWebhook).
 * - CLI, `n8n import:workflow` (cli commands/import/workflow.ts, services/import.service.ts): keeps
 *   `id` (an existing workflow with that id is overwritten and unpublished), `settings` and every
 *   `webhookId`; a trigger without `webhookId` gets the path `<workflowId>/<node name>/<path>`
 *   (n8n-workflow getNodeWebhookPath).
 *
 *   A single file without `id` is refused ("NOT NULL constraint failed: workflow_entity.id"); only
 *   `--separate --input=<folder>` makes up an id for such a file.
 *
 * So: each template carries its own id (the CLI imports it, and again replaces that one workflow), no
 * webhookId, and says in its first sticky note how to choose the error workflow after *Import from File*.
 * The real-n8n side: test/e2e/templateImport.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	assignWebhookIds,
	BDR_EVENT_TRIGGER_TYPE,
	defaultWebhookId,
	isErrorWorkflow,
	TEMPLATE_WEBHOOK_IDS,
	webhookIdsOf,
} from '../../tools/n8n/templates';

const dir = join(__dirname, '..', '..', 'workflows');
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.sort();
const shipped = files.map((file) => ({
	file,
	json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, any>,
}));
const byFile = (file: string) => shipped.find((t) => t.file === file)!.json;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('shipped templates: nothing that collides or dangles on a second import', () => {
	it.each(files)('%s: no node carries a webhookId (n8n gives each import its own URL)', (file) => {
		expect(webhookIdsOf(byFile(file))).toEqual([]);
	});

	it('every template carries its own id, as n8n writes them (16 letters or digits): n8n import:workflow --input=<file> needs one', () => {
		// n8n 2.41.1 refuses a single file without id: "SQLITE_CONSTRAINT: NOT NULL constraint failed: workflow_entity.id"
		const ids = shipped.map(({ json }) => json.id);
		for (const [i, id] of ids.entries())
			expect([files[i], id]).toEqual([files[i], expect.stringMatching(/^[A-Za-z0-9]{16}$/)]);
		expect(new Set(ids).size).toBe(ids.length);
	});

	const linked = shipped.filter(({ json }) => json.settings?.errorWorkflow !== undefined);

	it('every errorWorkflow named is the id of a shipped error workflow', () => {
		const errorIds = shipped.filter(({ json }) => isErrorWorkflow(json)).map(({ json }) => json.id);
		expect(errorIds).toHaveLength(1);
		expect(linked.length).toBeGreaterThan(0);
		for (const { file, json } of linked)
			expect([file, json.settings.errorWorkflow]).toEqual([file, errorIds[0]]);
	});

	it.each(linked.map((t) => t.file))(
		'%s: its first sticky note says how to choose the error workflow after Import from File',
		(file) => {
			const json = byFile(file);
			const health = shipped.find((t) => isErrorWorkflow(t.json))!.json;
			const about = json.nodes.find((n: any) => n.type === 'n8n-nodes-base.stickyNote');
			const text: string = about?.parameters?.content ?? '';
			expect(text).toMatch(/Import from File/);
			expect(text).toContain('Workflow settings → Error workflow');
			expect(text).toContain(health.name);
		},
	);

	it('the demo webhook ids name shipped templates that have a BDR Event Trigger, and each such template has one', () => {
		const withTrigger = shipped
			.filter(({ json }) => json.nodes.some((n: any) => n.type === BDR_EVENT_TRIGGER_TYPE))
			.map(({ json }) => json.name);
		expect(Object.keys(TEMPLATE_WEBHOOK_IDS).sort()).toEqual(withTrigger.sort());
		expect(new Set(Object.values(TEMPLATE_WEBHOOK_IDS)).size).toBe(withTrigger.length);
	});
});

describe("assignWebhookIds (the tools' importer)", () => {
	const ticketing = byFile('bdr-ticketing.json');
	const trigger = (json: Record<string, any>) =>
		json.nodes.find((n: any) => n.type === BDR_EVENT_TRIGGER_TYPE);

	it('the same template imported twice gets two webhook ids: the demo id, then a fresh UUID', () => {
		const taken = new Set<string>();
		const first = assignWebhookIds(ticketing, taken);
		const second = assignWebhookIds(ticketing, taken);
		expect(trigger(first.json).webhookId).toBe('bdr-ticketing');
		expect(first.webhookIds).toEqual({ 'BDR Event Trigger': 'bdr-ticketing' });
		expect(trigger(second.json).webhookId).toMatch(UUID);
		expect(taken).toEqual(new Set(['bdr-ticketing', trigger(second.json).webhookId]));
		expect(trigger(ticketing).webhookId).toBeUndefined(); // the caller's object is not changed
	});

	it('every import of every shipped template gets an id no other workflow uses', () => {
		const taken = new Set<string>(['bdr-billing']); // e.g. left by an earlier run in a reused user folder
		const ids = [...shipped, ...shipped, ...shipped].flatMap(({ json }) =>
			Object.values(assignWebhookIds(json, taken).webhookIds),
		);
		expect(ids.length).toBe(3 * Object.keys(TEMPLATE_WEBHOOK_IDS).length);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).not.toContain('bdr-billing');
	});

	it('keeps an id the caller gave when it is free, replaces it when another workflow uses it', () => {
		const own = {
			name: 'variant',
			nodes: [{ name: 'T', type: BDR_EVENT_TRIGGER_TYPE, webhookId: 'mine' }],
		};
		const taken = new Set<string>();
		expect(assignWebhookIds(own, taken).webhookIds).toEqual({ T: 'mine' });
		expect(assignWebhookIds(own, taken).webhookIds).toEqual({ T: 'variant' }); // 'mine' is taken: the name's slug
		expect(assignWebhookIds(own, taken).webhookIds.T).toMatch(UUID);
	});

	it("two triggers in one workflow get two ids; other nodes (n8n's Webhook node: its path is its URL) are left alone", () => {
		const wf = {
			name: 'Two triggers',
			nodes: [
				{ name: 'A', type: BDR_EVENT_TRIGGER_TYPE },
				{ name: 'B', type: BDR_EVENT_TRIGGER_TYPE },
				{ name: 'W', type: 'n8n-nodes-base.webhook', webhookId: 'w', parameters: { path: 'w' } },
			],
		};
		const taken = new Set<string>(['w']);
		const { json, webhookIds } = assignWebhookIds(wf, taken);
		expect(webhookIds.A).toBe('two-triggers');
		expect(webhookIds.B).toMatch(UUID);
		expect(json.nodes[2]).toEqual(wf.nodes[2]);
	});

	it('defaultWebhookId: the demo id of a shipped template, else the slug of the name', () => {
		expect(defaultWebhookId(ticketing)).toBe('bdr-ticketing');
		expect(defaultWebhookId(byFile('bdr-billing.json'))).toBe('bdr-billing');
		expect(defaultWebhookId({ name: 'BDR alerts (wrong secret)' })).toBe('bdr-alerts-wrong-secret');
		expect(defaultWebhookId({ name: '→' })).toBe('workflow-webhook');
	});
});
