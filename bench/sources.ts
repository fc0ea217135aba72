/**
 * Source polls (issues #12 and #13): the shipped x360Recover and Datto BCDR templates in the real n8n
 * against their stand-ins and the Autotask sandbox's generated tenant, at 50, 500 and 2,000 protected
 * systems (x360Recover devices, Datto agents). Per poll: the vendor API calls and the Autotask calls (writes = POST/PATCH/PUT/DELETE that
 * are not queries), counted by each stand-in by route.
 *
 * States, the same for each template and size:
 * - *first*: the first poll of a tenant whose Autotask side is not yet in step (tickets: a share of
 *   the systems TROUBLED, so tickets are opened; billing: the usage differs from the contract units).
 * - *steady*: the same state polled again, as the next scheduled poll sees it (15 minutes / 12 hours
 *   later). Our nodes keep found companies, contracts and picklists for 5 minutes per n8n worker
 *   (nodes/autotask/lookupCache.ts, picklists.ts), keyed by base URL and API user; a scheduled poll
 *   finds them expired. Every measured cold poll therefore uses its own Autotask API user (the
 *   sandbox's extraUsers, the same tenant), so it starts with nothing cached, like the schedule.
 * - *steady, warm*: the steady poll again at once with the same API user (a manual re-run within
 *   5 minutes): what the caches save.
 * The goal is 0 Autotask writes in both steady polls.
 */
import type { SandboxCredentials } from '../sandbox/auth';
import { setBackup } from '../sandbox/datto/controls';
import { startDatto } from '../sandbox/datto/server';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { setHealth } from '../sandbox/x360recover/controls';
import { startX360Recover } from '../sandbox/x360recover/server';
import { X360_CREDENTIAL, type CredentialSpec, type N8nServer } from '../tools/n8n/server';
import { executionIds, nodeOutput, storedExecution, tally, waitForNewExecutions } from './n8nRuns';
import { SOURCE_TEMPLATES, sourcePollWorkflow, type SourceTemplate } from './workflows';

import type { SourceName } from './args';

export type { SourceName } from './args';
export type PollState = 'first' | 'steady' | 'steadyWarm';
export const POLL_STATES: readonly PollState[] = ['first', 'steady', 'steadyWarm'];

export interface PollFigures {
	state: PollState;
	/** Calls the vendor's stand-in counted (all routes). */
	vendorCalls: number;
	vendorByRoute: Record<string, number>;
	/** Calls the Autotask sandbox counted, refusals included. */
	autotaskCalls: number;
	autotaskByRoute: Record<string, number>;
	/** POST/PATCH/PUT/DELETE that are not queries. */
	autotaskWrites: number;
	/** Answers other than 2xx, by status and route (counted in the calls too). */
	refused: Record<string, number>;
	/** n8n's startedAt → stoppedAt. */
	wallMs: number;
	status: string;
	/** Items the source node emitted (events or usage reports). */
	sourceItems: number;
	/** Items Map Customer could not map (its second output). */
	unmapped: number;
	/** The last node's outcomes (Open or Close Ticket / Sync Billing). */
	outcomes: Record<string, number>;
	/** Tickets open in the tenant after the poll (tickets template). */
	openTickets?: number;
}

export interface SourcePollRun {
	source: SourceName;
	template: SourceTemplate;
	/** Protected systems (x360Recover devices / Datto agents). */
	devices: number;
	clients: number;
	/** Systems made failing before the first poll (tickets template). */
	failing: number;
	polls: PollFigures[];
}

export interface SourcesOptions {
	server: N8nServer;
	/** Fixed ports: the n8n credentials point at them for the whole section. */
	sandboxPort: number;
	vendorPort: number;
	sandboxCredentials: SandboxCredentials;
	sources: SourceName[];
	devices: number[];
	devicesPerClient: number;
	failingShare: number;
	latencyMs: number;
	timeoutMs: number;
	log: (line: string) => void;
}

/** A route that changes the tenant: anything but a GET or a query. */
export function isAutotaskWrite(route: string): boolean {
	return /^(POST|PATCH|PUT|DELETE) /.test(route) && !/\/query(\/|$)/.test(route);
}

export const writesOf = (byRoute: Record<string, number>): number =>
	Object.entries(byRoute).reduce((n, [route, c]) => n + (isAutotaskWrite(route) ? c : 0), 0);

export const clientsFor = (devices: number, perClient: number): number =>
	Math.max(1, Math.ceil(devices / perClient));

/** Every n-th system (evenly spread over the clients) so that `share` of them fail. */
export function failingIndexes(devices: number, share: number): number[] {
	const count = Math.round(devices * share);
	if (count <= 0) return [];
	const step = devices / count;
	return Array.from({ length: count }, (_, i) => Math.floor(i * step));
}

const COMPLETE_STATUS = 5; // the sandbox's system value of "Complete"
const LAST_NODE: Record<SourceTemplate, string> = {
	tickets: 'Open or Close Ticket',
	billing: 'Sync Billing',
};
const UNMAPPED_NODE = 'Unmapped customers — fix the Customer Map';
const FAILED_MESSAGE = 'Backup failed: VSS snapshot could not be created';

/** One vendor's stand-in as the section drives it. */
interface SourceDriver {
	name: SourceName;
	/** In webhook paths and API user names. */
	slug: string;
	templates: Record<SourceTemplate, string>;
	sourceNode: Record<SourceTemplate, string>;
	credential: CredentialSpec;
	/** `clients` clients with exactly `devices` protected systems between them, all healthy. */
	seed(clients: number, devices: number): void;
	systems(): number;
	/** Makes the systems at these positions fail their backups (since `since`). */
	fail(indexes: number[], now: number, since: number): void;
	counts(): { total: number; byRoute: Record<string, number> };
	resetCounts(): void;
	close(): Promise<void>;
}

async function x360Driver(port: number, latencyMs: number): Promise<SourceDriver> {
	const x = await startX360Recover({ port, seed: 'empty', latencyMs });
	return {
		name: 'x360Recover',
		slug: 'x360',
		templates: {
			tickets: 'workflows/x360recover-tickets.json',
			billing: 'workflows/x360recover-billing.json',
		},
		sourceNode: { tickets: 'x360Recover — Device Health', billing: 'x360Recover — Usage' },
		credential: {
			...X360_CREDENTIAL,
			data: { apiKey: x.apiKey, environment: 'custom', customUrl: x.baseUrl },
		},
		seed: (clients, devices) => x.seed({ clients, devices }),
		systems: () => x.model.devices.length,
		fail(indexes, now, since) {
			for (const i of indexes)
				setHealth(
					x.model,
					x.model.devices[i].id,
					{
						status: 'TROUBLED',
						reason: 'BACKUP_FAILED',
						message: FAILED_MESSAGE,
						timestamp: new Date(since).toISOString(),
					},
					now,
				);
		},
		counts: () => x.counts(),
		resetCounts: () => x.resetCounts(),
		close: () => x.close(),
	};
}

async function dattoDriver(port: number, latencyMs: number): Promise<SourceDriver> {
	const d = await startDatto({ port, seed: 'empty', latencyMs });
	const agents = () =>
		d.model.appliances.flatMap((a) => a.assets.filter((x) => x.kind === 'agent'));
	return {
		name: 'Datto BCDR',
		slug: 'datto',
		templates: { tickets: 'workflows/datto-tickets.json', billing: 'workflows/datto-billing.json' },
		sourceNode: { tickets: 'Datto BCDR — Device Health', billing: 'Datto BCDR — Usage' },
		credential: {
			name: 'Datto BCDR (stand-in)',
			type: 'bdrDattoBcdrApi',
			data: {
				publicKey: d.publicKey,
				secretKey: d.secretKey,
				environment: 'custom',
				customUrl: d.baseUrl,
			},
		},
		seed: (clients, devices) => d.seed({ organizations: clients, agents: devices }),
		systems: () => agents().length,
		fail(indexes, now, since) {
			const all = agents();
			for (const i of indexes)
				setBackup(
					all[i],
					{ status: 'failure', errorMessage: FAILED_MESSAGE, since: new Date(since).toISOString() },
					now,
				);
		},
		counts: () => d.counts(),
		resetCounts: () => d.resetCounts(),
		close: () => d.close(),
	};
}

const DRIVERS: Record<SourceName, (port: number, latencyMs: number) => Promise<SourceDriver>> = {
	x360Recover: x360Driver,
	'Datto BCDR': dattoDriver,
};

/** The API user of one cold poll: its own lookup and picklist caches in n8n. */
export const pollUser = (
	slug: string,
	devices: number,
	template: SourceTemplate,
	poll: number,
	secret: string,
) => ({
	username: `bench-${slug}-${template}-${devices}-${poll}@sandbox.local`,
	secret,
});

export async function runSourcePolls(o: SourcesOptions): Promise<SourcePollRun[]> {
	const runs: SourcePollRun[] = [];
	for (const name of o.sources) {
		const driver = await DRIVERS[name](o.vendorPort, o.latencyMs);
		try {
			// the templates name the vendor credential; the Autotask one is per poll
			o.server.credentialIds[driver.credential.name] = await o.server.restClient.createCredential(
				driver.credential,
			);
			for (const devices of o.devices) {
				for (const template of SOURCE_TEMPLATES)
					runs.push(await runOne(o, driver, devices, template));
			}
		} finally {
			await driver.close();
		}
	}
	return runs;
}

async function runOne(
	o: SourcesOptions,
	driver: SourceDriver,
	devices: number,
	template: SourceTemplate,
): Promise<SourcePollRun> {
	const clients = clientsFor(devices, o.devicesPerClient);
	const users = [1, 2].map((poll) =>
		pollUser(driver.slug, devices, template, poll, o.sandboxCredentials.secret),
	);
	const tag = `sources ${driver.name} ${template} ${devices}`;
	o.log(`${tag}: seeding both stand-ins (${clients} clients)`);
	const sb = await startSandbox({
		seed: clients,
		port: o.sandboxPort,
		credentials: o.sandboxCredentials,
		extraUsers: users,
		latencyMs: o.latencyMs,
		hourlyBudget: 10_000,
		threadLimit: 3,
	});
	try {
		driver.seed(clients, devices);
		driver.resetCounts();
		const now = Date.now();
		const failing = template === 'tickets' ? failingIndexes(driver.systems(), o.failingShare) : [];
		driver.fail(failing, now, now - 3 * 3600_000);
		const workflows = [];
		for (const [i, user] of users.entries()) {
			const credentialName = `Autotask API (bench ${driver.slug} ${template} ${devices}, poll ${i + 1})`;
			o.server.credentialIds[credentialName] = await o.server.restClient.createCredential({
				name: credentialName,
				type: 'bdrAutotaskApi',
				data: {
					...o.sandboxCredentials,
					username: user.username,
					zone: 'custom',
					customUrl: sb.baseUrl,
				},
			});
			const webhookPath = `bench-${driver.slug}-${template}-${devices}-${i + 1}`;
			const wf = await o.server.importWorkflow(
				sourcePollWorkflow(driver.templates[template], {
					webhookPath,
					autotaskCredential: credentialName,
				}),
			);
			workflows.push({ id: wf.id, url: o.server.webhookUrl(webhookPath) });
		}
		const polls: PollFigures[] = [];
		for (const [state, wf] of [
			['first', workflows[0]],
			['steady', workflows[1]],
			['steadyWarm', workflows[1]],
		] as const) {
			polls.push(await poll(o, sb, driver, template, state, wf));
			o.log(`${tag}: ${state} poll ${fmtPoll(polls[polls.length - 1])}`);
		}
		return {
			source: driver.name,
			template,
			devices: driver.systems(),
			clients,
			failing: failing.length,
			polls,
		};
	} finally {
		await sb.close();
	}
}

const fmtPoll = (p: PollFigures) =>
	`${p.vendorCalls} vendor calls, ${p.autotaskCalls} Autotask calls (${p.autotaskWrites} writes), ${(p.wallMs / 1000).toFixed(1)} s, ${p.status}, ${JSON.stringify(p.outcomes)}`;

async function poll(
	o: SourcesOptions,
	sb: Sandbox,
	driver: SourceDriver,
	template: SourceTemplate,
	state: PollState,
	wf: { id: string; url: string },
): Promise<PollFigures> {
	const known = await executionIds(o.server, wf.id);
	sb.resetCounts();
	driver.resetCounts();
	const res = await fetch(wf.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	if (!res.ok)
		throw new Error(`${wf.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
	const [execution] = await waitForNewExecutions(o.server, wf.id, known, 1, {
		timeoutMs: o.timeoutMs,
		pollMs: 500,
	});
	const stored = await storedExecution(o.server, String(execution.id));
	const counts = sb.counts();
	const vendor = driver.counts();
	const unmappedRuns = stored.runData[UNMAPPED_NODE];
	return {
		state,
		vendorCalls: vendor.total,
		vendorByRoute: vendor.byRoute,
		autotaskCalls: counts.total,
		autotaskByRoute: counts.byRoute,
		autotaskWrites: writesOf(counts.byRoute),
		refused: tally(
			sb.requestLog().filter((e) => e.status < 200 || e.status >= 300),
			(e) => `${e.status} ${e.route}`,
		),
		wallMs: Date.parse(execution.stoppedAt!) - Date.parse(execution.startedAt!),
		status: execution.status,
		sourceItems: nodeOutput(stored.runData, driver.sourceNode[template]).length,
		unmapped: unmappedRuns?.length ? nodeOutput(stored.runData, UNMAPPED_NODE).length : 0,
		outcomes: tally(nodeOutput(stored.runData, LAST_NODE[template]), (i) => String(i.outcome)),
		openTickets:
			template === 'tickets'
				? sb.store.rows('Tickets').filter((t) => t.status !== COMPLETE_STATUS).length
				: undefined,
	};
}
