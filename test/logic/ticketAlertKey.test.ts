import {
	alertKeyOf,
	naturalAlertKey,
	storedAlertKey,
	ALERT_KEY_MAX_LENGTH,
} from '../../nodes/logic/alertKey';

const base = { condition: 'backup', customer: { id: 'C1' }, device: { id: 'D1' } };

describe('alert key', () => {
	it('uses customer + vendor alert id when present', () => {
		expect(naturalAlertKey({ ...base, alertId: ' 77 ' })).toBe('C1/a/77');
		expect(alertKeyOf({ ...base, alertId: '77' })).toBe('bdr:C1/a/77');
	});

	it('otherwise joins customer, device, machine id or name or "-", and condition', () => {
		expect(naturalAlertKey({ ...base, machine: { id: 'M9', name: 'SRV' } })).toBe(
			'C1/D1/M9/backup',
		);
		expect(naturalAlertKey({ ...base, machine: { name: 'SRV' } })).toBe('C1/D1/SRV/backup');
		expect(naturalAlertKey(base)).toBe('C1/D1/-/backup');
	});

	it('failure and later OK of the same thing share a key; another condition does not', () => {
		expect(alertKeyOf(base)).toBe(alertKeyOf({ ...base }));
		expect(alertKeyOf(base)).not.toBe(alertKeyOf({ ...base, condition: 'offsite' }));
	});

	it('fits long keys into 50 characters deterministically, keeping a readable head', () => {
		const long = {
			...base,
			customer: { id: 'customer-with-a-very-long-identifier-0001' },
			machine: { name: 'SQL-SERVER-PRODUCTION-01' },
		};
		const key = alertKeyOf(long);
		expect(key.length).toBe(ALERT_KEY_MAX_LENGTH);
		expect(key.startsWith('bdr:customer-with')).toBe(true);
		expect(key).toMatch(/~[0-9a-f]{12}$/);
		expect(alertKeyOf(long)).toBe(key);
		const other = alertKeyOf({ ...long, machine: { name: 'SQL-SERVER-PRODUCTION-02' } });
		expect(other).not.toBe(key);
		expect(other.slice(0, 37)).toBe(key.slice(0, 37));
	});

	it('leaves keys that fit unchanged', () => {
		expect(storedAlertKey('x'.repeat(46))).toBe('bdr:' + 'x'.repeat(46));
		expect(storedAlertKey('x'.repeat(47)).length).toBe(50);
		expect(storedAlertKey('x'.repeat(47))).toContain('~');
	});
});
