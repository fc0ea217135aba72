/**
 * Imports the shipped templates into a running n8n through its REST API (what `npm start` and the
 * real-n8n tests do), the way n8n's own two import paths treat them:
 *
 * - **Error-workflow link.** The templates name the connector-health workflow in
 *   `settings.errorWorkflow` by the id written in its file (`"id": "bdrConnectorHlth"`).
 *   `n8n import:workflow --input=<file>` keeps a file's `id` and `settings`, so there the link holds as
 *   shipped. The editor's *Import from File* takes only nodes, connections, pin data, name and tags
 *   into the open workflow: no `id`, no `settings`, so no error workflow at all (each template's
 *   "About" sticky note says to choose it in *Workflow settings*). Created through the REST API a
 *   workflow gets a fresh id, so the error-trigger workflows are created first and every other
 *   workflow's `settings.errorWorkflow` is rewritten from the template id to the id n8n gave.
 * - **Ids.** Each template carries its own workflow id: `n8n import:workflow --input=<file>` refuses a
 *   file without one (n8n 2.41.1: "NOT NULL constraint failed: workflow_entity.id") and replaces the
 *   workflow of that id on a second import. The REST API ignores it (`N8nRestClient.importWorkflow`).
 * - **Webhook ids.** The templates carry no `webhookId`: on *Import from File* the editor gives a
 *   webhook node without one a fresh UUID (it renews an existing one only for n8n's Form Trigger), and
 *   after `n8n import:workflow` n8n builds the path from the workflow's own id. Either way two copies
 *   have two URLs. Here `assignWebhookIds` gives each BDR Event Trigger an id no other workflow on the
 *   server uses: the stable demo id of a shipped template (`/webhook/bdr-ticketing/…`) the first
 *   time, a fresh UUID after that.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import type { ImportedWorkflow, N8nServer } from './server';

export const ERROR_TRIGGER_TYPE = 'n8n-nodes-base.errorTrigger';
export const BDR_EVENT_TRIGGER_TYPE = 'n8n-nodes-bdr-autotask.bdrEventTrigger';

/**
 * Node types given a unique webhook id on import: our trigger, whose production URL n8n builds from
 * the node's `webhookId` (`/webhook/<webhookId>/bdr-events`). n8n's Webhook node is left alone: its
 * URL is its `path` parameter, which the caller chooses.
 */
export const WEBHOOK_NODE_TYPES: ReadonlySet<string> = new Set([BDR_EVENT_TRIGGER_TYPE]);

/**
 * The webhook id the tools give a shipped template's trigger on its first import, so the demo's and
 * the tests' URLs stay readable (`/webhook/bdr-ticketing/bdr-events`). Keyed by the template's name;
 * any other workflow gets the slug of its name (`defaultWebhookId`).
 */
export const TEMPLATE_WEBHOOK_IDS: Readonly<Record<string, string>> = Object.freeze({
	'BDR alerts → Autotask tickets': 'bdr-ticketing',
	'BDR usage → Autotask contract billing': 'bdr-billing',
});

type WorkflowJson = Record<string, any>;

export function readWorkflow(workflow: WorkflowJson | string): WorkflowJson {
	return typeof workflow === 'string'
		? JSON.parse(fs.readFileSync(workflow, 'utf8'))
		: structuredClone(workflow);
}

export function isErrorWorkflow(json: WorkflowJson): boolean {
	return (json.nodes ?? []).some((node: { type?: string }) => node.type === ERROR_TRIGGER_TYPE);
}

/**
 * Whether n8n can activate the workflow: it needs a trigger that runs by itself (schedule, webhook,
 * error trigger, our BDR Event Trigger); a workflow started only by hand (an onboarding template)
 * is imported inactive, as n8n refuses to activate it.
 */
export function canActivate(json: WorkflowJson): boolean {
	return (json.nodes ?? []).some(
		(node: { type?: string; disabled?: boolean }) =>
			!node.disabled &&
			node.type !== 'n8n-nodes-base.manualTrigger' &&
			(/trigger$/i.test(node.type ?? '') || node.type === 'n8n-nodes-base.webhook'),
	);
}

/** Credential names the workflow's nodes use that are not among `available` (n8n refuses to activate it then). */
export function missingCredentials(json: WorkflowJson, available: Iterable<string>): string[] {
	const have = new Set(available);
	// a reference that already carries an id was linked by the caller
	const named = (json.nodes ?? []).flatMap(
		(node: { credentials?: Record<string, { id?: string; name?: string }> }) =>
			Object.values(node.credentials ?? {}).map((c) => (c?.id ? '' : (c?.name ?? ''))),
	);
	return [...new Set(named.filter((name: string) => name && !have.has(name)))] as string[];
}

/** A copy whose `settings.errorWorkflow` points at n8n's id for the template id it names (unchanged when unknown). */
export function linkErrorWorkflow(
	json: WorkflowJson,
	idsByTemplateId: Record<string, string>,
): WorkflowJson {
	const copy = structuredClone(json);
	const named = copy.settings?.errorWorkflow;
	if (typeof named === 'string' && idsByTemplateId[named])
		copy.settings = { ...copy.settings, errorWorkflow: idsByTemplateId[named] };
	return copy;
}

/** The webhook id a workflow's first webhook node gets on its first import through the tools when it has none. */
export function defaultWebhookId(json: WorkflowJson): string {
	const name = String(json.name ?? '');
	const slug = name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return TEMPLATE_WEBHOOK_IDS[name] ?? (slug || 'workflow-webhook');
}

/** The `webhookId`s a workflow's nodes carry. */
export function webhookIdsOf(json: WorkflowJson): string[] {
	return (json.nodes ?? [])
		.map((node: { webhookId?: unknown }) => node.webhookId)
		.filter((id: unknown): id is string => typeof id === 'string' && id !== '');
}

/**
 * A copy in which every webhook node (`WEBHOOK_NODE_TYPES`) has a webhook id that no workflow in
 * `taken` uses and no other node of this one: its own when free, else (none, or taken) the
 * workflow's `defaultWebhookId` when free, else a fresh UUID. The ids given are added to `taken`.
 * Two imports of one template thus get two URLs, as n8n's editor gives them on *Import from File*.
 */
export function assignWebhookIds(
	json: WorkflowJson,
	taken: Set<string>,
): { json: WorkflowJson; webhookIds: Record<string, string> } {
	const copy = readWorkflow(json);
	const webhookIds: Record<string, string> = {};
	for (const node of copy.nodes ?? []) {
		if (!WEBHOOK_NODE_TYPES.has(node.type)) continue;
		const candidates = [node.webhookId, defaultWebhookId(copy)].filter(
			(id): id is string => typeof id === 'string' && id !== '',
		);
		const id = candidates.find((c) => !taken.has(c)) ?? randomUUID();
		node.webhookId = id;
		taken.add(id);
		webhookIds[node.name] = id;
	}
	return { json: copy, webhookIds };
}

export interface ImportedTemplates {
	/** In the order given. */
	workflows: ImportedWorkflow[];
	/** Template id (from the file) → n8n's id, for the error workflows. */
	idsByTemplateId: Record<string, string>;
	byName(name: string): ImportedWorkflow;
}

/**
 * Creates (and activates, unless `activate` is false or n8n cannot: `canActivate`) the workflows: error-trigger workflows first,
 * then the rest linked to them. An error workflow must be active: n8n 2.x runs only its published version.
 */
export async function importTemplates(
	server: Pick<N8nServer, 'importWorkflow'>,
	workflows: Array<WorkflowJson | string>,
	activate = true,
): Promise<ImportedTemplates> {
	const jsons = workflows.map(readWorkflow);
	const results = new Array<ImportedWorkflow>(jsons.length);
	const idsByTemplateId: Record<string, string> = {};
	const order = [...jsons.keys()].sort(
		(a, b) => Number(isErrorWorkflow(jsons[b])) - Number(isErrorWorkflow(jsons[a])),
	);
	for (const index of order) {
		const json = jsons[index];
		const imported = await server.importWorkflow(
			linkErrorWorkflow(json, idsByTemplateId),
			activate && canActivate(json),
		);
		if (isErrorWorkflow(json) && typeof json.id === 'string')
			idsByTemplateId[json.id] = imported.id;
		results[index] = imported;
	}
	return {
		workflows: results,
		idsByTemplateId,
		byName(name: string) {
			const found = results.find((w) => w.name === name);
			if (!found)
				throw new Error(
					`no imported workflow named "${name}" (have: ${results.map((w) => w.name).join(', ')})`,
				);
			return found;
		},
	};
}
