/** Shared pieces of the end-to-end suites: templates on disk, posting simulator requests, reading executions. */
import * as fs from 'fs';
import * as path from 'path';
import type { ExecutionDetail, ExecutionSummary, N8nRestClient } from '../../tools/n8n/rest';
import type { SimRequest } from '../../sandbox/simulator';
import { defaultWebhookId } from '../../tools/n8n/templates';

export const ROOT = path.resolve(__dirname, '../..');
export const WORKFLOWS_DIR = path.join(ROOT, 'workflows');

export function template(file: string): Record<string, any> {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'));
}

/**
 * The production webhook path of a template's BDR Event Trigger (`<webhookId>/<path>`) after its first
 * import through `startN8n`: the node's own webhookId, else the one the importer gives it
 * (`defaultWebhookId`: the shipped templates carry none, so that each import gets its own URL).
 */
export function triggerPath(workflow: Record<string, any>): string {
	const trigger = workflow.nodes.find(
		(n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger',
	);
	if (!trigger) throw new Error(`workflow "${workflow.name}" has no BDR Event Trigger`);
	return `${trigger.webhookId || defaultWebhookId(workflow)}/${trigger.parameters?.path ?? 'bdr-events'}`;
}

export async function post(
	url: string,
	request: SimRequest,
): Promise<{ status: number; body: any }> {
	const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
	const text = await res.text();
	let body: any = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON: keep the text */
	}
	return { status: res.status, body };
}

const settled = (e: ExecutionSummary) => !['new', 'running', 'waiting'].includes(e.status);

/** Waits until the workflow has `count` settled executions; returns them, newest first. */
export async function settledExecutions(
	rest: N8nRestClient,
	workflowId: string,
	count: number,
	timeoutMs = 60_000,
): Promise<ExecutionSummary[]> {
	const list = await rest.waitForExecutions(
		(l) => l.filter(settled).length >= count && l.every(settled),
		{ workflowId, timeoutMs },
	);
	return list.filter(settled);
}

/** Polls one execution until it has finished running. */
export async function finishedExecution(
	rest: N8nRestClient,
	id: string,
	timeoutMs = 60_000,
): Promise<ExecutionDetail> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const detail = await rest.getExecution(id);
		if (settled(detail)) return detail;
		if (Date.now() > deadline)
			throw new Error(`execution ${id} still ${detail.status} after ${timeoutMs / 1000}s`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Items a node emitted on one output in an execution (all runs). */
export function nodeItems(
	detail: ExecutionDetail,
	node: string,
	output = 0,
): Array<Record<string, any>> {
	const runs = detail.data?.resultData?.runData?.[node] ?? [];
	return runs.flatMap((run: any) => (run.data?.main?.[output] ?? []).map((item: any) => item.json));
}
