/** Waiting for and reading back executions of the real n8n the benchmark drives. */
import * as fs from 'fs';
import * as path from 'path';
import type { N8nServer } from '../tools/n8n/server';
import type { ExecutionSummary } from '../tools/n8n/rest';

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads from n8n's REST API, retried on a network error: after the benchmark's own CPU-bound
 * phases (seeding 10,000 customers blocks its event loop for a minute) a kept-alive socket that
 * n8n closed meanwhile fails the next request once ("fetch failed"). Only reads are retried.
 */
export async function readWithRetry<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await read();
		} catch (error) {
			const network = error instanceof TypeError && /fetch failed/.test(error.message);
			if (!network || attempt >= attempts) throw error;
			await sleep(500 * attempt);
		}
	}
}

export function isFinished(e: ExecutionSummary): boolean {
	return FINISHED.has(e.status) && !!e.stoppedAt;
}

/** n8n's REST API lists at most 100 executions per page: `count` must stay below that. */
/** Waits until `count` executions of the workflow that are not in `known` have finished; returns them oldest first. */
export async function waitForNewExecutions(
	server: N8nServer,
	workflowId: string,
	known: Set<string>,
	count: number,
	opts: { timeoutMs: number; pollMs?: number },
): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + opts.timeoutMs;
	for (;;) {
		const list = await readWithRetry(() =>
			server.restClient.listExecutions({ workflowId }, Math.min(100, Math.max(50, count + 10))),
		);
		const fresh = list.filter((e) => !known.has(String(e.id)));
		if (fresh.length >= count && fresh.every(isFinished))
			return fresh.sort((a, b) => Number(a.id) - Number(b.id));
		if (Date.now() > deadline) {
			throw new Error(
				`waited ${Math.round(opts.timeoutMs / 1000)} s for ${count} finished executions of workflow ${workflowId}; saw ${fresh.length}: ${JSON.stringify(fresh.slice(0, 3))}`,
			);
		}
		await sleep(opts.pollMs ?? 500);
	}
}

export async function executionIds(server: N8nServer, workflowId: string): Promise<Set<string>> {
	return new Set(
		(await readWithRetry(() => server.restClient.listExecutions({ workflowId }, 100))).map((e) =>
			String(e.id),
		),
	);
}

/** The execution as n8n stores it: the size of its flatted run data, and the run data itself. */
export async function storedExecution(
	server: N8nServer,
	id: string,
): Promise<{ bytes: number; runData: Record<string, any>; error?: unknown }> {
	const raw = await readWithRetry(() => server.restClient.request<any>('GET', `/executions/${id}`));
	const bytes =
		typeof raw.data === 'string'
			? Buffer.byteLength(raw.data)
			: Buffer.byteLength(JSON.stringify(raw.data));
	const detail = await readWithRetry(() => server.restClient.getExecution(id));
	return {
		bytes,
		runData: detail.data?.resultData?.runData ?? {},
		error: detail.data?.resultData?.error,
	};
}

/** Items a node put on its first output in its last run. */
export function nodeOutput(runData: Record<string, any>, node: string): Array<Record<string, any>> {
	const runs = runData[node];
	if (!runs?.length) return [];
	return (runs[runs.length - 1].data?.main?.[0] ?? []).map(
		(i: { json: Record<string, any> }) => i.json,
	);
}

/** n8n's SQLite database with its write-ahead log (bytes). */
export function databaseBytes(server: N8nServer): number {
	let total = 0;
	for (const name of ['database.sqlite', 'database.sqlite-wal']) {
		try {
			total += fs.statSync(path.join(server.userFolder, '.n8n', name)).size;
		} catch {
			/* not there (yet) */
		}
	}
	return total;
}

export function tally<T>(values: T[], key: (v: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[key(v)] = (out[key(v)] ?? 0) + 1;
	return out;
}
