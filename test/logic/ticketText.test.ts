import {
	DESCRIPTION_MAX,
	TITLE_MAX,
	TRUNCATION_MARKER,
	parseRepeatCount,
	repeatNoteTitle,
	ticketDescription,
	ticketTitle,
	truncate,
} from '../../nodes/logic/ticketText';

const event = {
	eventId: 'e1',
	occurredAt: '2026-11-25T08:00:00.000Z',
	type: 'backup_failed',
	originalType: 'BackupFailed',
	severity: 'error',
	message: 'Job failed: VSS error',
	customer: { id: 'C1', name: 'Acme Insurance' },
	device: { id: 'D1', name: 'BDR-ACME', serial: 'SN1' },
	machine: { name: 'SRV-01' },
};

describe('ticket texts', () => {
	it('title = prefix + human summary', () => {
		expect(ticketTitle('[Axcient]', event)).toBe(
			'[Axcient] Backup failed: SRV-01 (Acme Insurance)',
		);
		expect(ticketTitle('', event)).toBe('Backup failed: SRV-01 (Acme Insurance)');
		expect(
			ticketTitle('', {
				...event,
				type: 'other',
				originalType: 'FanSpeedLow',
				machine: undefined,
				customer: { id: 'C1' },
			}),
		).toBe('FanSpeedLow: BDR-ACME (C1)');
	});

	it('title stays within 255 characters', () => {
		const t = ticketTitle('P'.repeat(300), event);
		expect(t.length).toBe(TITLE_MAX);
		expect(t.endsWith('…')).toBe(true);
	});

	it('description holds message and details including the key', () => {
		const d = ticketDescription(event, 'bdr:C1/D1/SRV-01/backup');
		expect(d.startsWith('Job failed: VSS error')).toBe(true);
		expect(d).toContain('Alert key: bdr:C1/D1/SRV-01/backup');
		expect(d).toContain('Serial: SN1');
	});

	it('a huge message is cut with a marker, keeping the details within 8000', () => {
		const d = ticketDescription({ ...event, message: 'x'.repeat(20000) }, 'bdr:k');
		expect(d.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
		expect(d).toContain(TRUNCATION_MARKER);
		expect(d).toContain('Alert key: bdr:k');
	});

	it('repeat count round-trips through note titles', () => {
		expect(repeatNoteTitle(1, 'T')).toBe('Repeated 1 time, last at T');
		expect(
			parseRepeatCount([repeatNoteTitle(3, 'T'), 'other', null, repeatNoteTitle(2, 'T')]),
		).toBe(3);
		expect(parseRepeatCount([])).toBe(0);
	});

	it('truncate only cuts when needed', () => {
		expect(truncate('abc', 3)).toBe('abc');
		expect(truncate('abcd', 3)).toBe('ab…');
	});
});
