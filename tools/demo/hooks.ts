/**
 * Production webhook URLs of the imported workflows' BDR Event Triggers, read back from n8n (the
 * node's webhookId as stored) and the trigger's own description (path, isFullPath), and which
 * events each trigger takes (usage reports for billing, alerts for ticketing).
 */
import * as path from 'path';
import type { N8nServer } from '../n8n/server';
import { EVENT_TRIGGER_TYPE } from './templates';
import type { Hook } from './traffic';

const SEVERITIES = ['ok', 'info', 'warning', 'error', 'critical'];

/** The trigger's webhook description from the built node (so a changed path follows automatically). */
export function triggerWebhook(packageDir: string): { path: string; isFullPath: boolean } {
	const mod = require(path.join(packageDir, 'dist/nodes/BdrEventTrigger/BdrEventTrigger.node.js'));
	const NodeClass = Object.values(mod)[0] as new () => {
		description: { webhooks?: Array<{ path: string; isFullPath?: boolean }> };
	};
	const hook = new NodeClass().description.webhooks?.[0];
	if (!hook)
		throw new Error('BDR Event Trigger declares no webhook; rebuild the package (npm run build)');
	return { path: hook.path, isFullPath: hook.isFullPath === true };
}

/** Which events a trigger with these parameters starts executions for. */
export function triggerTakes(parameters: Record<string, any>): { usage: boolean; alerts: boolean } {
	const selected = parameters.eventTypeSelection === 'selected';
	const types: string[] = selected ? (parameters.eventTypes ?? []) : [];
	const minimum = SEVERITIES.indexOf(parameters.minimumSeverity ?? 'info');
	return {
		usage: selected ? types.includes('usage_report') : minimum <= SEVERITIES.indexOf('info'),
		alerts: selected ? types.some((t) => t !== 'usage_report') : true,
	};
}

/** n8n's rule for a node's production webhook path: `<webhookId>/<path>` unless the path is full. */
export function webhookPathOf(
	node: { webhookId?: string; name: string },
	workflowId: string,
	hook: { path: string; isFullPath: boolean },
): string {
	if (hook.isFullPath) return hook.path;
	if (node.webhookId) return `${node.webhookId}/${hook.path}`;
	return `${workflowId}/${encodeURIComponent(node.name.toLowerCase())}/${hook.path}`;
}

export async function eventHooks(server: N8nServer, packageDir: string): Promise<Hook[]> {
	const description = triggerWebhook(packageDir);
	const hooks: Hook[] = [];
	for (const workflow of server.workflows.filter((w) => w.active)) {
		const stored = await server.restClient.request<{
			nodes: Array<{
				name: string;
				type: string;
				webhookId?: string;
				disabled?: boolean;
				parameters: Record<string, any>;
			}>;
		}>('GET', `/workflows/${workflow.id}`);
		for (const node of stored.nodes.filter((n) => n.type === EVENT_TRIGGER_TYPE && !n.disabled)) {
			hooks.push({
				workflow: workflow.name,
				url: server.webhookUrl(webhookPathOf(node, workflow.id, description)),
				...triggerTakes(node.parameters ?? {}),
			});
		}
	}
	return hooks;
}
