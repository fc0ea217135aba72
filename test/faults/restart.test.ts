/**
 * Restart: n8n is killed (SIGKILL of its whole process group, as the OOM killer or a pulled plug
 * would) in the middle of a billing sync of many contracts, then started again on the same user
 * folder. The crashed execution is retried from n8n's list, and the BDR's next report (the same
 * usage) runs too: units converge exactly, with no service adjusted twice and no note written twice.
 */
import { makeEvent } from '../../sandbox/simulator';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { generatedBdrCustomerId } from '../../sandbox/tenant/generated';
import { sandboxCredentials, startN8n, type N8nServer } from '../../tools/n8n/server';
import {
	allExecutions,
	faultWorkflows,
	outcomesByEvent,
	postSigned,
	runSecrets,
	SCALE,
	waitSettled,
} from './support/stack';
import { BILLED_SERVICES, noteTwins, unitsTable } from './support/streams';
import { rmSync } from 'node:fs';

const CUSTOMERS = 200 * SCALE;
const ADJUSTMENTS = 'POST Contracts/{id}/ServiceAdjustments';
const secrets = runSecrets();
const today = new Date().toISOString().slice(0, 10);

let sb: Sandbox;
let n8n: N8nServer | undefined;
let userFolder: string;
let contracts: Array<{
	bdrId: string;
	contractId: number;
	target: number[];
	before: Array<number | undefined>;
}>;
let atKill = { adjustments: 0, notes: 0 };
let crashed: { id: string; status: string } | undefined;
let retryAccepted = false;
const eventIds: string[] = [];

function target(k: number): number[] {
	return [1, 2 + (k % 5), 10 + (k % 7), 1 + (k % 3), 300 + k, 600 + 2 * k];
}

function reports(tag: string, occurredAt: Date) {
	return contracts.map((c, k) => {
		const t = c.target;
		return makeEvent({
			kind: 'usage',
			customer: { id: c.bdrId },
			occurredAt,
			eventId: `${tag}-${k}`,
			usage: {
				licenses: { appliance: t[0], server: t[1], workstation: t[2], virtual: t[3] },
				storage: { unit: 'GB', local: t[4], offsite: t[5] },
			},
		});
	});
}

const billingUrl = (server: N8nServer) => server.webhookUrl('bdr-billing/bdr-events');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	sb = await startSandbox({
		seed: CUSTOMERS,
		port: 0,
		latencyMs: 15,
		credentials: { secret: secrets.secret, integrationCode: secrets.integrationCode },
	});
	const companies = new Map(sb.store.all('Companies').map((c) => [c.id, c]));
	const initial = unitsTable(sb, today);
	contracts = sb.store.all('Contracts').map((contract) => {
		const company = companies.get(contract.companyID) as any;
		const bdrId = company.userDefinedFields.find((u: any) => /^bdr-gen-/.test(u.value))
			.value as string;
		return {
			bdrId,
			contractId: contract.id as number,
			target: [],
			before: initial(contract.id as number),
		};
	});
	contracts.forEach((c, k) => (c.target = target(k)));
	expect(contracts.map((c) => c.bdrId)).toContain(generatedBdrCustomerId(CUSTOMERS));

	const [, billing] = faultWorkflows();
	n8n = await startN8n({
		workflows: [billing],
		credentials: sandboxCredentials(sb, secrets.webhookSecret),
		keepUserFolder: true,
	});
	userFolder = n8n.userFolder;
	const changedServices = contracts.reduce(
		(n, c) => n + c.target.filter((u, s) => u !== c.before[s]).length,
		0,
	);

	const batch = reports('rst', new Date(Date.now() - 60_000));
	eventIds.push(...batch.map((e) => String(e.eventId)));
	const answer = await postSigned(billingUrl(n8n), secrets.webhookSecret, batch);
	expect(answer.status).toBe(202);
	// Kill once about a quarter of the adjustments went out (bounded wait).
	for (let i = 0; i < 2400 && (sb.counts().byRoute[ADJUSTMENTS] ?? 0) < changedServices / 4; i++)
		await sleep(50);
	process.kill(-n8n.pid, 'SIGKILL');
	atKill = {
		adjustments: sb.store.all('ContractServiceAdjustments').length,
		notes: sb.store.all('ContractNotes').length,
	};
	await sleep(300); // requests already on the wire land or die
	atKill = {
		adjustments: sb.store.all('ContractServiceAdjustments').length,
		notes: sb.store.all('ContractNotes').length,
	};
	await n8n.stop();
	process.stderr.write(
		`[restart] ${CUSTOMERS} contracts, ${changedServices} services to change; killed after ${atKill.adjustments} adjustments and ${atKill.notes} notes\n`,
	);
	expect(atKill.adjustments).toBeGreaterThan(0);
	expect(atKill.adjustments).toBeLessThan(changedServices);

	// Same user folder: same database, credentials, workflow and the interrupted execution.
	n8n = await startN8n({ userFolder });
	const workflowId = (await n8n.restClient.listWorkflows())[0].id;
	const before = await allExecutions(n8n, workflowId);
	crashed = before.map((e) => ({ id: String(e.id), status: e.status }))[0];
	await n8n.restClient.retryExecution(crashed.id).then(
		() => (retryAccepted = true),
		() => (retryAccepted = false),
	);
	await waitSettled(n8n, workflowId, before.length + (retryAccepted ? 1 : 0));
	process.stderr.write(
		`[restart] after the restart: execution ${crashed.id} was ${crashed.status}; retry accepted: ${retryAccepted}\n`,
	);

	// The BDR's next report carries the same usage: it must find nothing left to do.
	for (let i = 0; i < 100; i++) {
		const next = await postSigned(
			billingUrl(n8n),
			secrets.webhookSecret,
			reports('rst-next', new Date()),
		);
		if (next.status === 202) break;
		if (next.status !== 404) throw new Error(`webhook answered ${next.status}`);
		await sleep(200); // the restarted n8n is still re-activating the workflow
	}
	await waitSettled(n8n, workflowId, before.length + (retryAccepted ? 2 : 1));
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
	if (userFolder) rmSync(userFolder, { recursive: true, force: true });
});

describe('restart: n8n killed mid billing sync, started again on the same user folder', () => {
	it('n8n lists the interrupted execution as crashed, and its Retry is accepted', () => {
		expect(crashed?.status).toMatch(/crashed|error/);
		expect(retryAccepted).toBe(true);
	});

	it('converges to the exact units of the usage on every contract', async () => {
		const units = unitsTable(sb, today);
		const wrong = contracts.filter(
			(c) => JSON.stringify(units(c.contractId)) !== JSON.stringify(c.target),
		);
		expect(
			wrong.map(
				(c) =>
					`${c.contractId}: ${JSON.stringify(units(c.contractId))} ≠ ${JSON.stringify(c.target)}`,
			),
		).toEqual([]);
	});

	it('adjusted each changed service exactly once (no double counting) and wrote no note twice', () => {
		const adjustments = sb.store.all('ContractServiceAdjustments');
		const allNotes = sb.store.all('ContractNotes');
		const problems: string[] = [];
		for (const c of contracts) {
			BILLED_SERVICES.forEach((serviceId, s) => {
				const made = adjustments.filter(
					(a) => a.contractID === c.contractId && a.serviceID === serviceId,
				).length;
				const expected = c.target[s] !== c.before[s] ? 1 : 0;
				if (made !== expected)
					problems.push(
						`contract ${c.contractId} service ${serviceId}: ${made} adjustments, expected ${expected}`,
					);
			});
			const notes = noteTwins(sb, c.contractId, allNotes);
			if (notes.twice.length || notes.notes > 1)
				problems.push(
					`contract ${c.contractId}: ${notes.notes} notes, twice: ${notes.twice.join(', ')}`,
				);
		}
		expect(problems).toEqual([]);
	});

	it("the BDR's next report finds every contract already right", async () => {
		const workflowId = (await n8n!.restClient.listWorkflows())[0].id;
		const { outcomes } = await outcomesByEvent(n8n!, workflowId, 'Sync Billing');
		const next = contracts.map((_, k) => outcomes.get(`rst-next-${k}`)?.at(-1)?.outcome);
		expect(new Set(next)).toEqual(new Set(['unchanged']));
	});
});
