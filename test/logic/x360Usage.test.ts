/** x360Recover usage → usage_report events that Sync Billing bills unchanged. */
import { parseEventBody } from '../../nodes/logic/eventSchema';
import { quantityOf } from '../../nodes/logic/billingUsage';
import { usageEvents } from '../../nodes/logic/x360Usage';
import type { X360Device } from '../../nodes/logic/x360Records';

const NOW = new Date('2026-03-01T12:00:00Z');
const dev = (
	id: number,
	client: number,
	type: string,
	local: number,
	cloud: number,
	status = 'NORMAL',
	vault = 0,
): X360Device => ({
	id,
	client_id: client,
	type,
	local_usage: local,
	cloud_usage: cloud,
	vault_usage: vault,
	current_health_status: { status, reason: null, timestamp: '2026-01-01T00:00:00Z' },
});

describe('usageEvents', () => {
	const clients = [
		{ id: 26, name: 'ACME Insurance' },
		{ id: 27, name: 'Empty Co' },
	];
	const devices = [
		dev(1, 26, 'SERVER', 100e9, 200e9),
		dev(2, 26, 'WORKSTATION', 10e9, 20e9, 'NORMAL', 5e9),
		dev(3, 26, 'SERVER', 1e9, 0, 'PARKED'),
	];
	const appliances = [
		{ id: 11, client_id: 26 },
		{ id: 12, client_id: 26, active: false },
	];

	it('one report per client: licences by type, appliances, storage in bytes; a client with nothing reports zeros', () => {
		const events = usageEvents(clients, devices, appliances, { now: NOW });
		expect(events.map((e) => [e.customer.id, e.usage])).toEqual([
			[
				'26',
				{
					licenses: { appliance: 1, server: 2, workstation: 1 },
					storage: { localBytes: 111e9, offsiteBytes: 225e9 },
				},
			],
			[
				'27',
				{
					licenses: { appliance: 0, server: 0, workstation: 0 },
					storage: { localBytes: 0, offsiteBytes: 0 },
				},
			],
		]);
		expect(events[0]).toMatchObject({
			type: 'usage_report',
			condition: 'usage',
			severity: 'info',
			device: { id: 'client:26' },
			x360: { deviceIds: [1, 2, 3], applianceIds: [11] },
		});
	});

	it('parked systems can be left out of the licences (their storage still counts)', () => {
		const [acme] = usageEvents(clients, devices, appliances, { now: NOW, countParked: false });
		expect(acme.usage.licenses.server).toBe(1);
		expect(acme.usage.storage.localBytes).toBe(111e9);
	});

	it("is read by Sync Billing's built-in rows as is, and accepted by the event contract", () => {
		const [acme] = usageEvents(clients, devices, appliances, { now: NOW });
		const json = acme as unknown as Record<string, unknown>;
		const row = (quantity: string) => ({ index: 0, quantity, serviceId: 1 }) as never;
		expect(
			['appliances', 'serverLicenses', 'workstationLicenses', 'localStorage', 'offsiteStorage'].map(
				(q) => quantityOf(json, row(q)),
			),
		).toEqual([1, 2, 1, 111e9, 225e9]);
		const posted = {
			...acme,
			usage: {
				licenses: acme.usage.licenses,
				storage: {
					unit: 'B',
					local: acme.usage.storage.localBytes,
					offsite: acme.usage.storage.offsiteBytes,
				},
			},
		};
		expect(parseEventBody(posted, NOW).ok).toBe(true);
	});

	it('filters clients and counts systems of an unknown client under its id', () => {
		const events = usageEvents(clients, [...devices, dev(9, 99, 'WORKSTATION', 1, 1)], appliances, {
			now: NOW,
			clientIds: ['99'],
		});
		expect(events.map((e) => [e.customer, e.usage.licenses.workstation])).toEqual([
			[{ id: '99' }, 1],
		]);
	});
});
