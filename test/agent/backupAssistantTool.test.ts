/**
 * BDR Backup Assistant called the way n8n's AI Agent calls a tool (test/harness/agentTool.ts): one
 * flat item of $fromAI arguments, output 0 read back. Every expectation is read from the Autotask
 * stand-in's own records, not from the node's code.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { BASE } from '../../sandbox/tenant/base';
import { DEMO } from '../../sandbox/tenant/demo';
import { credentialsFor, runWorkflow } from '../harness';
import { callAsTool, type ToolPath } from '../harness/agentTool';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.reset());

const PATHS: ToolPath[] = ['engine', 'direct'];
const acme = DEMO.customers.acme;
const fromAI = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', '${description}', '${type}') }}`;
const optionalFromAI = (key: string, description: string) =>
	`={{ $fromAI('${key}', '${description}', 'string', '') }}`;

const ask = (
	parameters: Record<string, unknown>,
	args: Record<string, unknown>,
	path: ToolPath = 'engine',
) =>
	callAsTool({
		node: 'bdrBackupAssistant',
		parameters,
		args,
		path,
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
	});

/** What the model reads for a tool that answers with one item. */
const single = (observation: unknown) => {
	expect(Array.isArray(observation)).toBe(true);
	expect(observation).toHaveLength(1);
	return (observation as Array<Record<string, any>>)[0];
};

/** Seeds tickets as Open or Close Ticket leaves them: its alert key (bdr:…) in externalID. */
function seedTickets() {
	const ticket = (n: number, status: number, externalID: string | undefined) =>
		sb.store.insert('Tickets', {
			companyID: acme.companyId,
			title: `[BDR] Backup failed: SRV-0${n} (ACME Insurance)`,
			status,
			priority: 6,
			ticketNumber: `T20261202.000${n}`,
			externalID,
			createDate: '2026-12-02T08:00:00Z',
			lastActivityDate: '2026-12-02T08:00:00Z',
		});
	return {
		open: ticket(1, 1, `bdr:${acme.bdrCustomerId}/dev-1/SRV-01/backup`),
		closed: ticket(2, 5, `bdr:${acme.bdrCustomerId}/dev-1/SRV-02/backup`),
		notBackup: ticket(3, 1, undefined),
	};
}

describe('Look Up Customer as a tool', () => {
	const parameters = {
		resource: 'customer',
		operation: 'lookUpCustomer',
		customer: fromAI('customer', 'Company name or Autotask ID'),
	};

	it.each(PATHS)(
		'(%s) answers the company, its contracts and only its open backup tickets',
		async (path) => {
			const seeded = seedTickets();
			const { observation, tool, toolInput } = await ask(
				parameters,
				{ customer: 'acme insurance' },
				path,
			);
			expect(tool.argumentKeys).toEqual(['customer']);
			expect(tool.description).toBe(
				'Look up customer company with contracts and open backup tickets in BDR Backup Assistant',
			);
			const answer = single(observation);
			const company = sb.store.get('Companies', acme.companyId)!;
			expect(answer.company).toMatchObject({
				id: company.id,
				companyName: company.companyName,
				companyTypeLabel: 'Customer',
			});
			const contracts = sb.store.all('Contracts').filter((c) => c.companyID === acme.companyId);
			expect(answer.contracts.map((c: any) => c.id).sort()).toEqual(
				contracts.map((c) => c.id).sort(),
			);
			expect(answer.openBackupTicketCount).toBe(1);
			expect(answer.openBackupTickets).toEqual([
				expect.objectContaining({
					id: seeded.open.id,
					ticketNumber: 'T20261202.0001',
					statusLabel: 'New',
					priorityLabel: 'Medium',
				}),
			]);
			if (path === 'engine')
				expect(toolInput.map((i) => i.json)).toEqual([{ customer: 'acme insurance' }]);
		},
	);

	it("Simplify keeps the fields a technician asks about; off, the answer holds Autotask's records", async () => {
		const seeded = seedTickets();
		sb.store.update('Tickets', seeded.open.id, { description: 'x'.repeat(5000) });
		const simple = single((await ask(parameters, { customer: 'ACME Insurance' })).observation);
		expect(Object.keys(simple.openBackupTickets[0]).sort()).toEqual([
			'createDate',
			'externalID',
			'id',
			'lastActivityDate',
			'priorityLabel',
			'statusLabel',
			'ticketNumber',
			'title',
		]);
		const full = single(
			(await ask({ ...parameters, simplify: false }, { customer: 'ACME Insurance' })).observation,
		);
		expect(full.openBackupTickets[0]).toMatchObject({
			id: seeded.open.id,
			companyID: acme.companyId,
			description: 'x'.repeat(5000),
		});
		expect(full.contracts[0]).toHaveProperty('contractNumber');
	});

	it('finds the company by its Autotask ID', async () => {
		const answer = single(
			(await ask(parameters, { customer: String(acme.companyId) })).observation,
		);
		expect(answer.company.companyName).toBe(sb.store.get('Companies', acme.companyId)!.companyName);
	});

	it('an unknown company is an answer telling the agent what to ask, not a failure', async () => {
		const answer = single(
			(await ask(parameters, { customer: 'Zyxwv Quokka Holdings' })).observation,
		);
		expect(answer).toEqual({
			found: false,
			message: expect.stringMatching(
				/^No Autotask company matches "Zyxwv Quokka Holdings"\. Ask the user/,
			),
		});
	});

	it('words naming several companies list them for the agent to ask which', async () => {
		const words = 'a';
		const matching = sb.store
			.all('Companies')
			.filter((c) => String(c.companyName).toLowerCase().includes(words) && c.isActive !== false);
		expect(matching.length).toBeGreaterThan(1);
		const answer = single((await ask(parameters, { customer: words })).observation);
		expect(answer.found).toBe(false);
		expect(answer.message).toMatch(/matches \d+ companies\. Ask the user which one/);
		for (const c of answer.candidates) expect(matching.map((m) => m.id)).toContain(c.id);
	});
});

describe('Billing Dry Run as a tool', () => {
	const rows = [
		{
			quantity: 'serverLicenses',
			serviceId: { __rl: true, mode: 'id', value: String(BASE.services.serverLicense.id) },
		},
		{
			quantity: 'offsiteStorage',
			serviceId: { __rl: true, mode: 'name', value: BASE.services.cloudStorageGb.name },
			conversion: 'GB',
			base: 'decimal',
			rounding: 'up',
		},
		{
			quantity: 'workstationLicenses',
			serviceId: { __rl: true, mode: 'id', value: String(BASE.services.workstationLicense.id) },
		},
	];
	const parameters = {
		resource: 'contract',
		operation: 'billingDryRun',
		contract: fromAI('contract', 'Contract ID or customer name'),
		serverLicenses: optionalFromAI('server_licenses', 'Server licences reported; empty if unknown'),
		offsiteStorageGb: optionalFromAI(
			'offsite_storage_gb',
			'Offsite storage in GB; empty if unknown',
		),
		workstationLicenses: optionalFromAI(
			'workstation_licenses',
			'Workstation licences reported; empty if unknown',
		),
		billingSettings: { rows },
	};
	const today = () => new Date().toISOString().slice(0, 10);

	/** Units the stand-in holds for a service on the contract today. */
	const unitsNow = (contractId: number, serviceId: number) => {
		const day = today();
		const row = sb.store
			.all('ContractServiceUnits')
			.filter(
				(u) =>
					u.contractID === contractId &&
					u.serviceID === serviceId &&
					String(u.startDate).slice(0, 10) <= day &&
					day <= String(u.endDate).slice(0, 10),
			)
			.sort((a, b) => String(b.startDate).localeCompare(String(a.startDate)))[0];
		return Number(row?.units ?? 0);
	};

	it.each(PATHS)(
		'(%s) answers current → target units per service and writes nothing',
		async (path) => {
			const before = {
				adjustments: sb.store.all('ContractServiceAdjustments').length,
				notes: sb.store.all('ContractNotes').length,
			};
			const { observation, tool } = await ask(
				parameters,
				{ contract: 'ACME Insurance', server_licenses: '7', offsite_storage_gb: '1234.5' },
				path,
			);
			expect(tool.argumentKeys).toEqual([
				'contract',
				'offsite_storage_gb',
				'server_licenses',
				'workstation_licenses',
			]);
			const answer = single(observation);
			const server = unitsNow(acme.contractId, BASE.services.serverLicense.id);
			const cloud = unitsNow(acme.contractId, BASE.services.cloudStorageGb.id);
			const workstations = unitsNow(acme.contractId, BASE.services.workstationLicense.id);
			expect(answer).toMatchObject({
				contractId: acme.contractId,
				effectiveDate: today(),
				status: 'change',
				problems: [],
			});
			expect(answer.services).toEqual([
				expect.objectContaining({
					service: BASE.services.serverLicense.name,
					currentUnits: server,
					targetUnits: 7,
					change: 7 - server,
					status: 'change',
				}),
				// 1234.5 decimal GB, rounded up
				expect.objectContaining({
					service: BASE.services.cloudStorageGb.name,
					currentUnits: cloud,
					targetUnits: 1235,
					change: 1235 - cloud,
					status: 'change',
				}),
				// not given: left as Autotask holds it
				expect.objectContaining({
					service: BASE.services.workstationLicense.name,
					currentUnits: workstations,
					targetUnits: workstations,
					status: 'not-reported',
				}),
			]);
			expect(answer.summary).toMatch(
				/^Sync Billing would change 2 services on "Select Storage Contract".*Nothing was written/,
			);
			expect({
				adjustments: sb.store.all('ContractServiceAdjustments').length,
				notes: sb.store.all('ContractNotes').length,
			}).toEqual(before);
		},
	);

	it('usage equal to what Autotask bills says so', async () => {
		const server = unitsNow(acme.contractId, BASE.services.serverLicense.id);
		const answer = single(
			(
				await ask(parameters, {
					contract: String(acme.contractId),
					server_licenses: String(server),
				})
			).observation,
		);
		expect(answer.status).toBe('unchanged');
		expect(answer.summary).toMatch(/already bills what the usage calls for/);
	});

	it('a contract that is not Recurring Service is named as the problem', async () => {
		const answer = single(
			(
				await ask(parameters, {
					contract: String(DEMO.acmeOnsiteContract.id),
					server_licenses: '3',
				})
			).observation,
		);
		expect(answer.status).toBe('error');
		expect(answer.problems[0]).toMatch(/not a Recurring Service contract/);
	});

	it('a customer with no billing contract, or several, is an answer telling the agent what to ask', async () => {
		const nimbus = DEMO.misconfigured.noContract;
		const none = single(
			(await ask(parameters, { contract: nimbus.name, server_licenses: '3' })).observation,
		);
		expect(none).toEqual({
			found: false,
			message: expect.stringMatching(
				new RegExp(
					`^${nimbus.name} \\(company ${nimbus.companyId}\\) has no active Recurring Service contract`,
				),
			),
		});
		const second = sb.store.insert('Contracts', {
			companyID: acme.companyId,
			contractName: 'ACME second site',
			contractType: 7,
			status: 1,
			startDate: '2026-01-01T00:00:00Z',
			endDate: '2027-12-31T00:00:00Z',
		});
		const several = single(
			(await ask(parameters, { contract: acme.name, server_licenses: '3' })).observation,
		);
		expect(several.message).toMatch(
			/^ACME Insurance has 2 active Recurring Service contracts\. Ask the user which one/,
		);
		expect(several.candidates.map((c: any) => c.id).sort()).toEqual(
			[acme.contractId, second.id].sort(),
		);
	});

	it('an unknown customer, or a usage that is no number, reaches the model as a clear message', async () => {
		const unknown = single(
			(await ask(parameters, { contract: 'Zyxwv Quokka Holdings', server_licenses: '3' }))
				.observation,
		);
		expect(unknown.message).toMatch(/^No Autotask company matches "Zyxwv Quokka Holdings"/);
		const bad = single(
			(await ask(parameters, { contract: String(acme.contractId), server_licenses: 'seven' }))
				.observation,
		);
		expect(bad).toEqual({
			error: expect.stringContaining('"Server Licenses" is "seven": give a number of 0 or more'),
		});
		const none = single((await ask(parameters, { contract: String(acme.contractId) })).observation);
		expect(none.error).toMatch(/^No usage was given: fill at least one of Server Licenses/);
	});
});

describe('Add Note to Backup Ticket as a tool', () => {
	const parameters = (allowWrites: boolean) => ({
		resource: 'ticket',
		operation: 'addTicketNote',
		ticket: fromAI('ticket', 'Ticket number, e.g. T20260301.0042'),
		note: fromAI('note', 'The note text'),
		allowWrites,
	});
	const notesOf = (ticketId: number) =>
		sb.store.all('TicketNotes').filter((n) => n.ticketID === ticketId);

	it.each(PATHS)(
		'(%s) is refused while Allow Writes is off, and nothing is written',
		async (path) => {
			const { open } = seedTickets();
			const notes = sb.store.all('TicketNotes').length;
			const { observation } = await ask(
				parameters(false),
				{ ticket: 'T20261202.0001', note: 'Called the customer' },
				path,
			);
			const refusal =
				path === 'engine' ? single(observation).error : (observation as { thrown: string }).thrown;
			expect(refusal).toMatch(
				/Adding notes is switched off, so nothing was written\. .*turn on "Allow Writes"/,
			);
			expect(sb.store.all('TicketNotes')).toHaveLength(notes);
			expect(notesOf(open.id)).toEqual([]);
		},
	);

	it.each(PATHS)(
		'(%s) adds the note with Allow Writes on, read back from Autotask',
		async (path) => {
			const { open } = seedTickets();
			const text = `Called the customer: the NAS was off for maintenance (${path})`;
			const answer = single(
				(await ask(parameters(true), { ticket: 'T20261202.0001', note: text }, path)).observation,
			);
			const stored = notesOf(open.id);
			expect(stored).toEqual([
				expect.objectContaining({ description: text, title: 'Note from the BDR Backup Assistant' }),
			]);
			expect(answer).toMatchObject({
				added: true,
				noteId: stored[0].id,
				ticketId: open.id,
				ticketNumber: 'T20261202.0001',
			});
		},
	);

	it('finds the ticket by its ID too', async () => {
		const { open } = seedTickets();
		await ask(parameters(true), { ticket: String(open.id), note: 'by id' });
		expect(notesOf(open.id).map((n) => n.description)).toEqual(['by id']);
	});

	it('refuses a ticket the BDR integration did not open, and an unknown ticket', async () => {
		const { notBackup } = seedTickets();
		const other = single(
			(await ask(parameters(true), { ticket: 'T20261202.0003', note: 'x' })).observation,
		);
		expect(other.error).toMatch(/was not opened by the BDR integration.*Nothing was written/);
		const unknown = single(
			(await ask(parameters(true), { ticket: 'T19990101.9999', note: 'x' })).observation,
		);
		expect(unknown.error).toMatch(/^Ticket T19990101\.9999 was not found in Autotask/);
		expect(notesOf(notBackup.id)).toEqual([]);
	});
});

describe('BDR Backup Assistant as a regular node', () => {
	const node = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: {},
			},
			{
				name: 'Assistant',
				type: 'n8n-nodes-bdr-autotask.bdrBackupAssistant',
				typeVersion: 1,
				position: [200, 0] as [number, number],
				parameters,
				credentials: { bdrAutotaskApi: { id: '1', name: 'Autotask' } },
				...extra,
			},
		],
		connections: { Start: { main: [[{ node: 'Assistant', type: 'main' as never, index: 0 }]] } },
	});

	it('answers once per input item, paired with it', async () => {
		const harbor = DEMO.customers.harbor;
		const r = await runWorkflow(
			node({ resource: 'customer', operation: 'lookUpCustomer', customer: '={{ $json.name }}' }),
			{
				credentials: { bdrAutotaskApi: credentialsFor(sb) },
				input: [{ name: acme.name }, { name: harbor.name }],
			},
		);
		const out = r.outputs.Assistant[0];
		expect(out.map((i) => [(i.json.company as any).id, i.pairedItem])).toEqual([
			[acme.companyId, { item: 0 }],
			[harbor.companyId, { item: 1 }],
		]);
	});

	it('with continue-on-fail a refusal becomes an error item', async () => {
		const r = await runWorkflow(
			node(
				{
					resource: 'ticket',
					operation: 'addTicketNote',
					ticket: 'T1',
					note: 'x',
					allowWrites: false,
				},
				{ onError: 'continueRegularOutput' },
			),
			{
				credentials: { bdrAutotaskApi: credentialsFor(sb) },
			},
		);
		expect(r.error).toBeUndefined();
		expect(r.outputs.Assistant[0].map((i) => i.json)).toEqual([
			{ error: expect.stringMatching(/^Adding notes is switched off/) },
		]);
	});
});
