/**
 * One billing sync in the real n8n: a fresh generated tenant of N customers with the given latency,
 * the usage of every customer posted once to the workflow's webhook, then Autotask calls, wall time,
 * exactness of the units and the stored execution read back.
 */
import type { SandboxCredentials } from '../sandbox/auth';
import { startSandbox } from '../sandbox/server';
import type { N8nServer } from '../tools/n8n/server';
import {
	buildBillingDataset,
	contractsOffTarget,
	minimumCalls,
	type MinimumCalls,
} from './billingDataset';
import { GroupMemorySampler, type MemorySample } from './memory';
import {
	databaseBytes,
	executionIds,
	nodeOutput,
	storedExecution,
	tally,
	waitForNewExecutions,
} from './n8nRuns';

export type BillingFlow = 'ours' | 'naive';

export interface BillingRun {
	flow: BillingFlow;
	customers: number;
	changedContracts: number;
	changedServices: number;
	minimum: MinimumCalls;
	calls: number;
	byRoute: Record<string, number>;
	/** Answers other than 2xx (429 thread/budget refusals, 4xx, 5xx), counted in `calls` too. */
	refused: Record<string, number>;
	/** n8n's own startedAt → stoppedAt of the execution. */
	wallMs: number;
	/** POST of the usage → execution seen finished (includes the body upload and polling). */
	postToDoneMs: number;
	status: string;
	/** Sync Billing's outcomes per contract (ours only). */
	outcomes?: Record<string, number>;
	/** Contracts whose units differ from the usage afterwards (0 = exact). */
	offTarget: number;
	executionBytes: number;
	databaseGrowthBytes: number;
	memory: MemorySample;
	extrapolated?: false;
}

export interface BillingRunOptions {
	server: N8nServer;
	workflowId: string;
	webhookUrl: string;
	sandboxPort: number;
	/** The same API user for every sandbox of the run (the n8n credential points at it). */
	sandboxCredentials: SandboxCredentials;
	customers: number;
	latencyMs: number;
	changedShare: number;
	timeoutMs: number;
	log: (line: string) => void;
}

export async function runBilling(flow: BillingFlow, o: BillingRunOptions): Promise<BillingRun> {
	o.log(`billing ${flow} ${o.customers} customers: seeding the sandbox`);
	const sb = await startSandbox({
		seed: o.customers,
		port: o.sandboxPort,
		credentials: o.sandboxCredentials,
		latencyMs: o.latencyMs,
		hourlyBudget: 10_000,
		threadLimit: 3,
	});
	try {
		const data = buildBillingDataset(sb.store, o.changedShare);
		const body = JSON.stringify({ items: data.items });
		// let the event loop catch up with sockets n8n closed while seeding blocked it
		await new Promise((r) => setTimeout(r, 1500));
		const known = await executionIds(o.server, o.workflowId);
		const dbBefore = databaseBytes(o.server);
		sb.resetCounts();
		const sampler = new GroupMemorySampler(o.server.pid).start();
		const started = Date.now();
		o.log(
			`billing ${flow} ${o.customers} customers: posting ${data.items.length} usage items (${(body.length / 1e6).toFixed(1)} MB)`,
		);
		// A POST that fails on our side (socket reset under load) may still have started the execution:
		// never post the usage twice, wait for the execution instead (a clear timeout if none started).
		try {
			const res = await fetch(o.webhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
			});
			if (!res.ok)
				throw new Error(
					`${o.webhookUrl} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
				);
		} catch (error) {
			if ((error as Error).message.startsWith(o.webhookUrl)) throw error;
			o.log(
				`POST ${o.webhookUrl} failed (${(error as any).cause?.message ?? (error as Error).message}); waiting for the execution it may have started`,
			);
		}
		const [execution] = await waitForNewExecutions(o.server, o.workflowId, known, 1, {
			timeoutMs: o.timeoutMs,
			pollMs: 500,
		});
		const postToDoneMs = Date.now() - started;
		const memory = sampler.stop();
		const counts = sb.counts();
		const refused = tally(
			sb.requestLog().filter((e) => e.status < 200 || e.status >= 300),
			(e) => `${e.status} ${e.route}`,
		);
		const stored = await storedExecution(o.server, String(execution.id));
		const outcomes =
			flow === 'ours'
				? tally(nodeOutput(stored.runData, 'Sync Billing'), (i) => String(i.outcome))
				: undefined;
		const run: BillingRun = {
			flow,
			customers: data.customers,
			changedContracts: data.changedContracts,
			changedServices: data.changedServices,
			minimum: minimumCalls(data.customers, 6, data.changedContracts, data.changedServices),
			calls: counts.total,
			byRoute: counts.byRoute,
			refused,
			wallMs: Date.parse(execution.stoppedAt!) - Date.parse(execution.startedAt!),
			postToDoneMs,
			status: execution.status,
			outcomes,
			offTarget: contractsOffTarget(sb.store, data.target),
			executionBytes: stored.bytes,
			databaseGrowthBytes: databaseBytes(o.server) - dbBefore,
			memory,
		};
		o.log(
			`billing ${flow} ${o.customers}: ${run.calls} calls, ${(run.wallMs / 1000).toFixed(1)} s, status ${run.status}, off target ${run.offTarget}`,
		);
		return run;
	} finally {
		await sb.close();
	}
}

export interface NaiveEstimate {
	flow: 'naive';
	customers: number;
	calls: number;
	wallMs: number;
	extrapolated: true;
	fromCustomers: number;
}

/** Per-customer cost of a measured naive run scaled to another size (the naive flow is linear per item). */
export function extrapolateNaive(
	measured: Pick<BillingRun, 'customers' | 'calls' | 'wallMs'>,
	customers: number,
): NaiveEstimate {
	const factor = customers / measured.customers;
	return {
		flow: 'naive',
		customers,
		calls: Math.round(measured.calls * factor),
		wallMs: measured.wallMs * factor,
		extrapolated: true,
		fromCustomers: measured.customers,
	};
}
