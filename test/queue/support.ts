/** Helpers of the queue-mode suite: posting signed events, reading every execution back, sandbox state. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { signedRequest } from '../../sandbox/simulator/request';
import type { Sandbox } from '../../sandbox/server';
import { BASE, SERVICE_KEYS } from '../../sandbox/tenant/base';
import { unitsOnDate } from '../../nodes/logic/billingPlan';
import type { N8nServer } from '../../tools/n8n/server';
import type { ExecutionSummary } from '../../tools/n8n/rest';

export const ROOT = join(__dirname, '..', '..');

export function template(file: string): Record<string, any> {
  return JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8'));
}

/** Production path of a template's BDR Event Trigger: `<webhookId>/bdr-events`. */
export function webhookPathOf(workflow: Record<string, any>): string {
  const trigger = workflow.nodes.find((n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger');
  if (!trigger?.webhookId) throw new Error(`workflow "${workflow.name}" has no BDR Event Trigger with a webhookId`);
  return `${trigger.webhookId}/bdr-events`;
}

/** One signed POST per body, all at once (the simulator's signing, as a BDR device would send). */
export async function postAll(url: string, secret: string, bodies: unknown[]): Promise<number[]> {
  return Promise.all(
    bodies.map(async (events) => {
      const req = signedRequest(secret, events);
      const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
      await res.arrayBuffer();
      return res.status;
    }),
  );
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Every execution of a workflow, through n8n's cursor-paged list (100 per page). */
export async function allExecutions(n8n: N8nServer, workflowId: string): Promise<ExecutionSummary[]> {
  const all: ExecutionSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100', ...(cursor ? { cursor } : {}) });
    const result = await n8n.restClient.request<{ results: ExecutionSummary[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
    all.push(...result.results);
    cursor = result.nextCursor ?? undefined;
    if (!cursor || !result.results.length) break;
  }
  return all;
}

/** Waits (bounded) until at least `count` executions of the workflow have finished and none is still queued or running. */
export async function waitFinished(n8n: N8nServer, workflowId: string, count: number, timeoutMs = 300_000): Promise<ExecutionSummary[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await allExecutions(n8n, workflowId);
    const done = list.filter((e) => FINISHED.has(e.status));
    if (done.length >= count && done.length === list.length) return list;
    if (Date.now() > deadline) {
      const states = list.reduce<Record<string, number>>((m, e) => ((m[e.status] = (m[e.status] ?? 0) + 1), m), {});
      throw new Error(`executions of workflow ${workflowId} did not finish in ${timeoutMs / 1000} s: expected ${count}, have ${JSON.stringify(states)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface NodeOutput {
  executionId: string;
  status: string;
  json: Record<string, any>;
}

/** The items a node output in each of the given executions (its last run, first output). */
export async function nodeOutputs(n8n: N8nServer, executions: ExecutionSummary[], nodeName: string): Promise<NodeOutput[]> {
  const out: NodeOutput[] = [];
  for (const e of executions) {
    const detail = await n8n.restClient.getExecution(String(e.id));
    const runs = detail.data?.resultData?.runData?.[nodeName] ?? [];
    for (const item of runs.at(-1)?.data?.main?.[0] ?? []) out.push({ executionId: String(e.id), status: e.status, json: item.json ?? {} });
  }
  return out;
}

/** Tickets not in the Complete status (the sandbox's system value 5). */
export function openTickets(sb: Sandbox): Array<Record<string, any>> {
  return sb.store.all('Tickets').filter((t: any) => t.status !== 5);
}

export const SERVICE_IDS = SERVICE_KEYS.map((k) => BASE.services[k].id);

/** A generated customer's Recurring Service contract id (seed N: one per company). */
export function contractOf(sb: Sandbox, bdrCustomerId: string): number {
  const company = sb.store.all('Companies').find((c: any) => (c.userDefinedFields ?? []).some((u: any) => u.value === bdrCustomerId));
  const contract = company && sb.store.all('Contracts').find((k: any) => k.companyID === company.id);
  if (!contract) throw new Error(`no contract for ${bdrCustomerId} in the sandbox`);
  return contract.id;
}

/** Units per Axcient service (SERVICE_KEYS order) on the contract today. */
export function unitsToday(sb: Sandbox, contractId: number): Array<number | undefined> {
  const today = new Date().toISOString().slice(0, 10);
  return SERVICE_IDS.map((serviceId) => unitsOnDate(sb.store.all('ContractServiceUnits').filter((r: any) => r.contractID === contractId && r.serviceID === serviceId) as any[], today));
}

/** Requests the sandbox answered per route family, from its counters. */
export function countRoutes(sb: Sandbox, pattern: RegExp): number {
  return Object.entries(sb.counts().byRoute)
    .filter(([route]) => pattern.test(route))
    .reduce((n, [, c]) => n + c, 0);
}
