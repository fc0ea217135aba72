import { DEMO } from '../../sandbox/tenant/demo';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { call } from './sandbox-fetch';

let sb: Sandbox;
const NOW = new Date('2026-11-25T10:00:00Z');
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW });
});
afterAll(() => sb.close());

/** Reads a picklist value by label the way a client must (ids are tenant-specific). */
async function pick(entity: string, field: string, label: string): Promise<number> {
	const r = await call(sb, 'GET', `${entity}/entityInformation/fields`);
	const f = r.body.fields.find((x: any) => x.name === field);
	return Number(f.picklistValues.find((v: any) => v.label === label).value);
}

async function newTicket(extra: Record<string, unknown> = {}) {
	const body = {
		companyID: DEMO.customers.acme.companyId, title: 'Backup failed', status: await pick('Tickets', 'status', 'New'),
		priority: await pick('Tickets', 'priority', 'Medium'), queueID: await pick('Tickets', 'queueID', 'Managed Services Alerts'), ...extra,
	};
	return call(sb, 'POST', 'Tickets', body);
}

describe('create', () => {
	it('returns { itemId } and generates ticketNumber and createDate', async () => {
		const r = await newTicket({ externalID: 'bdr:1' });
		expect(r.status).toBe(200);
		const t = (await call(sb, 'GET', `Tickets/${r.body.itemId}`)).body.item;
		expect(t.ticketNumber).toMatch(/^T20261125\.\d{4}$/);
		expect(t.createDate).toBe(NOW.toISOString());
		expect(t.externalID).toBe('bdr:1');
		expect(t.creatorResourceID).toBe(DEMO.resources.apiUser);
	});

	it('numbers tickets of the same day consecutively', async () => {
		const a = (await call(sb, 'GET', `Tickets/${(await newTicket()).body.itemId}`)).body.item.ticketNumber;
		const b = (await call(sb, 'GET', `Tickets/${(await newTicket()).body.itemId}`)).body.item.ticketNumber;
		expect(Number(b.split('.')[1])).toBe(Number(a.split('.')[1]) + 1);
	});

	it('refuses missing required fields, naming each', async () => {
		const r = await call(sb, 'POST', 'Tickets', { title: 'x', queueID: 29683498 });
		expect(r.status).toBe(400);
		expect(r.body.errors).toEqual(expect.arrayContaining([expect.stringContaining('Tickets.companyID'), expect.stringContaining('Tickets.status'), expect.stringContaining('Tickets.priority')]));
	});

	it('refuses a title over 255 characters and a description over 8000', async () => {
		const r = await newTicket({ title: 'x'.repeat(256), description: 'y'.repeat(8001) });
		expect(r.status).toBe(400);
		expect(r.body.errors).toEqual(expect.arrayContaining([expect.stringMatching(/Tickets\.title.*255/), expect.stringMatching(/Tickets\.description.*8000/)]));
	});

	it('refuses a value that is not in the picklist, listing the active ones', async () => {
		const r = await newTicket({ priority: 2 });
		expect(r.status).toBe(400);
		expect(r.body.errors[0]).toMatch(/Tickets\.priority: 2 is not a value.*\(Medium\)/);
	});

	it('refuses an inactive picklist value', async () => {
		const r = await newTicket({ queueID: await pick('Tickets', 'queueID', 'Old Backup Queue') });
		expect(r.status).toBe(400);
		expect(r.body.errors[0]).toContain('inactive');
	});

	it('checks subIssueType against its issueType', async () => {
		const backup = await pick('Tickets', 'issueType', 'Backup');
		const hardware = await pick('Tickets', 'issueType', 'Hardware');
		const failed = await pick('Tickets', 'subIssueType', 'Backup Failed');
		expect((await newTicket({ issueType: backup, subIssueType: failed })).status).toBe(200);
		const bad = await newTicket({ issueType: hardware, subIssueType: failed });
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0]).toContain('Tickets.subIssueType');
	});

	it('refuses read-only and unknown fields, and references to missing records', async () => {
		const r = await newTicket({ ticketNumber: 'T1', colour: 'red', contractID: 123 });
		expect(r.status).toBe(400);
		expect(r.body.errors).toEqual(expect.arrayContaining([
			expect.stringContaining('Tickets.ticketNumber: the field is read-only'),
			expect.stringContaining('Tickets.colour: unknown field'),
			expect.stringContaining('Tickets.contractID: Contracts 123 does not exist'),
		]));
	});

	it('needs a queue or an assigned resource', async () => {
		const r = await newTicket({ queueID: null });
		expect(r.status).toBe(400);
		expect(r.body.errors[0]).toContain('Tickets.queueID');
	});
});

describe('update', () => {
	it('PATCH changes only the given fields; Complete sets completedDate, reopening clears it', async () => {
		const id = (await newTicket({ description: 'keep me' })).body.itemId;
		const complete = await pick('Tickets', 'status', 'Complete');
		expect((await call(sb, 'PATCH', 'Tickets', { id, status: complete })).body).toEqual({ itemId: id });
		const done = (await call(sb, 'GET', `Tickets/${id}`)).body.item;
		expect(done).toEqual(expect.objectContaining({ status: complete, description: 'keep me', completedDate: NOW.toISOString() }));
		await call(sb, 'PATCH', 'Tickets', { id, status: await pick('Tickets', 'status', 'In Progress') });
		expect((await call(sb, 'GET', `Tickets/${id}`)).body.item.completedDate).toBeNull();
	});

	it('PUT replaces the record: fields left out become null, required ones are checked', async () => {
		const id = (await newTicket({ description: 'gone after PUT', externalID: 'k' })).body.itemId;
		const current = (await call(sb, 'GET', `Tickets/${id}`)).body.item;
		const { description: _d, ...rest } = current;
		expect((await call(sb, 'PUT', 'Tickets', rest)).status).toBe(200);
		const after = (await call(sb, 'GET', `Tickets/${id}`)).body.item;
		expect(after.description).toBeNull();
		expect(after.externalID).toBe('k');
		const bad = await call(sb, 'PUT', 'Tickets', { id, title: 'only a title' });
		expect(bad.status).toBe(400);
		expect(bad.body.errors.join(' ')).toContain('Tickets.companyID');
	});

	it('PATCH cannot clear a required field and needs an id', async () => {
		const id = (await newTicket()).body.itemId;
		expect((await call(sb, 'PATCH', 'Tickets', { id, title: '' })).body.errors[0]).toContain('Tickets.title');
		expect((await call(sb, 'PATCH', 'Tickets', { title: 'x' })).body.errors[0]).toContain('Tickets.id');
	});

	it('merges userDefinedFields by name and refuses unknown ones', async () => {
		const id = DEMO.customers.cedar.companyId;
		expect((await call(sb, 'PATCH', 'Companies', { id, userDefinedFields: [{ name: 'Backup Tier', value: 'Gold' }] })).status).toBe(200);
		const udfs = (await call(sb, 'GET', `Companies/${id}`)).body.item.userDefinedFields;
		expect(udfs).toEqual(expect.arrayContaining([{ name: 'BDR Customer ID', value: DEMO.customers.cedar.bdrCustomerId }, { name: 'Backup Tier', value: 'Gold' }]));
		const bad = await call(sb, 'PATCH', 'Companies', { id, userDefinedFields: [{ name: 'Nope', value: '1' }] });
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0]).toContain('"Nope"');
	});
});

describe('ticket notes', () => {
	const note = async (ticketId: number) => ({
		title: 'Repeat', description: 'seen again', noteType: await pick('TicketNotes', 'noteType', 'Task Notes'), publish: await pick('TicketNotes', 'publish', 'All Autotask Users'),
	});

	it('creates through the child URL, sets ticketID from the URL and reads back through it', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId));
		expect(r.status).toBe(200);
		const back = await call(sb, 'GET', `Tickets/${ticketId}/Notes/${r.body.itemId}`);
		expect(back.body.item.ticketID).toBe(ticketId);
		expect((await call(sb, 'POST', 'TicketNotes', { ...(await note(ticketId)), ticketID: ticketId })).status).toBe(200);
	});

	it('refuses a ticketID in the body that differs from the URL', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, { ...(await note(ticketId)), ticketID: ticketId + 1 });
		expect(r.status).toBe(400);
	});

	it('refuses a note on a Complete ticket (tenant setting, on by default)', async () => {
		const ticketId = (await newTicket({ status: await pick('Tickets', 'status', 'Complete') })).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId));
		expect(r.status).toBe(400);
		expect(r.body.errors[0]).toContain('Complete');
		sb.store.settings.refuseNotesOnCompletedTickets = false;
		expect((await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId))).status).toBe(200);
		sb.store.settings.refuseNotesOnCompletedTickets = true;
	});

	it('requires title, description, noteType and publish', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, {});
		expect(r.body.errors).toHaveLength(4);
	});
});

describe('404 and 405', () => {
	it.each([
		['GET', 'Tickets/999999', undefined],
		['GET', 'Tickets/999999/Notes/1', undefined],
		['POST', 'Tickets/999999/Notes', { title: 'a' }],
		['PATCH', 'Tickets', { id: 999999, title: 'a' }],
		['GET', 'Widgets/1', undefined],
	])('%s %s → 404 with an errors body', async (method, path, body) => {
		const r = await call(sb, method, path, body);
		expect(r.status).toBe(404);
		expect(r.body.errors).toHaveLength(1);
	});

	it.each([
		['PATCH', 'ContractServiceAdjustments', { id: 1 }],
		['POST', 'ContractServiceAdjustments/query', { filter: [{ op: 'exist', field: 'id' }] }],
		['GET', 'ContractServiceAdjustments/61000', undefined],
		['POST', 'ContractServiceUnits', { contractID: 1 }],
		['DELETE', 'Tickets/1', undefined],
		['POST', 'Resources', { firstName: 'x' }],
		['GET', 'Tickets', undefined],
	])('%s %s → 405', async (method, path, body) => {
		const r = await call(sb, method, path, body);
		expect(r.status).toBe(405);
		expect(r.body.errors[0]).toContain(method);
	});
});

describe('entityInformation', () => {
	it('describes verbs, fields with picklists, and UDFs in Autotask\'s shape', async () => {
		expect((await call(sb, 'GET', 'ContractServiceAdjustments/entityInformation')).body.info).toEqual(
			expect.objectContaining({ canCreate: true, canQuery: false, canUpdate: false, canDelete: false }),
		);
		const fields = (await call(sb, 'GET', 'Tickets/entityInformation/fields')).body.fields;
		const status = fields.find((f: any) => f.name === 'status');
		expect(status).toEqual(expect.objectContaining({ dataType: 'integer', isPickList: true, isRequired: true }));
		expect(status.picklistValues.map((v: any) => v.label)).toEqual(expect.arrayContaining(['New', 'In Progress', 'Waiting Customer', 'Complete']));
		const sub = fields.find((f: any) => f.name === 'subIssueType');
		expect(sub.picklistValues.every((v: any) => typeof v.parentValue === 'string')).toBe(true);
		expect(fields.find((f: any) => f.name === 'title').length).toBe(255);
		const udfs = (await call(sb, 'GET', 'Companies/entityInformation/userDefinedFields')).body.fields;
		expect(udfs.map((u: any) => u.name)).toContain('BDR Customer ID');
	});
});

describe('other child collections', () => {
	it('creates company and contract notes through their child URLs', async () => {
		const companyId = DEMO.customers.delta.companyId;
		const cn = await call(sb, 'POST', `Companies/${companyId}/Notes`, { title: 'Setup', description: 'Mapped to BDR', actionType: await pick('CompanyNotes', 'actionType', 'General') });
		expect(cn.status).toBe(200);
		expect(sb.store.get('CompanyNotes', cn.body.itemId)!.companyID).toBe(companyId);
		const contractId = DEMO.customers.delta.contractId;
		const note = await call(sb, 'POST', `Contracts/${contractId}/Notes`, { title: 'Billing sync', description: 'Server licences 4 → 5' });
		expect(note.status).toBe(200);
		const listed = await call(sb, 'POST', `Contracts/${contractId}/Notes/query`, { filter: [{ op: 'exist', field: 'id' }] });
		expect(listed.body.items.map((n: any) => n.id)).toEqual([note.body.itemId]);
	});

	it('deletes a service from a bundle (the one DELETE this sandbox allows)', async () => {
		const link = sb.store.all('ServiceBundleServices')[0];
		const r = await call(sb, 'DELETE', `ServiceBundles/${link.serviceBundleID}/Services/${link.id}`);
		expect(r.body).toEqual({ itemId: link.id });
		expect(sb.store.get('ServiceBundleServices', link.id)).toBeUndefined();
		expect((await call(sb, 'DELETE', `ServiceBundles/${link.serviceBundleID}/Services/${link.id}`)).status).toBe(404);
	});
});
