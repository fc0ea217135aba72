import { DateTime } from 'luxon';

import { effectiveDateOf } from '../../nodes/logic/effectiveDate';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

describe('effectiveDateOf', () => {
	it("is the workflow time zone's day, not the server's", () => {
		expect(effectiveDateOf('today', 'America/New_York', at('2026-12-03T01:30:00'))).toBe(
			'2026-12-02',
		);
		expect(effectiveDateOf('today', 'UTC', at('2026-12-03T01:30:00'))).toBe('2026-12-03');
		expect(effectiveDateOf('today', 'Pacific/Auckland', at('2026-12-02T12:00:00'))).toBe(
			'2026-12-03',
		);
	});

	it('first of next month rolls over the year', () => {
		expect(effectiveDateOf('firstOfNextMonth', 'UTC', at('2026-12-31T23:00:00'))).toBe(
			'2027-01-01',
		);
		expect(effectiveDateOf('firstOfNextMonth', 'America/New_York', at('2027-01-01T02:00:00'))).toBe(
			'2027-01-01',
		);
	});
});
