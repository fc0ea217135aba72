/** Helpers of the queue-mode suite: posting signed events, reading every execution back, sandbox state. */
import { readFileSync } from 'fs';
import * as http from 'http';
import { join } from 'path';
import { signedRequest } from '../../sandbox/simulator/request';
import type { Sandbox } from '../../sandbox/server';
import { BASE, SERVICE_KEYS } from '../../sandbox/tenant/base';
import { unitsOn } from '../../sandbox/billing';
import type { QueueMode } from '../../tools/n8n/queueMode';
import { defaultWebhookId } from '../../tools/n8n/templates';

export const ROOT = join(__dirname, '..', '..');

export function template(file: string): Record<string, any> {
	return JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8'));
}

/** Production path of a template's BDR Event Trigger after its first import: `<webhookId>/bdr-events` (the importer's `defaultWebhookId` when the node has none). */
export function webhookPathOf(workflow: Record<string, any>): string {
	const trigger = workflow.nodes.find(
		(n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger',
	);
	if (!trigger) throw new Error(`workflow "${workflow.name}" has no BDR Event Trigger`);
	return `${trigger.webhookId || defaultWebhookId(workflow)}/bdr-events`;
}

/**
 * One signed POST per body, all at once (the simulator's signing, as a BDR device would send), each on
 * its own connection: a reused keep-alive socket that the server closes while idle would fail a POST
 * that never arrived, and retrying a POST could deliver an event twice.
 */
export async function postAll(url: string, secret: string, bodies: unknown[]): Promise<number[]> {
	return Promise.all(bodies.map((events) => postOnce(url, signedRequest(secret, events))));
}

function postOnce(
	url: string,
	req: { headers: Record<string, string>; body: string },
): Promise<number> {
	return new Promise((resolve, reject) => {
		const sent = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
				res.on('error', reject);
			},
		);
		sent.on('error', reject);
		sent.end(req.body);
	});
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

export interface FinishedExecution {
	id: string;
	status: string;
	workflowId: string;
	data: any;
}

/**
 * Waits (bounded) until `count` executions of the workflow that are not in `seen` have finished, and
 * returns them (adding them to `seen`). Ids come from the main's queue log, details from n8n's REST API.
 */
export async function waitForNew(
	q: QueueMode,
	workflowId: string,
	count: number,
	seen: Set<string>,
	timeoutMs = 600_000,
): Promise<FinishedExecution[]> {
	const deadline = Date.now() + timeoutMs;
	const done = new Map<string, FinishedExecution>();
	let pending = 0;
	for (;;) {
		pending = 0;
		for (const id of q.enqueuedIds()) {
			if (seen.has(id) || done.has(id)) continue;
			const detail = await readExecution(q, id);
			if (String(detail.workflowId) !== workflowId) {
				seen.add(id);
				continue;
			}
			if (FINISHED.has(detail.status))
				done.set(id, { id, status: detail.status, workflowId, data: detail.data });
			else pending++;
		}
		if (done.size >= count && pending === 0) {
			for (const id of done.keys()) seen.add(id);
			return [...done.values()];
		}
		if (Date.now() > deadline)
			throw new Error(
				`workflow ${workflowId}: ${done.size} of ${count} executions finished in ${timeoutMs / 1000} s (${pending} still queued or running)`,
			);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** GET is safe to repeat: a kept-alive socket the server closed while idle fails one try, not the test. */
async function readExecution(q: QueueMode, id: string) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await q.main.restClient.getExecution(id);
		} catch (error) {
			if (attempt >= 3 || !(error instanceof TypeError)) throw error;
		}
	}
}

export interface NodeOutput {
	executionId: string;
	json: Record<string, any>;
}

/** The items a node output in each execution (its last run, first output). */
export function nodeOutputs(executions: FinishedExecution[], nodeName: string): NodeOutput[] {
	return executions.flatMap((e) => {
		const runs = e.data?.resultData?.runData?.[nodeName] ?? [];
		return (runs.at(-1)?.data?.main?.[0] ?? []).map((item: any) => ({
			executionId: e.id,
			json: item.json ?? {},
		}));
	});
}

/** Tickets not in the Complete status (the sandbox's system value 5). */
export function openTickets(sb: Sandbox): Array<Record<string, any>> {
	return sb.store.all('Tickets').filter((t: any) => t.status !== 5);
}

export const SERVICE_IDS = SERVICE_KEYS.map((k) => BASE.services[k].id);

/** A generated customer's Recurring Service contract id (seed N: one per company). */
export function contractOf(sb: Sandbox, bdrCustomerId: string): number {
	const company = sb.store
		.all('Companies')
		.find((c: any) => (c.userDefinedFields ?? []).some((u: any) => u.value === bdrCustomerId));
	const contract =
		company && sb.store.all('Contracts').find((k: any) => k.companyID === company.id);
	if (!contract) throw new Error(`no contract for ${bdrCustomerId} in the sandbox`);
	return contract.id;
}

/** Units per Axcient service (SERVICE_KEYS order) on the contract today. */
export function unitsToday(sb: Sandbox, contractId: number): Array<number | undefined> {
	const unitsOf = unitsOn(sb.store, new Date().toISOString().slice(0, 10));
	return SERVICE_IDS.map((serviceId) => unitsOf(contractId, serviceId));
}

/** Requests the sandbox answered per route family, from its counters. */
export function countRoutes(sb: Sandbox, pattern: RegExp): number {
	return Object.entries(sb.counts().byRoute)
		.filter(([route]) => pattern.test(route))
		.reduce((n, [, c]) => n + c, 0);
}
