/**
 * The shipped templates (every *.json in workflows/) prepared for the demo: Sync Billing's dry run
 * turned off in the imported copy, so contract units really change in the sandbox (the files keep
 * it on). Importing them, error workflow links included, is tools/n8n/templates.ts's job.
 */
import * as fs from 'fs';
import * as path from 'path';

export const SYNC_BILLING_TYPE = 'n8n-nodes-bdr-autotask.bdrSyncBilling';
export const EVENT_TRIGGER_TYPE = 'n8n-nodes-bdr-autotask.bdrEventTrigger';

export interface DemoTemplate {
	file: string;
	json: Record<string, any>;
	/** Sync Billing node names whose dry run the demo turned off. */
	dryRunOff: string[];
}

export function readTemplates(folder: string): DemoTemplate[] {
	const files = fs
		.readdirSync(folder)
		.filter((f) => f.endsWith('.json'))
		.sort();
	if (!files.length)
		throw new Error(
			`No workflow templates (*.json) in ${folder}: the demo imports every file there`,
		);
	return files.map((file) =>
		prepareTemplate(file, JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'))),
	);
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
	return { file, json, dryRunOff };
}
