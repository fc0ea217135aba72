import {
	MAX_EVENTS_PER_REQUEST,
	MAX_MESSAGE_CHARS,
	parseEventBody,
	type PostedEvent,
} from '../../nodes/logic/eventSchema';
import { conditionOf, normaliseEventType, normaliseSeverity } from '../../nodes/logic/eventTypes';

const received = new Date('2026-03-01T10:00:00Z');

function event(overrides: Partial<PostedEvent> = {}): PostedEvent {
	return {
		eventId: 'e-1',
		occurredAt: '2026-03-01T09:58:00Z',
		customer: { id: 'C-100', name: 'Acme Insurance' },
		device: { id: 'D-1', name: 'acme-bdr', serial: 'SN1' },
		type: 'backup_failed',
		severity: 'error',
		message: 'Backup of FS01 failed',
		...overrides,
	};
}

describe('parseEventBody', () => {
	it('normalises a single event and stamps the receive time', () => {
		const result = parseEventBody(
			event({ machine: { id: 'M1', name: 'FS01' }, alertId: 77 as unknown as string }),
			received,
		);
		expect(result).toEqual({
			ok: true,
			events: [
				{
					eventId: 'e-1',
					occurredAt: '2026-03-01T09:58:00.000Z',
					receivedAt: '2026-03-01T10:00:00.000Z',
					customer: { id: 'C-100', name: 'Acme Insurance' },
					device: { id: 'D-1', name: 'acme-bdr', serial: 'SN1' },
					machine: { id: 'M1', name: 'FS01' },
					type: 'backup_failed',
					originalType: 'backup_failed',
					condition: 'backup',
					severity: 'error',
					message: 'Backup of FS01 failed',
					alertId: '77',
				},
			],
		});
	});

	it('accepts arrays and { events: [...] } batches', () => {
		const arr = parseEventBody([event(), event({ eventId: 'e-2' })], received);
		const wrapped = parseEventBody({ events: [event(), event({ eventId: 'e-2' })] }, received);
		expect(arr.ok && arr.events.map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
		expect(wrapped.ok && wrapped.events.map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
	});

	it('turns numeric ids and unix-second times into strings and ISO', () => {
		const result = parseEventBody(
			event({ customer: { id: 42 as unknown as string }, occurredAt: 1772359080 }),
			received,
		);
		expect(result.ok && result.events[0].customer).toEqual({ id: '42' });
		expect(result.ok && result.events[0].occurredAt).toBe('2026-03-01T09:58:00.000Z');
	});

	it('keeps an unknown type as other with its original name and its own condition', () => {
		const result = parseEventBody(event({ type: 'Tape Ejected' }), received);
		expect(result.ok && result.events[0]).toMatchObject({
			type: 'other',
			originalType: 'Tape Ejected',
			condition: 'other:tape ejected',
		});
	});

	it('names every bad field with its batch index', () => {
		const result = parseEventBody(
			[
				event(),
				{ ...event(), customer: {}, severity: 'loud' },
				{ ...event(), occurredAt: 'yesterday' },
			],
			received,
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const fields = result.issues.map((i) => i.field);
		expect(fields).toEqual(
			expect.arrayContaining(['[1].customer.id', '[1].severity', '[2].occurredAt']),
		);
		expect(result.issues.find((i) => i.field === '[1].customer.id')?.message).toBe('is required');
		expect(result.issues.find((i) => i.field === '[1].severity')?.message).toMatch(
			/one of ok, info, warning, error, critical/,
		);
	});

	it('names fields without an index for a single event and with events[] for wrapped batches', () => {
		const single = parseEventBody({ ...event(), device: { id: '' } }, received);
		const wrapped = parseEventBody({ events: [{ ...event(), type: '' }] }, received);
		expect(!single.ok && single.issues[0].field).toBe('device.id');
		expect(!wrapped.ok && wrapped.issues[0].field).toBe('events[0].type');
	});

	it('refuses empty, oversized and non-object bodies', () => {
		expect(parseEventBody([], received)).toMatchObject({
			ok: false,
			issues: [{ field: '(body)', message: 'holds no events' }],
		});
		const many = Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, (_, i) =>
			event({ eventId: `e${i}` }),
		);
		const tooMany = parseEventBody(many, received);
		expect(!tooMany.ok && tooMany.issues[0].message).toMatch(/maximum per request is 500/);
		expect(parseEventBody('hello', received).ok).toBe(false);
		expect(parseEventBody(null, received).ok).toBe(false);
	});

	it('converts storage to bytes in decimal and binary units', () => {
		const dec = parseEventBody(
			event({
				type: 'usage_report',
				severity: 'info',
				usage: {
					licenses: { server: 2, workstation: 5 },
					storage: { unit: 'GB', local: 1.5, offsite: 2 },
				},
			}),
			received,
		);
		const bin = parseEventBody(
			event({
				type: 'usage_report',
				severity: 'info',
				usage: { storage: { unit: 'GiB', local: 1 } },
			}),
			received,
		);
		expect(dec.ok && dec.events[0].usage).toEqual({
			licenses: { server: 2, workstation: 5 },
			storage: { localBytes: 1_500_000_000, offsiteBytes: 2_000_000_000 },
		});
		expect(bin.ok && bin.events[0].usage).toEqual({
			licenses: {},
			storage: { localBytes: 1024 ** 3 },
		});
	});

	it('requires usage on a usage report and rejects bad units and negative counts', () => {
		const missing = parseEventBody(event({ type: 'usage_report', severity: 'info' }), received);
		expect(!missing.ok && missing.issues).toEqual([
			{ field: 'usage', message: 'is required when type is usage_report' },
		]);
		const bad = parseEventBody(
			event({ usage: { licenses: { server: -1 }, storage: { unit: 'XB' as 'GB', local: 1 } } }),
			received,
		);
		expect(!bad.ok && bad.issues.map((i) => i.field).sort()).toEqual([
			'usage.licenses.server',
			'usage.storage.unit',
		]);
	});
});

describe('parseEventBody: numeric occurredAt out of range', () => {
	it('refuses unix seconds past the year 9999 naming the field (1e308 once crashed the normalisation)', () => {
		for (const occurredAt of [1e308, 253402300800, Number.MAX_SAFE_INTEGER]) {
			const result = parseEventBody(
				event({ occurredAt: occurredAt as unknown as string }),
				received,
			);
			expect(result.ok).toBe(false);
			expect(!result.ok && result.issues.map((i) => [i.field, i.message])).toEqual([
				['occurredAt', 'must be unix seconds (a date before the year 10000)'],
			]);
		}
		const last = parseEventBody(event({ occurredAt: 253402300799 as unknown as string }), received);
		expect(last.ok && last.events[0].occurredAt).toBe('9999-12-31T23:59:59.000Z');
	});
});

describe('event vocabulary', () => {
	it.each([
		['Backup Failed', 'backup_failed'],
		['archiving-failed', 'offsite_replication_failed'],
		['BOOT_VERIFICATION_FAILED', 'verification_failed'],
		['raid degraded', 'hardware_failure'],
		['licence expiring', 'license_expiry'],
		['usage', 'usage_report'],
		['other', 'other'],
		['whatever', 'other'],
	])('type %s → %s', (input, expected) => expect(normaliseEventType(input)).toBe(expected));

	it.each([
		['OK', 'ok'],
		['Success', 'ok'],
		['information', 'info'],
		['WARN', 'warning'],
		['failure', 'error'],
		['Fatal', 'critical'],
		['loud', undefined],
	])('severity %s → %s', (input, expected) => expect(normaliseSeverity(input)).toBe(expected));

	it('groups failures, warnings and OKs of one state under one condition', () => {
		expect(
			new Set(
				[
					'backup_failed',
					'backup_completed_with_errors',
					'no_recent_backup',
					'backup_succeeded',
				].map((t) => conditionOf(t as never, t)),
			),
		).toEqual(new Set(['backup']));
		expect(conditionOf('agent_offline', 'x')).toBe('connectivity');
		expect(conditionOf('offsite_replication_behind', 'x')).toBe('offsite');
	});
});

describe('a message over the limit (issue #14: a 10,000-character message lost the alert)', () => {
	it('is cut to 8,000 characters with a marker, and the event is accepted', () => {
		const long = 'x'.repeat(10_000);
		const result = parseEventBody(
			{
				eventId: 'e1',
				occurredAt: '2026-01-01T00:00:00Z',
				customer: { id: 'c' },
				device: { id: 'd' },
				type: 'backup_failed',
				severity: 'error',
				message: long,
			},
			new Date(),
		);
		expect(result.ok).toBe(true);
		const message = result.ok ? result.events[0].message : '';
		expect(message).toHaveLength(MAX_MESSAGE_CHARS);
		expect(message).toMatch(/^x+ \[…truncated: 10000 characters in all\]$/);
	});

	it('a field that cannot be cut still refuses the request, naming it', () => {
		const result = parseEventBody(
			{
				eventId: 'e1',
				occurredAt: '2026-01-01T00:00:00Z',
				customer: { id: 'c', name: 'n'.repeat(501) },
				device: { id: 'd' },
				type: 'backup_failed',
				severity: 'error',
			},
			new Date(),
		);
		expect(!result.ok && result.issues[0].field).toBe('customer.name');
	});
});
