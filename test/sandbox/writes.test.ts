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
		companyID: DEMO.customers.acme.companyId,
		title: 'Backup failed',
		status: await pick('Tickets', 'status', 'New'),
		priority: await pick('Tickets', 'priority', 'Medium'),
		queueID: await pick('Tickets', 'queueID', 'Managed Services Alerts'),
		dueDateTime: '2026-11-26T10:00:00Z',
		...extra,
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
		const a = (await call(sb, 'GET', `Tickets/${(await newTicket()).body.itemId}`)).body.item
			.ticketNumber;
		const b = (await call(sb, 'GET', `Tickets/${(await newTicket()).body.itemId}`)).body.item
			.ticketNumber;
		expect(Number(b.split('.')[1])).toBe(Number(a.split('.')[1]) + 1);
	});

	// Autotask refuses validation with HTTP 500 and errors[] (WYRE-AI/autotask-mcp PR #288, WYRE-AI/msp-claude-plugins#32).
	it('refuses missing required fields with a 500, naming each as Autotask does (autotask-mcp#46)', async () => {
		const r = await call(sb, 'POST', 'Tickets', { title: 'x', queueID: 29683498 });
		expect(r.status).toBe(500);
		expect(r.body.errors).toEqual([
			'Value does not reference an existing entity for companyID . ',
			'Value does not reference an existing entity for status . ',
			'Value does not reference an existing entity for priority . ',
			'on record number [0].',
		]);
	});

	it('refuses a title over 255 characters and a description over 8000', async () => {
		const r = await newTicket({ title: 'x'.repeat(256), description: 'y'.repeat(8001) });
		expect(r.status).toBe(500);
		expect(r.body.errors).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/Tickets\.title.*255/),
				expect.stringMatching(/Tickets\.description.*8000/),
			]),
		);
	});

	it('refuses a value that is not in the picklist (autotask-mcp#46 wording)', async () => {
		const r = await newTicket({ priority: 2 });
		expect(r.status).toBe(500);
		expect(r.body.errors[0]).toBe('Value does not reference an existing entity for priority . ');
	});

	it('refuses an inactive picklist value', async () => {
		const r = await newTicket({ queueID: await pick('Tickets', 'queueID', 'Old Backup Queue') });
		expect(r.status).toBe(500);
		expect(r.body.errors[0]).toContain('inactive');
	});

	it('checks subIssueType against its issueType', async () => {
		const backup = await pick('Tickets', 'issueType', 'Backup');
		const hardware = await pick('Tickets', 'issueType', 'Hardware');
		const failed = await pick('Tickets', 'subIssueType', 'Backup Failed');
		expect((await newTicket({ issueType: backup, subIssueType: failed })).status).toBe(200);
		const bad = await newTicket({ issueType: hardware, subIssueType: failed });
		expect(bad.status).toBe(500);
		expect(bad.body.errors[0]).toContain('Tickets.subIssueType');
	});

	it('refuses read-only and unknown fields, and references to missing records', async () => {
		const r = await newTicket({ ticketNumber: 'T1', colour: 'red', contractID: 123 });
		expect(r.status).toBe(500);
		expect(r.body.errors).toEqual(
			expect.arrayContaining([
				expect.stringContaining('Tickets.ticketNumber: the field is read-only'),
				expect.stringContaining('Tickets.colour: unknown field'),
				'Value does not reference an existing entity for contractID . ',
			]),
		);
	});

	it('needs a queue or an assigned resource (SOAP wording, opendns/autotask-php#75)', async () => {
		const r = await newTicket({ queueID: null });
		expect(r.status).toBe(500);
		expect(r.body.errors[0]).toMatch(
			/^Data violation: assignedResourceID, assignedResourceRoleID, and queueID cannot all be empty/,
		);
	});

	it('needs the role with an assigned resource (WYRE-AI/msp-claude-plugins#32)', async () => {
		const r = await newTicket({ queueID: null, assignedResourceID: DEMO.resources.apiUser });
		expect(r.status).toBe(500);
		expect(r.body.errors).toEqual([
			'When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.',
			'on record number [0].',
		]);
	});
});

describe('update', () => {
	it('PATCH changes only the given fields; Complete sets completedDate, reopening clears it', async () => {
		const id = (await newTicket({ description: 'keep me' })).body.itemId;
		const complete = await pick('Tickets', 'status', 'Complete');
		expect((await call(sb, 'PATCH', 'Tickets', { id, status: complete })).body).toEqual({
			itemId: id,
		});
		const done = (await call(sb, 'GET', `Tickets/${id}`)).body.item;
		expect(done).toEqual(
			expect.objectContaining({
				status: complete,
				description: 'keep me',
				completedDate: NOW.toISOString(),
			}),
		);
		await call(sb, 'PATCH', 'Tickets', {
			id,
			status: await pick('Tickets', 'status', 'In Progress'),
		});
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
		expect(bad.status).toBe(500);
		expect(bad.body.errors.join(' ')).toContain('existing entity for companyID');
	});

	it('PATCH cannot clear a required field and needs an id', async () => {
		const id = (await newTicket()).body.itemId;
		expect((await call(sb, 'PATCH', 'Tickets', { id, title: '' })).body.errors[0]).toBe(
			'title is required.',
		);
		expect((await call(sb, 'PATCH', 'Tickets', { title: 'x' })).body.errors[0]).toContain(
			'Tickets.id',
		);
	});

	it('merges userDefinedFields by name and refuses unknown ones', async () => {
		const id = DEMO.customers.cedar.companyId;
		expect(
			(
				await call(sb, 'PATCH', 'Companies', {
					id,
					userDefinedFields: [{ name: 'Backup Tier', value: 'Gold' }],
				})
			).status,
		).toBe(200);
		const udfs = (await call(sb, 'GET', `Companies/${id}`)).body.item.userDefinedFields;
		expect(udfs).toEqual(
			expect.arrayContaining([
				{ name: 'BDR Customer ID', value: DEMO.customers.cedar.bdrCustomerId },
				{ name: 'Backup Tier', value: 'Gold' },
			]),
		);
		const bad = await call(sb, 'PATCH', 'Companies', {
			id,
			userDefinedFields: [{ name: 'Nope', value: '1' }],
		});
		expect(bad.status).toBe(500);
		expect(bad.body.errors[0]).toContain('"Nope"');
	});
});

describe('ticket notes', () => {
	const note = async (ticketId: number) => ({
		title: 'Repeat',
		description: 'seen again',
		noteType: await pick('TicketNotes', 'noteType', 'Task Notes'),
		publish: await pick('TicketNotes', 'publish', 'All Autotask Users'),
	});

	it('creates through the child URL, sets ticketID from the URL and reads back through it', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId));
		expect(r.status).toBe(200);
		const back = await call(sb, 'GET', `Tickets/${ticketId}/Notes/${r.body.itemId}`);
		expect(back.body.item.ticketID).toBe(ticketId);
	});

	// Root create has no route: WYRE-AI/autotask-mcp#24 and tegwin/AutotaskMCP PR #1 (POST /TicketNotes → 404).
	it.each(['TicketNotes', 'ContractNotes'])(
		'refuses a root create POST %s with a route-level 404 { Message }',
		async (entity) => {
			const ticketId = (await newTicket()).body.itemId;
			const before = sb.store.all(entity).length;
			const r = await call(sb, 'POST', entity, {
				...(await note(ticketId)),
				ticketID: ticketId,
				contractID: DEMO.customers.delta.contractId,
			});
			expect(r.status).toBe(404);
			expect(r.body).toEqual({ Message: expect.stringContaining(`/${entity}'`) });
			expect(sb.store.all(entity)).toHaveLength(before);
		},
	);

	it('refuses a ticketID in the body that differs from the URL', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, {
			...(await note(ticketId)),
			ticketID: ticketId + 1,
		});
		expect(r.status).toBe(500);
	});

	it('refuses a note on a Complete ticket (tenant setting, on by default)', async () => {
		const ticketId = (await newTicket({ status: await pick('Tickets', 'status', 'Complete') })).body
			.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId));
		expect(r.status).toBe(500);
		expect(r.body.errors[0]).toContain('Complete');
		sb.store.settings.refuseNotesOnCompletedTickets = false;
		expect((await call(sb, 'POST', `Tickets/${ticketId}/Notes`, await note(ticketId))).status).toBe(
			200,
		);
		sb.store.settings.refuseNotesOnCompletedTickets = true;
	});

	it('requires description, noteType and publish; title only where the category requires it (TicketNotes entity page)', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, {});
		expect(r.body.errors).toEqual([
			'description is required.',
			'Value does not reference an existing entity for noteType . ',
			'Value does not reference an existing entity for publish . ',
			'on record number [0].',
		]);
		const { title: _t, ...untitled } = await note(ticketId);
		expect((await call(sb, 'POST', `Tickets/${ticketId}/Notes`, untitled)).status).toBe(200);
		sb.store.settings.requireTicketNoteTitle = true;
		const refused = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, untitled);
		sb.store.settings.requireTicketNoteTitle = false;
		expect(refused).toEqual({
			status: 500,
			body: { errors: ['title is required.', 'on record number [0].'] },
		});
	});

	it('refuses the system and inactive noteType / publish values listed first in the demo picklists', async () => {
		const ticketId = (await newTicket()).body.itemId;
		const fields = (await call(sb, 'GET', 'TicketNotes/entityInformation/fields')).body.fields;
		for (const name of ['noteType', 'publish']) {
			const [system, inactive] = fields.find((f: any) => f.name === name).picklistValues;
			expect([system.isSystem, inactive.isActive]).toEqual([true, false]);
			for (const value of [system.value, inactive.value]) {
				const r = await call(sb, 'POST', `Tickets/${ticketId}/Notes`, {
					...(await note(ticketId)),
					[name]: Number(value),
				});
				expect(r.status).toBe(500);
				expect(r.body.errors[0]).toMatch(
					new RegExp(`^TicketNotes\\.${name}: ${value} .*(system value|inactive)`),
				);
			}
		}
	});
});

describe('404 and 405', () => {
	it.each([
		['GET', 'Tickets/999999', undefined],
		['GET', 'Tickets/999999/Notes/1', undefined],
		['POST', 'Tickets/999999/Notes', { title: 'a' }],
		['PATCH', 'Tickets', { id: 999999, title: 'a' }],
	])('%s %s → 404 with an errors body', async (method, path, body) => {
		const r = await call(sb, method, path, body);
		expect(r.status).toBe(404);
		expect(r.body.errors).toHaveLength(1);
	});

	it('GET Widgets/1 (no such route) → 404 with a capital-M Message body', async () => {
		expect(await call(sb, 'GET', 'Widgets/1')).toEqual({
			status: 404,
			body: {
				Message: `No HTTP resource was found that matches the request URI '${sb.baseUrl}/Widgets/1'.`,
			},
		});
	});

	it.each([
		['PATCH', 'ContractServiceAdjustments', { id: 1 }],
		['POST', 'ContractServiceAdjustments/query', { filter: [{ op: 'exist', field: 'id' }] }],
		['GET', 'ContractServiceAdjustments/61000', undefined],
		['POST', 'ContractServiceUnits', { contractID: 1 }],
		['DELETE', 'Tickets/1', undefined],
		['POST', 'Resources', { firstName: 'x' }],
		['GET', 'Tickets', undefined],
	])(
		"%s %s → 405 { Message } in Autotask's words (Anteris-Dev/autotask-client#12, WYRE-AI/autotask-mcp#9)",
		async (method, path, body) => {
			const r = await call(sb, method, path, body);
			expect(r).toEqual({
				status: 405,
				body: { Message: `The requested resource does not support http method '${method}'.` },
			});
		},
	);
});

describe('entityInformation', () => {
	it("describes verbs, fields with picklists, and UDFs in Autotask's shape", async () => {
		expect(
			(await call(sb, 'GET', 'ContractServiceAdjustments/entityInformation')).body.info,
		).toEqual(
			expect.objectContaining({
				canCreate: true,
				canQuery: false,
				canUpdate: false,
				canDelete: false,
			}),
		);
		const fields = (await call(sb, 'GET', 'Tickets/entityInformation/fields')).body.fields;
		const status = fields.find((f: any) => f.name === 'status');
		expect(status).toEqual(
			expect.objectContaining({ dataType: 'integer', isPickList: true, isRequired: true }),
		);
		expect(status.picklistValues.map((v: any) => v.label)).toEqual(
			expect.arrayContaining(['New', 'In Progress', 'Waiting Customer', 'Complete']),
		);
		const sub = fields.find((f: any) => f.name === 'subIssueType');
		expect(sub.picklistValues.every((v: any) => typeof v.parentValue === 'string')).toBe(true);
		expect(fields.find((f: any) => f.name === 'title').length).toBe(255);
		const udfs = (await call(sb, 'GET', 'Companies/entityInformation/userDefinedFields')).body
			.fields;
		expect(udfs.map((u: any) => u.name)).toContain('BDR Customer ID');
	});
});

describe('other child collections', () => {
	it('creates company and contract notes through their child URLs', async () => {
		const companyId = DEMO.customers.delta.companyId;
		const cn = await call(sb, 'POST', `Companies/${companyId}/Notes`, {
			title: 'Setup',
			description: 'Mapped to BDR',
			actionType: await pick('CompanyNotes', 'actionType', 'General'),
		});
		expect(cn.status).toBe(200);
		expect(sb.store.get('CompanyNotes', cn.body.itemId)!.companyID).toBe(companyId);
		const contractId = DEMO.customers.delta.contractId;
		const note = await call(sb, 'POST', `Contracts/${contractId}/Notes`, {
			title: 'Billing sync',
			description: 'Server licences 4 → 5',
		});
		expect(note.status).toBe(200);
		// ContractNotes entity page: title string(250), description string(8000).
		const long = await call(sb, 'POST', `Contracts/${contractId}/Notes`, {
			title: 't'.repeat(250),
			description: 'd'.repeat(8000),
		});
		expect(long.status).toBe(200);
		const tooLong = await call(sb, 'POST', `Contracts/${contractId}/Notes`, {
			title: 't'.repeat(251),
			description: 'd'.repeat(8001),
		});
		expect(tooLong.body.errors).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/ContractNotes\.title.*250/),
				expect.stringMatching(/ContractNotes\.description.*8000/),
			]),
		);
		const listed = await call(sb, 'POST', `Contracts/${contractId}/Notes/query`, {
			filter: [{ op: 'exist', field: 'id' }],
		});
		expect(listed.body.items.map((n: any) => n.id)).toEqual([note.body.itemId, long.body.itemId]);
	});

	it('deletes a service from a bundle (the one DELETE this sandbox allows)', async () => {
		const link = sb.store.all('ServiceBundleServices')[0];
		const r = await call(
			sb,
			'DELETE',
			`ServiceBundles/${link.serviceBundleID}/Services/${link.id}`,
		);
		expect(r.body).toEqual({ itemId: link.id });
		expect(sb.store.get('ServiceBundleServices', link.id)).toBeUndefined();
		expect(
			(await call(sb, 'DELETE', `ServiceBundles/${link.serviceBundleID}/Services/${link.id}`))
				.status,
		).toBe(404);
	});
});
