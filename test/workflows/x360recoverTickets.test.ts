/**
 * workflows/x360recover-tickets.json, unchanged, through the engine harness against both stand-ins:
 * the x360Recover stand-in (sandbox/x360recover) and the Autotask sandbox's demo tenant, whose
 * companies carry the "x360Recover Client ID" field.
 */
import { runWorkflow } from '../harness';
import { adminPost, loadTemplate, openTicketsIn, outputOf, sourceCredentials, ticketActions, useSourceStandIn, writesOf } from '../harness/sourceStandIns';
import type { Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

// Each poll runs the whole demo tenant (about 600 items) through Open or Close Ticket.
jest.setTimeout(120_000);

const template = loadTemplate('x360recover-tickets.json');
const HEALTH = 'x360Recover — Device Health';

let sb: Sandbox;
let x360: X360Recover;
useSourceStandIn(startX360Recover, (s, x) => ([sb, x360] = [s, x]));

const credentials = () => sourceCredentials(sb, { x360 });
const poll = () => runWorkflow(template, { credentials: credentials() });
type Run = Awaited<ReturnType<typeof poll>>;
const events = (r: Run) => outputOf(r, HEALTH);
const acted = ticketActions;
const openTickets = () => openTicketsIn(sb);
const writes = () => writesOf(sb.counts().byRoute, /^(POST|PATCH|PUT) /);
const admin = (path: string, body: unknown) => adminPost(x360.adminUrl, path, body);

const acme = X360_DEMO.clients.find((c) => c.name === 'ACME Insurance')!;
const acmeServer = () => x360.model.devices.find((d) => d.clientId === acme.clientId && d.type === 'SERVER')!;
const acmeAppliance = () => x360.model.appliances.find((a) => a.clientId === acme.clientId)!;

describe('workflows/x360recover-tickets.json', () => {
	it('every 15 minutes, the stand-in credential by name, failures to connector health, no secrets', () => {
		expect(template.nodes.find((n) => n.name === 'Every 15 minutes')!.parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } });
		expect(template.nodes.find((n) => n.name === HEALTH)!.credentials).toEqual({ bdrX360RecoverApi: { id: '', name: 'x360Recover (stand-in)' } });
		expect(template.nodes.find((n) => n.name === 'Map Customer')!.parameters).toMatchObject({ mapSource: 'companyField', udfName: 'x360Recover Client ID' });
		expect(template.settings).toHaveProperty('errorWorkflow', 'bdrConnectorHlth');
		expect(JSON.stringify(template)).not.toMatch(/"(apiKey|secret)"\s*:\s*"[^"]/);
	});

	it('a healthy tenant: every system and appliance reported OK, mapped, no ticket, no Autotask write; few x360Recover calls', async () => {
		const r = await poll();
		expect(r.error).toBeUndefined();
		const all = events(r);
		const systems = x360.model.devices.length;
		expect(all).toHaveLength(systems * 4 + x360.model.appliances.length * 2);
		expect(all.every((e) => e.severity === 'ok')).toBe(true);
		expect(r.outputs['Unmapped customers — fix the Customer Map']?.[1] ?? r.outputs['Unmapped customers — fix the Customer Map']?.[0] ?? []).toHaveLength(0);
		expect(acted(r)).toEqual([]);
		expect(writes()).toBe(0);
		// /client + /appliance + /vault + ⌈systems / 100⌉ + 1 pages (a short page ends the scan)
		expect(x360.counts().total).toBe(3 + Math.floor(systems / 100) + 1);
	});

	it('a system turning TROUBLED opens one ticket on its company; more polls of that state add no ticket and keep one eventId; recovering closes it', async () => {
		const server = acmeServer();
		// No recovery point for three hours: the job history holds failed runs since then.
		await admin(`/device/${server.id}/restore-point-age`, { localMinutes: 180 });
		await admin(`/device/${server.id}/health`, { status: 'TROUBLED', reason: 'BACKUP_FAILED', message: 'VSS snapshot could not be created' });

		const r1 = await poll();
		expect(r1.error).toBeUndefined();
		const problem = events(r1).filter((e) => e.severity !== 'ok');
		expect(problem.map((e) => [e.customer.id, e.device.id, e.condition, e.severity])).toEqual([[String(acme.clientId), `device:${server.id}`, 'backup', 'error']]);
		expect(problem[0].message).toContain('VSS snapshot could not be created');
		// the API gives whole seconds
		expect(problem[0].failingSince).toBe(new Date(Math.floor(server.health.since / 1000) * 1000).toISOString());
		expect(problem[0].x360).toMatchObject({ clientId: acme.clientId, deviceId: server.id, jobIds: [server.backupJobId] });
		expect(acted(r1)).toMatchObject([{ outcome: 'created', autotask: { companyId: acme.autotaskCompanyId } }]);
		const ticketId = acted(r1)[0].ticketId;
		expect(openTickets().map((t) => [t.id, t.companyID])).toEqual([[ticketId, acme.autotaskCompanyId]]);
		// the detail call: one job history read for the one system in trouble
		expect(x360.counts().byRoute['GET /client/{client_id}/device/{device_id}/job/{job_id}/history']).toBe(1);

		const notesBefore = sb.store.all('TicketNotes').filter((n) => n.ticketID === ticketId).length;
		const again = await poll();
		const repeat = events(again).filter((e) => e.severity !== 'ok');
		expect(repeat.map((e) => e.eventId)).toEqual(problem.map((e) => e.eventId));
		expect(repeat[0].message).toBe(problem[0].message);
		expect(acted(again).every((o) => o.ticketId === ticketId && o.outcome !== 'created')).toBe(true);
		expect(openTickets()).toHaveLength(1);
		// Note Repeats "When the State Changes" (the template's choice): the same state adds no note.
		expect(sb.store.all('TicketNotes').filter((n) => n.ticketID === ticketId)).toHaveLength(notesBefore);

		await admin(`/device/${server.id}/health`, { status: 'NORMAL' });
		const r3 = await poll();
		expect(acted(r3)).toMatchObject([{ outcome: 'closed', ticketId }]);
		expect(openTickets()).toHaveLength(0);
	});

	it('an appliance offline past the threshold and a full pool open connectivity and storage tickets; back online and emptied, they close', async () => {
		const appliance = acmeAppliance();
		await admin(`/appliance/${appliance.id}/tunnel`, { status: 'DOWN' });
		// Down for two hours (the admin API sets "now"; the record is the stand-in's live model).
		appliance.lastTunnelUp = Date.now() - 2 * 3600_000;
		// The pool fills: x360Recover's one health reason becomes FULL_90_PERCENT, the tunnel stays DOWN.
		await admin(`/appliance/${appliance.id}/storage`, { fraction: 0.97 });
		const r1 = await poll();
		const problems = events(r1).filter((e) => e.severity !== 'ok').map((e) => [e.device.id, e.condition, e.severity, e.originalType]);
		expect(problems).toEqual([
			[`appliance:${appliance.id}`, 'connectivity', 'error', 'TUNNEL_DOWN'],
			[`appliance:${appliance.id}`, 'storage', 'error', 'FULL_90_PERCENT'],
		]);
		expect(acted(r1).map((o) => o.outcome)).toEqual(['created', 'created']);
		expect(openTickets()).toHaveLength(2);
		await admin(`/appliance/${appliance.id}/tunnel`, { status: 'UP' });
		await admin(`/appliance/${appliance.id}/storage`, { fraction: 0.5 });
		const r2 = await poll();
		expect(acted(r2).map((o) => o.outcome)).toEqual(['closed', 'closed']);
		expect(openTickets()).toHaveLength(0);
	});

	it('AutoVerify failing opens a verification ticket; parked systems stay silent', async () => {
		const [first, second] = x360.model.devices.filter((d) => d.clientId === acme.clientId);
		await admin(`/device/${first.id}/autoverify`, { result: 'screenshot_failed' });
		await admin(`/device/${second.id}/health`, { status: 'PARKED' });
		const r = await poll();
		expect(events(r).filter((e) => e.severity !== 'ok').map((e) => [e.device.id, e.condition, e.type])).toEqual([[`device:${first.id}`, 'verification', 'verification_failed']]);
		expect(events(r).some((e) => e.device.id === `device:${second.id}`)).toBe(false);
		expect(acted(r).map((o) => o.outcome)).toEqual(['created']);
	});

	it('x360Recover refusing the key stops the poll with the fix, and no Autotask call is made', async () => {
		const r = await runWorkflow(template, { credentials: { ...credentials(), bdrX360RecoverApi: { apiKey: 'not-the-key-0000', environment: 'custom', customUrl: x360.baseUrl } } });
		expect(r.error?.message).toMatch(/refused the API key/);
		expect(JSON.stringify(r.run)).not.toContain(x360.apiKey);
		expect(sb.counts().total ?? 0).toBe(0);
	});
});
