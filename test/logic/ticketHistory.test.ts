/**
 * The texts the integration writes into Autotask are its only memory: what ticketText writes,
 * ticketHistory must read back (round trips), and foreign texts must read as "nothing recorded".
 */
import {
	closedAsDuplicate,
	keyStateFrom,
	problemFromDescription,
	problemFromNote,
	recoveredAtFrom,
} from '../../nodes/logic/ticketHistory';
import {
	duplicateResolution,
	repeatNoteDescription,
	resolutionText,
	ticketDescription,
	type TextEvent,
} from '../../nodes/logic/ticketText';
import { isQuietTime } from '../../nodes/logic/quietHours';

const event = (extra: Partial<TextEvent> = {}): TextEvent => ({
	eventId: 'evt-1',
	occurredAt: '2026-03-01T08:15:00.000Z',
	type: 'backup_failed',
	originalType: 'BackupJob',
	severity: 'error',
	message: 'VSS snapshot could not be created\nsecond line',
	customer: { id: 'c1', name: 'ACME' },
	device: { id: 'd1' },
	...extra,
});

describe('reading back what the integration wrote', () => {
	it('the event that opened a ticket, from its description', () => {
		expect(
			problemFromDescription(
				ticketDescription(
					event({ failingSince: '2026-03-01T07:00:00.000Z' }),
					'bdr:c1/d1/-/backup',
				),
			),
		).toEqual({
			eventId: 'evt-1',
			occurredAt: '2026-03-01T08:15:00.000Z',
			severity: 'error',
			message: 'VSS snapshot could not be created\nsecond line',
			failingSince: '2026-03-01T07:00:00.000Z',
		});
		expect(problemFromDescription(ticketDescription(event({ message: '' }), 'k'))?.message).toBe(
			'',
		);
	});

	it('a repeat, from its note (also when the priority was raised)', () => {
		expect(
			problemFromNote(
				repeatNoteDescription(event({ eventId: 'evt-2', severity: 'critical' }), 'High'),
			),
		).toEqual({
			eventId: 'evt-2',
			occurredAt: '2026-03-01T08:15:00.000Z',
			severity: 'critical',
			message: 'VSS snapshot could not be created\nsecond line',
			failingSince: undefined,
		});
	});

	it("the recovery that closed a ticket, from its resolution, under a technician's text too", () => {
		expect(
			recoveredAtFrom(
				resolutionText(event({ severity: 'ok', occurredAt: '2026-03-01T09:00:00.000Z' })),
			),
		).toBe('2026-03-01T09:00:00.000Z');
		expect(
			recoveredAtFrom(
				resolutionText(
					event({ severity: 'ok', occurredAt: '2026-03-01T09:00:00Z' }),
					'Replaced the disk.',
				),
			),
		).toBe('2026-03-01T09:00:00Z');
		expect(recoveredAtFrom('Replaced the disk.')).toBeUndefined();
	});

	it('texts a person wrote record nothing', () => {
		expect(problemFromDescription('Customer called about backups')).toBeUndefined();
		expect(problemFromNote('Called the customer')).toBeUndefined();
	});

	it('keyStateFrom: open tickets with their events and repeat count; the newest closed ticket with its recovery', () => {
		const state = keyStateFrom(
			[
				{
					id: 10,
					closed: true,
					resolution: resolutionText(event({ severity: 'ok', occurredAt: '2026-03-01T01:00:00Z' })),
				},
				{
					id: 12,
					closed: true,
					resolution: resolutionText(event({ severity: 'ok', occurredAt: '2026-03-01T02:00:00Z' })),
				},
				{ id: 20, closed: false, priority: 6, description: ticketDescription(event(), 'k') },
			],
			[
				{
					ticketID: 20,
					title: 'Repeated 2 times, last at 2026-03-01T09:00:00Z',
					description: repeatNoteDescription(
						event({ eventId: 'evt-3', occurredAt: '2026-03-01T09:00:00Z' }),
					),
				},
			],
		);
		expect(state.lastClosed).toEqual({
			id: 12,
			ticketNumber: undefined,
			recoveredAt: '2026-03-01T02:00:00Z',
		});
		expect(state.open).toEqual([
			expect.objectContaining({
				id: 20,
				priority: '6',
				repeatCount: 2,
				eventIds: ['evt-1', 'evt-3'],
				latest: expect.objectContaining({ eventId: 'evt-3', occurredAt: '2026-03-01T09:00:00Z' }),
			}),
		]);
	});

	it("keyStateFrom: a twin closed as a duplicate (higher id) does not hide the recovery that closed the survivor; a technician's close still counts", () => {
		const recovered = {
			id: 30,
			closed: true,
			resolution: resolutionText(event({ severity: 'ok', occurredAt: '2026-03-01T02:00:00Z' })),
		};
		const twin = {
			id: 31,
			closed: true,
			resolution: duplicateResolution({ id: 30, ticketNumber: 'T30' }),
		};
		expect(closedAsDuplicate(twin.resolution)).toBe(true);
		expect(keyStateFrom([recovered, twin], []).lastClosed).toEqual({
			id: 30,
			ticketNumber: undefined,
			recoveredAt: '2026-03-01T02:00:00Z',
		});
		expect(
			keyStateFrom(
				[recovered, twin, { id: 32, closed: true, resolution: 'Replaced the disk.' }],
				[],
			).lastClosed,
		).toEqual({ id: 32, ticketNumber: undefined, recoveredAt: undefined });
	});
});

describe('quiet hours', () => {
	it('a window past midnight, in the given time zone, daylight saving included', () => {
		const q = { start: '22:00', end: '06:30', timezone: 'Europe/London' };
		expect(isQuietTime(q, new Date('2026-01-15T22:30:00Z'))).toBe(true); // 22:30 GMT
		expect(isQuietTime(q, new Date('2026-07-15T21:30:00Z'))).toBe(true); // 22:30 BST
		expect(isQuietTime(q, new Date('2026-07-15T20:30:00Z'))).toBe(false); // 21:30 BST, though 21:30Z would be quiet in winter
		expect(isQuietTime(q, new Date('2026-01-15T06:29:00Z'))).toBe(true);
		expect(isQuietTime(q, new Date('2026-01-15T06:30:00Z'))).toBe(false);
		expect(
			isQuietTime({ ...q, start: '09:00', end: '17:00' }, new Date('2026-01-15T12:00:00Z')),
		).toBe(true);
	});
});
