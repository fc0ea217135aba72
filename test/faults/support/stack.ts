/**
 * The reliability tier's stack: an Autotask sandbox and a real n8n 2.x running the shipped
 * ticketing and billing templates against it, plus what the suites read back (executions and
 * their outcomes through n8n's REST API, tickets/units/notes from the sandbox store).
 *
 * The imported copies differ from the shipped templates in three ways, all things a user sets in
 * the editor: Sync Billing's Dry Run is off; Open or Close Ticket and Sync Billing stop the
 * workflow on an error (the template's "continue (regular output)" would turn a failed event into
 * an output item of a *successful* execution, which n8n cannot retry); the workflow settings save
 * every execution, failed or not, so each one can be read back and retried.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signatureHeaders } from '../../../sandbox/simulator';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';
import {
	sandboxCredentials,
	startN8n,
	type N8nServer,
	type StartN8nOptions,
} from '../../../tools/n8n/server';
import type { ExecutionSummary } from '../../../tools/n8n/rest';

export const ROOT = join(__dirname, '..', '..', '..');

/** CI-sized by default; FAULTS_SCALE=5 runs five times the events (and fuzz runs). */
export const SCALE = Math.max(1, Number(process.env.FAULTS_SCALE ?? 1) || 1);

export type Hook = 'ticketing' | 'billing';
const WEBHOOK_IDS: Record<Hook, string> = { ticketing: 'bdr-ticketing', billing: 'bdr-billing' };

/** Secrets unique to this run, so a grep for them finds only leaks. */
export function runSecrets() {
	const token = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
	return {
		secret: token('atsecret'),
		integrationCode: token('ATCODE'),
		webhookSecret: token('whsecret'),
	};
}

export const WORKFLOW_SETTINGS = {
	executionOrder: 'v1',
	saveDataErrorExecution: 'all',
	saveDataSuccessExecution: 'all',
	saveManualExecutions: true,
	saveExecutionProgress: true,
};

export function template(file: string): Record<string, any> {
	return JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8'));
}

/** The templates as the suites import them (see the file comment). */
export function faultWorkflows(): Array<Record<string, any>> {
	const ticketing = template('bdr-ticketing.json');
	const billing = template('bdr-billing.json');
	for (const wf of [ticketing, billing]) {
		wf.settings = { ...wf.settings, ...WORKFLOW_SETTINGS };
		for (const node of wf.nodes) {
			if (node.name === 'Open or Close Ticket' || node.name === 'Sync Billing') delete node.onError;
			if (node.name === 'Sync Billing') node.parameters.dryRun = false;
		}
	}
	return [ticketing, billing];
}

export interface Stack {
	sb: Sandbox;
	n8n: N8nServer;
	secrets: ReturnType<typeof runSecrets>;
	workflowId: Record<Hook, string>;
	post(hook: Hook, events: unknown): Promise<{ status: number; body: any }>;
	stop(): Promise<void>;
}

export async function startStack(
	options: { sandbox?: SandboxOptions; n8n?: StartN8nOptions; logFile?: string } = {},
): Promise<Stack> {
	const secrets = runSecrets();
	const sb = await startSandbox({
		seed: 'demo',
		port: 0,
		...options.sandbox,
		credentials: { secret: secrets.secret, integrationCode: secrets.integrationCode },
	});
	let n8n: N8nServer;
	try {
		n8n = await startN8n({
			workflows: faultWorkflows(),
			credentials: sandboxCredentials(sb, secrets.webhookSecret),
			...options.n8n,
		});
	} catch (error) {
		await sb.close();
		throw error;
	}
	const workflowId = {
		ticketing: n8n.workflows.find((w) => /ticket/i.test(w.name))!.id,
		billing: n8n.workflows.find((w) => /billing/i.test(w.name))!.id,
	};
	const stack: Stack = {
		sb,
		n8n,
		secrets,
		workflowId,
		post: (hook, events) =>
			postSigned(
				stack.n8n.webhookUrl(`${WEBHOOK_IDS[hook]}/bdr-events`),
				secrets.webhookSecret,
				events,
			),
		stop: async () => {
			await stack.n8n.stop();
			await sb.close();
		},
	};
	return stack;
}

/**
 * Posts on a connection of its own: a pooled keep-alive socket that n8n closed while idle would fail
 * the POST, and a POST must not be resent blindly (it may have started an execution).
 */
export function postSigned(
	url: string,
	secret: string,
	events: unknown,
): Promise<{ status: number; body: any }> {
	const body = JSON.stringify(events);
	const headers = {
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(body)),
		...signatureHeaders(secret, body),
	};
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', agent: false, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				try {
					resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
				} catch {
					resolve({ status: res.statusCode ?? 0, body: text });
				}
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Reads are idempotent: retried a few times on a network error (a keep-alive socket closed by n8n). */
export async function readWithRetry<T>(read: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await read();
		} catch (error) {
			if (attempt >= 4 || !(error instanceof TypeError)) throw error; // fetch's network failure
			await sleep(200 * attempt);
		}
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every execution of a workflow (n8n pages its list; newest first). */
export async function allExecutions(
	n8n: N8nServer,
	workflowId: string,
): Promise<Array<ExecutionSummary & Record<string, any>>> {
	const all: any[] = [];
	let lastId: string | undefined;
	for (let page = 0; page < 200; page++) {
		const query = new URLSearchParams({
			filter: JSON.stringify({ workflowId }),
			limit: '100',
			...(lastId ? { lastId } : {}),
		});
		const { results } = await readWithRetry(() =>
			n8n.restClient.request<{ results: any[] }>('GET', `/executions?${query}`),
		);
		for (const e of results) if (!all.some((x) => x.id === e.id)) all.push(e);
		if (results.length < 100) break;
		lastId = results[results.length - 1].id;
	}
	return all;
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

/** Waits (bounded) until `count` executions exist and none is still running. */
export async function waitSettled(
	n8n: N8nServer,
	workflowId: string,
	count: number,
	timeoutMs = 180_000,
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await allExecutions(n8n, workflowId);
		if (list.length >= count && !list.some((e) => UNFINISHED.has(e.status))) return list;
		if (Date.now() > deadline) {
			const states = list.reduce<Record<string, number>>(
				(m, e) => ((m[e.status] = (m[e.status] ?? 0) + 1), m),
				{},
			);
			throw new Error(
				`executions of workflow ${workflowId} did not settle: expected ${count}, have ${JSON.stringify(states)}`,
			);
		}
		await sleep(300);
	}
}

/**
 * What a user does with the executions list: every failed execution not yet retried to success is
 * retried ("Retry with original workflow"), until none is left or `rounds` are used up.
 * Returns how many retries were made.
 */
export async function retryFailed(n8n: N8nServer, workflowId: string, rounds = 8): Promise<number> {
	let retries = 0;
	for (let round = 0; round < rounds; round++) {
		const list = await allExecutions(n8n, workflowId);
		const open = unresolvedFailures(list);
		if (!open.length) return retries;
		for (const e of open) {
			await n8n.restClient.retryExecution(e.id).catch(() => undefined); // a failed retry is itself a failed execution, retried next round
			retries++;
		}
		await waitSettled(n8n, workflowId, list.length + open.length);
	}
	return retries;
}

/** Failed executions whose chain of retries has not (yet) succeeded. */
export function unresolvedFailures(list: Array<ExecutionSummary & Record<string, any>>) {
	const byId = new Map(list.map((e) => [String(e.id), e]));
	const retried = new Set(list.filter((e) => e.retryOf).map((e) => String(e.retryOf)));
	const failed = list.filter((e) => e.status === 'error' || e.status === 'crashed');
	// the newest failure of each chain is the one to retry; older links were already retried
	return failed.filter((e) => !retried.has(String(e.id)) && byId.has(String(e.id)));
}

export interface EventOutcome {
	eventId: string;
	outcome: string;
	reason?: string;
	executionId: string;
	[key: string]: unknown;
}

/** Outcomes per event id from the successful executions (a retry's run data includes the original trigger data). */
export async function outcomesByEvent(
	n8n: N8nServer,
	workflowId: string,
	nodeName: 'Open or Close Ticket' | 'Sync Billing',
) {
	const list = await allExecutions(n8n, workflowId);
	const outcomes = new Map<string, EventOutcome[]>();
	// oldest first, so outcomes.get(id)[0] is the event's first successful handling
	const succeeded = list
		.filter((x) => x.status === 'success')
		.sort((a, b) => Number(a.id) - Number(b.id));
	for (const e of succeeded) {
		const detail = await readWithRetry(() => n8n.restClient.getExecution(String(e.id)));
		const runs = detail.data?.resultData?.runData?.[nodeName] ?? [];
		const items: any[] = runs.at(-1)?.data?.main?.[0] ?? [];
		for (const item of items) {
			const json = item.json ?? {};
			const ids: string[] =
				nodeName === 'Sync Billing' ? (json.sourceEventIds ?? []) : [json.eventId];
			for (const id of ids) {
				outcomes.set(String(id), [
					...(outcomes.get(String(id)) ?? []),
					{
						...json,
						eventId: String(id),
						outcome: json.outcome,
						reason: json.reason,
						executionId: String(e.id),
					},
				]);
			}
		}
	}
	return { outcomes, executions: list };
}
