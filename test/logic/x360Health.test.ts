/** x360Recover health → events: conditions, parked systems, thresholds, stable eventIds, alert keys, traces. */
import { alertKeyOf } from '../../nodes/logic/alertKey';
import { parseEventBody } from '../../nodes/logic/eventSchema';
import { conditionOf, EVENT_TYPES } from '../../nodes/logic/eventTypes';
import {
	conditionOfReason,
	devicesNeedingDetail,
	healthEvents,
	lastFailedRun,
	severityOfHealth,
	type HealthInput,
	type X360Event,
} from '../../nodes/logic/x360Health';
import type { X360Appliance, X360Device, X360Vault } from '../../nodes/logic/x360Records';
import { asList, thresholdMinutes, vendorTime } from '../../nodes/logic/x360Records';

const NOW = new Date('2026-03-01T12:00:00Z');
const SINCE = '2026-03-01T08:00:00.000Z';

function device(over: Partial<X360Device> = {}): X360Device {
	return {
		id: 6,
		name: 'FS01',
		client_id: 26,
		type: 'SERVER',
		service_id: 'abcd',
		current_health_status: {
			status: 'NORMAL',
			reason: null,
			timestamp: '2026-02-20T10:00:00.000Z',
		},
		jobs: [
			{
				id: 100,
				name: 'FS01 backup',
				latest_rp: '2026-03-01T11:00:00.000Z',
				health_status: 'NORMAL',
			},
			{
				id: 101,
				name: 'FS01 replication',
				latest_rp: '2026-03-01T11:10:00.000Z',
				health_status: 'NORMAL',
				vault_id: 9001,
			},
		],
		latest_autoverify_details: {
			id: 'av1',
			timestamp: '2026-03-01T06:00:00.000Z',
			status: 'success',
			is_healthy: true,
		},
		device_details_page_url: 'https://x360recover.invalid/home/device/6',
		...over,
	};
}

function appliance(over: Partial<X360Appliance> = {}): X360Appliance {
	return {
		id: 1,
		service_id: 'abcd',
		client_id: 26,
		alias: 'ACME-APP',
		tunnel_status: 'UP',
		last_tunnel_up: '2026-03-01T11:59:00.000Z',
		storage_details: { used_size: 40e12 * 0.5, drive_size: 40e12 },
		health_status: 'NORMAL',
		health_status_reason: null,
		...over,
	};
}

const clients = [
	{ id: 26, name: 'ACME Insurance' },
	{ id: 27, name: 'Bluebird Dental' },
];
const input = (over: Partial<HealthInput> = {}): HealthInput => ({
	clients,
	appliances: [],
	vaults: [],
	devices: [device()],
	...over,
});
const find = (events: X360Event[], deviceId: string, condition: string) =>
	events.filter((e) => e.device.id === deviceId && e.condition === condition);

describe('x360Recover records', () => {
	it('reads lists documented as one object but returned as arrays, and the envelope', () => {
		expect(asList([{ id: 1 }])).toEqual([{ id: 1 }]);
		expect(asList({ id: 1 })).toEqual([{ id: 1 }]);
		expect(asList({ data: [{ id: 2 }] })).toEqual([{ id: 2 }]);
		expect(asList({})).toEqual([]);
		expect(asList(null)).toEqual([]);
	});

	it('reads zone-less restore-point times as UTC, unix seconds, and refuses garbage', () => {
		expect(vendorTime('2021-07-01T10:08:00')).toBe('2021-07-01T10:08:00.000Z');
		expect(vendorTime('2024-01-03T11:33:07.000Z')).toBe('2024-01-03T11:33:07.000Z');
		expect(vendorTime('2024-01-03T11:33:07+02:00')).toBe('2024-01-03T09:33:07.000Z');
		expect(vendorTime(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
		expect(vendorTime('soon')).toBeUndefined();
		expect(vendorTime(null)).toBeUndefined();
	});

	it('reads thresholds in both documented forms', () => {
		expect(thresholdMinutes({ value: 240, enabled: true })).toBe(240);
		expect(thresholdMinutes({ value: 240, enabled: false })).toBeUndefined();
		expect(thresholdMinutes(320)).toBe(320);
		expect(thresholdMinutes(undefined)).toBeUndefined();
	});
});

describe('reasons and health words', () => {
	it.each([
		['ONSITE_NEVER_RUN', 'backup'],
		['BACKUP_FAILED', 'backup'],
		['FULL_90_PERCENT', 'storage'],
		['APPLIANCE_OFFLINE', 'connectivity'],
		['VAULT_OFFLINE', 'connectivity'],
		['VAULT_RP_OUT_OF_THRESHOLD', 'offsite'],
		['CLOUD_REPLICATION_FAILED', 'offsite'],
		['AUTOVERIFY_FAILED', 'verification'],
		['SOMETHING_NEW', 'backup'],
		[null, 'backup'],
	])('%s → %s', (reason, condition) => {
		expect(conditionOfReason(reason)).toBe(condition);
	});

	it('maps health words to severities; an unknown word is a warning, never OK', () => {
		expect(['NORMAL', 'WARNED', 'TROUBLED', 'SOMETHING', ''].map(severityOfHealth)).toEqual([
			'ok',
			'warning',
			'error',
			'warning',
			'ok',
		]);
	});
});

describe('healthEvents', () => {
	it('a healthy system: one OK per condition, readable by the event contract and Open or Close Ticket', () => {
		const { events } = healthEvents(input(), { now: NOW });
		expect(events.map((e) => [e.condition, e.severity])).toEqual([
			['backup', 'ok'],
			['offsite', 'ok'],
			['verification', 'ok'],
			['connectivity', 'ok'],
		]);
		for (const e of events) {
			expect(EVENT_TYPES).toContain(e.type);
			expect(conditionOf(e.type, e.originalType)).toBe(e.condition);
			expect(e.customer).toEqual({ id: '26', name: 'ACME Insurance' });
			expect(e.x360).toMatchObject({ record: 'device', clientId: 26, deviceId: 6 });
			// Posting it to the BDR Event Trigger would be accepted as is.
			const parsed = parseEventBody(e, NOW);
			expect(parsed.ok).toBe(true);
		}
	});

	it('a Troubled system: one error for the backup condition with the reason, the time it began and the vendor ids', () => {
		const troubled = device({
			current_health_status: { status: 'TROUBLED', reason: 'BACKUP_FAILED', timestamp: SINCE },
			jobs: [
				{
					id: 100,
					name: 'FS01 backup',
					latest_rp: '2026-03-01T07:00:00.000Z',
					health_status: 'TROUBLED',
				},
			],
		});
		const { events } = healthEvents(input({ devices: [troubled] }), { now: NOW });
		const [backup] = find(events, 'device:6', 'backup');
		expect(backup).toMatchObject({
			severity: 'error',
			type: 'backup_failed',
			originalType: 'BACKUP_FAILED',
			failingSince: SINCE,
			occurredAt: SINCE,
			eventId: `x360:c26:device:6:backup:TROUBLED:${SINCE}`,
			x360: {
				record: 'device',
				clientId: 26,
				deviceId: 6,
				jobIds: [100],
				healthStatus: 'TROUBLED',
				reason: 'BACKUP_FAILED',
				vendorTimestamp: SINCE,
			},
		});
		expect(backup.message).toContain('backup failed (BACKUP_FAILED)');
		expect(backup.message).toContain(SINCE);
		expect(alertKeyOf(backup)).toBe('bdr:26/device:6/-/backup');
		// failingSince is part of the event contract: posted, it survives normalisation.
		const parsed = parseEventBody({ ...backup, failingSince: '2026-03-01T08:00:00Z' }, NOW);
		expect(parsed.ok && parsed.events[0].failingSince).toBe(SINCE);
		expect(parseEventBody({ ...backup, failingSince: 'yesterday' }, NOW).ok).toBe(false);
		expect(find(events, 'device:6', 'offsite')[0].severity).toBe('ok');
	});

	it('the same state polled again gives the same eventId; a new state a new one; the OK shares the alert key', () => {
		const state = (status: string, timestamp: string) =>
			healthEvents(
				input({
					devices: [
						device({
							current_health_status: {
								status,
								reason: status === 'NORMAL' ? null : 'BACKUP_FAILED',
								timestamp,
							},
						}),
					],
				}),
				{ now: NOW },
			).events;
		const first = find(state('TROUBLED', SINCE), 'device:6', 'backup')[0];
		const later = find(
			healthEvents(
				input({
					devices: [
						device({
							current_health_status: {
								status: 'TROUBLED',
								reason: 'BACKUP_FAILED',
								timestamp: SINCE,
							},
						}),
					],
				}),
				{ now: new Date('2026-03-01T12:15:00Z') },
			).events,
			'device:6',
			'backup',
		)[0];
		expect(later.eventId).toBe(first.eventId);
		expect(later.failingSince).toBe(first.failingSince);
		const warned = find(state('WARNED', '2026-03-01T07:00:00.000Z'), 'device:6', 'backup')[0];
		expect(warned.eventId).not.toBe(first.eventId);
		expect(warned.severity).toBe('warning');
		const ok = find(state('NORMAL', '2026-03-01T11:30:00.000Z'), 'device:6', 'backup')[0];
		expect(ok).toMatchObject({ severity: 'ok', type: 'backup_succeeded' });
		expect(alertKeyOf(ok)).toBe(alertKeyOf(first));
	});

	it('parked systems emit nothing', () => {
		const parked = device({
			current_health_status: { status: 'PARKED', reason: null, timestamp: SINCE },
		});
		expect(healthEvents(input({ devices: [parked] }), { now: NOW }).events).toEqual([]);
	});

	it('offsite trouble from the reason or from an offsite job; AutoVerify from is_healthy', () => {
		const offsite = device({
			current_health_status: {
				status: 'WARNED',
				reason: 'VAULT_RP_OUT_OF_THRESHOLD',
				timestamp: SINCE,
			},
		});
		const e1 = healthEvents(input({ devices: [offsite] }), { now: NOW }).events;
		expect(find(e1, 'device:6', 'offsite')[0]).toMatchObject({
			severity: 'warning',
			type: 'offsite_replication_behind',
		});
		expect(find(e1, 'device:6', 'backup')[0].severity).toBe('ok');

		const job = device({
			jobs: [
				{
					id: 101,
					name: 'rep',
					latest_rp: '2026-02-28T00:00:00.000Z',
					health_status: 'TROUBLED',
					vault_id: 9001,
				},
			],
		});
		const e2 = healthEvents(input({ devices: [job] }), { now: NOW }).events;
		expect(find(e2, 'device:6', 'offsite')[0]).toMatchObject({
			severity: 'error',
			type: 'offsite_replication_failed',
			x360: { jobIds: [101] },
		});

		const av = device({
			latest_autoverify_details: {
				timestamp: '2026-03-01T06:00:00.000Z',
				status: 'success',
				is_healthy: false,
				screenshot_url: 'https://x/s.png',
			},
		});
		const [verification] = find(
			healthEvents(input({ devices: [av] }), { now: NOW }).events,
			'device:6',
			'verification',
		);
		expect(verification).toMatchObject({
			severity: 'warning',
			type: 'verification_failed',
			failingSince: '2026-03-01T06:00:00.000Z',
		});
		expect(verification.message).toContain('https://x/s.png');
	});

	it('appliances: tunnel down past the threshold is an error; the vendor warning before it; pool fill by band', () => {
		const justDown = appliance({
			tunnel_status: 'DOWN',
			last_tunnel_up: '2026-03-01T11:50:00.000Z',
			health_status: 'WARNED',
			health_status_reason: 'APPLIANCE_OFFLINE',
		});
		const [early] = find(
			healthEvents(input({ devices: [], appliances: [justDown] }), { now: NOW }).events,
			'appliance:1',
			'connectivity',
		);
		expect(early).toMatchObject({
			severity: 'warning',
			type: 'appliance_offline',
			failingSince: '2026-03-01T11:50:00.000Z',
		});
		const late = healthEvents(input({ devices: [], appliances: [justDown] }), {
			now: new Date('2026-03-01T13:00:00Z'),
		}).events;
		expect(find(late, 'appliance:1', 'connectivity')[0]).toMatchObject({ severity: 'error' });
		expect(find(late, 'appliance:1', 'connectivity')[0].eventId).not.toBe(early.eventId);

		const fill = (ratio: number) =>
			find(
				healthEvents(
					input({
						devices: [],
						appliances: [
							appliance({ storage_details: { used_size: ratio * 1e12, drive_size: 1e12 } }),
						],
					}),
					{ now: NOW },
				).events,
				'appliance:1',
				'storage',
			)[0];
		expect(fill(0.5).severity).toBe('ok');
		expect(fill(0.86).severity).toBe('warning');
		expect(fill(0.87).eventId).toBe(fill(0.86).eventId);
		// Same state, same words: Open or Close Ticket's "When the State Changes" sees no news in a growing pool.
		expect(fill(0.87).message).toBe(fill(0.86).message);
		expect(fill(0.96).severity).toBe('error');
		expect(fill(0.96).x360.storage).toEqual({ usedBytes: 0.96e12, driveBytes: 1e12, percent: 96 });
		const custom = healthEvents(
			input({
				devices: [],
				appliances: [appliance({ storage_details: { used_size: 0.7e12, drive_size: 1e12 } })],
			}),
			{ now: NOW, storageWarningPercent: 60, storageErrorPercent: 90 },
		).events;
		expect(find(custom, 'appliance:1', 'storage')[0].severity).toBe('warning');
	});

	it("private vaults report per client they serve; cloud vaults are left to the systems' offsite condition", () => {
		const vault = (type: string): X360Vault => ({
			id: 9002,
			name: 'MSP Vault',
			type,
			tunnel_status: 'DOWN',
			last_tunnel_up: '2026-03-01T02:00:00.000Z',
			health_status: 'TROUBLED',
			health_status_reason: 'VAULT_OFFLINE',
			vault_thresholds: { connectivity_threshold: 240 },
			storage_details: { used_size: 1, drive_size: 10 },
			devices: [
				{ id: 6, client: { id: 26, name: 'ACME Insurance' } },
				{ id: 7, client: { id: 27, name: 'Bluebird Dental' } },
				{ id: 8, client: { id: 26 } },
			],
		});
		const events = healthEvents(input({ devices: [], vaults: [vault('Private')] }), {
			now: NOW,
		}).events;
		const offline = events.filter(
			(e) => e.device.id === 'vault:9002' && e.condition === 'connectivity',
		);
		expect(offline.map((e) => [e.customer.id, e.severity])).toEqual([
			['26', 'error'],
			['27', 'error'],
		]);
		expect(new Set(offline.map((e) => e.eventId)).size).toBe(2);
		expect(
			healthEvents(input({ devices: [], vaults: [vault('Cloud')] }), { now: NOW }).events,
		).toEqual([]);
	});

	it('filters by client and condition, and names records it cannot attribute', () => {
		const other = device({ id: 7, client_id: 27 });
		const orphan = device({ id: 8, client_id: undefined });
		const r = healthEvents(input({ devices: [device(), other, orphan] }), {
			now: NOW,
			clientIds: ['27'],
			conditions: ['backup'],
		});
		expect(r.events.map((e) => [e.customer.id, e.device.id, e.condition])).toEqual([
			['27', 'device:7', 'backup'],
		]);
		expect(r.unattributed).toEqual([{ record: 'device', id: 8 }]);
	});

	it('a device whose client is not in /client (added mid-scan) still reports, by id', () => {
		const fresh = device({ id: 9, client_id: 99 });
		expect(healthEvents(input({ devices: [fresh] }), { now: NOW }).events[0].customer).toEqual({
			id: '99',
		});
	});

	it('quotes the last failed run, or says why it could not be read, without changing the eventId', () => {
		const troubled = device({
			current_health_status: { status: 'TROUBLED', reason: 'BACKUP_FAILED', timestamp: SINCE },
		});
		const plain = find(
			healthEvents(input({ devices: [troubled] }), { now: NOW }).events,
			'device:6',
			'backup',
		)[0];
		const run = {
			status: 'Failed',
			start_time: '2026-03-01T11:00:00.000Z',
			end_time: '2026-03-01T11:02:00.000Z',
			error_msg: 'VSS snapshot could not be created',
		};
		const quoted = find(
			healthEvents(
				input({ devices: [troubled], details: new Map([[6, { jobId: 100, lastFailedRun: run }]]) }),
				{ now: NOW },
			).events,
			'device:6',
			'backup',
		)[0];
		expect(quoted.message).toContain('VSS snapshot could not be created');
		expect(quoted.x360.lastFailedRun).toEqual(run);
		expect(quoted.eventId).toBe(plain.eventId);
		const nextHour = {
			...run,
			start_time: '2026-03-01T12:00:00.000Z',
			end_time: '2026-03-01T12:02:00.000Z',
		};
		const again = find(
			healthEvents(
				input({
					devices: [troubled],
					details: new Map([[6, { jobId: 100, lastFailedRun: nextHour }]]),
				}),
				{ now: NOW },
			).events,
			'device:6',
			'backup',
		)[0];
		expect(again.message).toBe(quoted.message);
		const failed = find(
			healthEvents(
				input({
					devices: [troubled],
					details: new Map([[6, { jobId: 100, error: 'x360Recover failed to answer (503)' }]]),
				}),
				{ now: NOW },
			).events,
			'device:6',
			'backup',
		)[0];
		expect(failed.x360.detailError).toContain('503');
		expect(failed.severity).toBe('error');
	});
});

describe('detail calls', () => {
	it('only systems in backup trouble, with their troubled local job', () => {
		const ok = device({ id: 1 });
		const troubled = device({
			id: 2,
			jobs: [
				{ id: 200, health_status: 'TROUBLED' },
				{ id: 201, health_status: 'NORMAL', vault_id: 1 },
			],
		});
		const byStatus = device({
			id: 3,
			current_health_status: { status: 'TROUBLED', reason: 'BACKUP_FAILED', timestamp: SINCE },
			jobs: [{ id: 300, health_status: 'NORMAL' }],
		});
		const offsiteOnly = device({
			id: 4,
			current_health_status: { status: 'WARNED', reason: 'VAULT_OFFLINE', timestamp: SINCE },
		});
		const parked = device({
			id: 5,
			current_health_status: { status: 'PARKED', reason: null, timestamp: SINCE },
			jobs: [{ id: 500, health_status: 'TROUBLED' }],
		});
		const picked = devicesNeedingDetail(
			{ devices: [ok, troubled, byStatus, offsiteOnly, parked] },
			{},
		);
		expect(picked.map((p) => [p.device.id, p.job?.id])).toEqual([
			[2, 200],
			[3, 300],
		]);
		expect(devicesNeedingDetail({ devices: [troubled] }, { conditions: ['offsite'] })).toEqual([]);
	});

	it('picks the latest failed run whatever the order of the history', () => {
		const runs = [
			{ status: 'Completed', end_time: '2026-03-01T10:00:00Z' },
			{ status: 'Failed', end_time: '2026-03-01T09:00:00Z', error_msg: 'old' },
			{ status: 'Failed', end_time: '2026-03-01T11:00:00Z', error_msg: 'new' },
		];
		expect(lastFailedRun(runs)?.error_msg).toBe('new');
		expect(lastFailedRun([...runs].reverse())?.error_msg).toBe('new');
		expect(lastFailedRun([{ status: 'Completed' }])).toBeUndefined();
	});
});
