/**
 * Conformance: an Autotask client written by others (@apigrate/autotask-restapi) works against the
 * sandbox. Its constructor takes `options.base_url` (default Autotask's zone-lookup host); we pass
 * the sandbox's `http://127.0.0.1:PORT/ATServicesRest/`, so its own lazy zoneInformation lookup
 * goes to the sandbox, which answers with its own URL: everything stays on loopback, no proxy needed.
 * (Its https.Agent option is ignored by Node's fetch for http URLs.)
 */
import { AutotaskApiError, AutotaskRestApi } from '@apigrate/autotask-restapi';
import { DEMO } from '../../sandbox/tenant/demo';
import { Sandbox, startSandbox } from '../../sandbox/server';

let sb: Sandbox;
let api: any;

beforeAll(async () => {
	sb = await startSandbox({ seed: 1200, port: 0 });
	api = new AutotaskRestApi(
		sb.credentials.username,
		sb.credentials.secret,
		sb.credentials.integrationCode,
		{
			base_url: sb.baseUrl.replace(/V1\.0$/, ''),
		},
	);
});
afterAll(() => sb.close());

async function picklistValue(entity: string, field: string, label: string): Promise<number> {
	const { fields } = await api[entity].fieldInfo();
	return Number(
		fields.find((f: any) => f.name === field).picklistValues.find((v: any) => v.label === label)
			.value,
	);
}

it('looks the zone up through zoneInformation (lower-case v1.0 path) and then uses the URL it got', async () => {
	const result = await api.Companies.get(0);
	expect(result.item.id).toBe(0);
	expect(api.zoneInfo.url).toBe(sb.baseUrl.replace(/V1\.0$/, ''));
	expect(sb.counts().byRoute['GET zoneInformation']).toBe(1);
});

/** apigrate has no paging helper: its own request methods take a path below V1.0. */
const belowVersion = (url: string) => url.slice(url.indexOf('/V1.0/') + '/V1.0'.length);

it('queries with a filter and pages past 500 records by POSTing the same query to nextPageUrl (WYRE-AI/autotask-mcp PR #170)', async () => {
	const search = {
		filter: [{ op: 'beginsWith', field: 'companyName', value: 'generated customer' }],
	};
	let page = await api.Companies.query(search);
	const seen: number[] = [];
	for (;;) {
		seen.push(...page.items.map((c: any) => c.id));
		const next: string | null = page.pageDetails.nextPageUrl;
		if (!next) break;
		page = await api._post(belowVersion(next), search);
	}
	expect(seen).toHaveLength(1200);
	expect(new Set(seen).size).toBe(1200);
});

it("a GET on a POST query's nextPageUrl fails as on a real tenant (405 with a Message body)", async () => {
	const first = await api.Companies.query({ filter: [{ op: 'exist', field: 'id' }] });
	const error = await api
		._get(belowVersion(first.pageDetails.nextPageUrl))
		.catch((e: unknown) => e);
	expect(error).toBeInstanceOf(AutotaskApiError);
	expect(error.status).toBe(405);
	expect(error.details).toEqual({
		Message: "The requested resource does not support http method 'GET'.",
	});
});

it('pages the way apigrate users usually do: id > last id with MaxRecords 500', async () => {
	let last = -1;
	let total = 0;
	for (;;) {
		const { items } = await api.Companies.query({
			MaxRecords: 500,
			filter: [{ op: 'gt', field: 'id', value: last }],
		});
		if (items.length === 0) break;
		total += items.length;
		last = items[items.length - 1].id;
	}
	expect(total).toBe(1201);
});

it('counts', async () => {
	const r = await api.Companies.count({ filter: [{ op: 'eq', field: 'companyType', value: 1 }] });
	expect(r.queryCount).toBe(1201);
});

it('gets by id, and gets null for a missing id (its 404 handling)', async () => {
	expect((await api.Services.get(DEMO.services.appliance.id)).item.name).toBe(
		DEMO.services.appliance.name,
	);
	expect(await api.Companies.get(987654)).toBeNull();
});

it('creates a ticket and a child note, updates the ticket, and reads the changes back', async () => {
	const company = (
		await api.Companies.query({
			MaxRecords: 1,
			filter: [{ op: 'eq', field: 'companyName', value: 'Generated Customer 00007' }],
		})
	).items[0];
	const created = await api.Tickets.create({
		companyID: company.id,
		title: 'Backup job failed',
		status: await picklistValue('Tickets', 'status', 'New'),
		priority: await picklistValue('Tickets', 'priority', 'Medium'),
		queueID: await picklistValue('Tickets', 'queueID', 'Managed Services Alerts'),
		externalID: 'bdr:gen7:job1',
		dueDateTime: new Date(Date.now() + 86_400_000).toISOString(),
	});
	expect(created.itemId).toEqual(expect.any(Number));
	const note = await api.TicketNotes.create(created.itemId, {
		title: 'Repeat',
		description: 'The job failed again.',
		noteType: await picklistValue('TicketNotes', 'noteType', 'Task Notes'),
		publish: await picklistValue('TicketNotes', 'publish', 'All Autotask Users'),
	});
	expect(note.itemId).toEqual(expect.any(Number));
	const complete = await picklistValue('Tickets', 'status', 'Complete');
	expect(await api.Tickets.update({ id: created.itemId, status: complete })).toEqual({
		itemId: created.itemId,
	});
	const ticket = (await api.Tickets.get(created.itemId)).item;
	expect(ticket).toEqual(
		expect.objectContaining({
			status: complete,
			externalID: 'bdr:gen7:job1',
			completedDate: expect.any(String),
		}),
	);
	const notes = await api.TicketNotes.query({
		filter: [{ op: 'eq', field: 'ticketID', value: created.itemId }],
	});
	expect(notes.items.map((n: any) => n.id)).toEqual([note.itemId]);
});

it('surfaces a refusal as a "Server error" AutotaskApiError with status 500 and Autotask\'s errors[] (PR #288)', async () => {
	const error = await api.Tickets.create({ title: 'no company' }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(AutotaskApiError);
	expect(error.status).toBe(500);
	expect(error.message).toMatch(/^Server error \(HTTP-500\)/);
	expect(error.details.errors).toContain(
		'Value does not reference an existing entity for companyID . ',
	);
});
