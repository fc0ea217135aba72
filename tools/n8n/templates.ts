/**
 * Imports the shipped templates into a running n8n with their error-workflow link intact.
 *
 * The templates name the connector-health workflow in `settings.errorWorkflow` by the id written
 * in its file (`"id": "bdrConnectorHlth"`). n8n keeps a file's id on `n8n import:workflow`, so
 * there the link holds as shipped. Created through the REST API (what the tools do) a workflow
 * gets a fresh id, so the error-trigger workflows are created first and every other workflow's
 * `settings.errorWorkflow` is rewritten from the template id to the id n8n gave.
 */
import * as fs from 'fs';
import type { ImportedWorkflow, N8nServer } from './server';

export const ERROR_TRIGGER_TYPE = 'n8n-nodes-base.errorTrigger';

type WorkflowJson = Record<string, any>;

export function readWorkflow(workflow: WorkflowJson | string): WorkflowJson {
  return typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : structuredClone(workflow);
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
      !node.disabled && node.type !== 'n8n-nodes-base.manualTrigger' && (/trigger$/i.test(node.type ?? '') || node.type === 'n8n-nodes-base.webhook'),
  );
}

/** Credential names the workflow's nodes use that are not among `available` (n8n refuses to activate it then). */
export function missingCredentials(json: WorkflowJson, available: Iterable<string>): string[] {
  const have = new Set(available);
  // a reference that already carries an id was linked by the caller
  const named = (json.nodes ?? []).flatMap((node: { credentials?: Record<string, { id?: string; name?: string }> }) =>
    Object.values(node.credentials ?? {}).map((c) => (c?.id ? '' : c?.name ?? '')),
  );
  return [...new Set(named.filter((name: string) => name && !have.has(name)))] as string[];
}

/** A copy whose `settings.errorWorkflow` points at n8n's id for the template id it names (unchanged when unknown). */
export function linkErrorWorkflow(json: WorkflowJson, idsByTemplateId: Record<string, string>): WorkflowJson {
  const copy = structuredClone(json);
  const named = copy.settings?.errorWorkflow;
  if (typeof named === 'string' && idsByTemplateId[named]) copy.settings = { ...copy.settings, errorWorkflow: idsByTemplateId[named] };
  return copy;
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
  const order = [...jsons.keys()].sort((a, b) => Number(isErrorWorkflow(jsons[b])) - Number(isErrorWorkflow(jsons[a])));
  for (const index of order) {
    const json = jsons[index];
    const imported = await server.importWorkflow(linkErrorWorkflow(json, idsByTemplateId), activate && canActivate(json));
    if (isErrorWorkflow(json) && typeof json.id === 'string') idsByTemplateId[json.id] = imported.id;
    results[index] = imported;
  }
  return {
    workflows: results,
    idsByTemplateId,
    byName(name: string) {
      const found = results.find((w) => w.name === name);
      if (!found) throw new Error(`no imported workflow named "${name}" (have: ${results.map((w) => w.name).join(', ')})`);
      return found;
    },
  };
}
