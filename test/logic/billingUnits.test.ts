import fc from 'fast-check';
import {
	billableUnits,
	bytesTo,
	describeRule,
	roundUnits,
	type UnitRule,
} from '../../nodes/logic/units';

const GiB = 1024 ** 3;
const GB = 1000 ** 3;
const rule = (over: Partial<UnitRule> = {}): UnitRule => ({
	conversion: 'none',
	base: 'binary',
	rounding: 'up',
	included: 0,
	minimum: 0,
	...over,
});

describe('bytesTo', () => {
	it('converts binary and decimal units', () => {
		expect(bytesTo(5 * GiB, 'GB', 'binary')).toBe(5);
		expect(bytesTo(5 * GiB, 'GB', 'decimal')).toBeCloseTo(5.36870912, 8);
		expect(bytesTo(3 * 1024 ** 2, 'MB', 'binary')).toBe(3);
		expect(bytesTo(2 * 1000 ** 4, 'TB', 'decimal')).toBe(2);
		expect(bytesTo(1024 ** 4, 'TB', 'decimal')).toBeCloseTo(1.099511627776, 10);
	});
});

describe('roundUnits', () => {
	it('rounds up, down and to nearest (half away from zero)', () => {
		expect(roundUnits(2.01, 'up')).toBe(3);
		expect(roundUnits(2.99, 'down')).toBe(2);
		expect(roundUnits(2.5, 'nearest')).toBe(3);
		expect(roundUnits(2.49, 'nearest')).toBe(2);
	});
	it('does not bill an extra unit for floating-point noise', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(roundUnits((0.1 + 0.2) * 10, 'up')).toBe(3);
		expect(roundUnits(3.0000000000000004, 'up')).toBe(3);
	});
});

describe('billableUnits', () => {
	it('bills counts as reported', () => {
		expect(billableUnits(7, rule())).toBe(7);
	});
	it('converts storage, then rounds', () => {
		expect(billableUnits(1.5 * GiB, rule({ conversion: 'GB', rounding: 'up' }))).toBe(2);
		expect(billableUnits(1.5 * GiB, rule({ conversion: 'GB', rounding: 'down' }))).toBe(1);
		expect(
			billableUnits(1500 * GB, rule({ conversion: 'TB', base: 'decimal', rounding: 'nearest' })),
		).toBe(2);
		expect(
			billableUnits(1500 * GB, rule({ conversion: 'TB', base: 'binary', rounding: 'nearest' })),
		).toBe(1);
	});
	it('subtracts the included allowance before rounding and never goes below zero', () => {
		expect(billableUnits(250 * GiB, rule({ conversion: 'GB', included: 100 }))).toBe(150);
		expect(
			billableUnits(100.2 * GiB, rule({ conversion: 'GB', included: 100, rounding: 'up' })),
		).toBe(1);
		expect(billableUnits(40 * GiB, rule({ conversion: 'GB', included: 100 }))).toBe(0);
	});
	it('applies the minimum after the allowance', () => {
		expect(billableUnits(40 * GiB, rule({ conversion: 'GB', included: 100, minimum: 1 }))).toBe(1);
		expect(billableUnits(0, rule({ minimum: 5 }))).toBe(5);
		expect(billableUnits(9, rule({ minimum: 5 }))).toBe(9);
	});
	it('refuses a non-finite quantity', () => {
		expect(() => billableUnits(Number.NaN, rule())).toThrow(/finite/);
	});
	it('is an integer, at least the minimum, and monotonic in the reported quantity', () => {
		const arbRule = fc.record({
			conversion: fc.constantFrom('none', 'MB', 'GB', 'TB') as fc.Arbitrary<UnitRule['conversion']>,
			base: fc.constantFrom('binary', 'decimal') as fc.Arbitrary<UnitRule['base']>,
			rounding: fc.constantFrom('up', 'nearest', 'down') as fc.Arbitrary<UnitRule['rounding']>,
			included: fc.integer({ min: 0, max: 1000 }),
			minimum: fc.integer({ min: 0, max: 50 }),
		});
		fc.assert(
			fc.property(
				arbRule,
				fc.double({ min: 0, max: 1e15, noNaN: true }),
				fc.double({ min: 0, max: 1e15, noNaN: true }),
				(r, a, b) => {
					const [lo, hi] = a <= b ? [a, b] : [b, a];
					const ulo = billableUnits(lo, r);
					const uhi = billableUnits(hi, r);
					return Number.isInteger(ulo) && ulo >= r.minimum && ulo <= uhi;
				},
			),
		);
	});
});

describe('describeRule', () => {
	it('names conversion, rounding, allowance and minimum', () => {
		expect(describeRule(rule({ conversion: 'GB', included: 100, minimum: 1 }))).toBe(
			'GB (binary), rounded up, 100 included, minimum 1',
		);
		expect(describeRule(rule())).toBe('count, rounded up');
	});
});
