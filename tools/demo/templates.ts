/**
 * The shipped templates (every *.json in workflows/) prepared for the demo: Sync Billing's dry run
 * turned off in the imported copy (the files keep it on), error workflows named by the templates
 * wired to the ids n8n gives them, and an import order that puts error workflows first.
 */
import * as fs from 'fs';
import * as path from 'path';

export const SYNC_BILLING_TYPE = 'n8n-nodes-bdr-autotask.bdrSyncBilling';
export const EVENT_TRIGGER_TYPE = 'n8n-nodes-bdr-autotask.bdrEventTrigger';
/** Start nodes n8n does not activate: a workflow with only these runs on demand or on another's error. */
const NOT_ACTIVATABLE = new Set(['n8n-nodes-base.errorTrigger', 'n8n-nodes-base.manualTrigger', 'n8n-nodes-base.executeWorkflowTrigger']);

export interface DemoTemplate {
  file: string;
  json: Record<string, any>;
  /** Sync Billing node names whose dry run the demo turned off. */
  dryRunOff: string[];
  /** False for error workflows (Error Trigger only): n8n runs them without activation. */
  activate: boolean;
}

export function readTemplates(folder: string): DemoTemplate[] {
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  if (!files.length) throw new Error(`No workflow templates (*.json) in ${folder}`);
  return orderForImport(files.map((file) => prepareTemplate(file, JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')))));
}

export function prepareTemplate(file: string, original: Record<string, any>): DemoTemplate {
  const json = structuredClone(original);
  const dryRunOff: string[] = [];
  for (const node of json.nodes ?? []) {
    if (node.type === SYNC_BILLING_TYPE && node.parameters?.dryRun !== false) {
      node.parameters = { ...node.parameters, dryRun: false };
      dryRunOff.push(node.name);
    }
  }
  const starts = (json.nodes ?? []).filter((n: any) => /trigger/i.test(String(n.type)) || n.type === 'n8n-nodes-base.webhook');
  const activate = starts.some((n: any) => !NOT_ACTIVATABLE.has(n.type));
  return { file, json, dryRunOff, activate };
}

/** The names a template may be referred to by in another's `settings.errorWorkflow`. */
function aliases(template: DemoTemplate): string[] {
  return [template.json.id, template.json.name, template.file, template.file.replace(/\.json$/, '')].filter((a) => typeof a === 'string' && a !== '');
}

/** Referenced error workflows first, so the others can name their new ids. */
export function orderForImport(templates: DemoTemplate[]): DemoTemplate[] {
  const referenced = new Set(templates.map((t) => t.json.settings?.errorWorkflow).filter(Boolean));
  const isTarget = (t: DemoTemplate) => aliases(t).some((a) => referenced.has(a));
  return [...templates.filter(isTarget), ...templates.filter((t) => !isTarget(t))];
}

/**
 * A copy of the template whose `settings.errorWorkflow` points at the id n8n gave the named
 * template. `imported` maps each imported template's file to its new id. Throws when the named
 * error workflow is not among the templates (the fix: ship it or drop the setting).
 */
export function wireErrorWorkflow(template: DemoTemplate, all: DemoTemplate[], imported: Map<string, string>): Record<string, any> {
  const wanted = template.json.settings?.errorWorkflow;
  if (!wanted) return template.json;
  const target = all.find((t) => aliases(t).includes(wanted));
  if (target === template) {
    // an error workflow naming itself would loop; n8n ignores that setting for error runs anyway
    const { errorWorkflow: _self, ...settings } = template.json.settings;
    return { ...template.json, settings };
  }
  const id = target && imported.get(target.file);
  if (!id) {
    throw new Error(`${template.file}: settings.errorWorkflow "${wanted}" names no template in workflows/ (by id, name or file); add that workflow or remove the setting`);
  }
  return { ...template.json, settings: { ...template.json.settings, errorWorkflow: id } };
}
