import { checkBillingRows, rowLabel, type BillingRow } from '../../nodes/logic/billingSettings';

const row = (index: number, over: Partial<BillingRow> = {}): BillingRow => ({
	index,
	quantity: 'serverLicenses',
	serviceId: 10 + index,
	conversion: 'none',
	base: 'binary',
	rounding: 'up',
	included: 0,
	minimum: 0,
	...over,
});

describe('checkBillingRows', () => {
	it('accepts distinct services', () => {
		expect(
			checkBillingRows([row(0), row(1, { quantity: 'localStorage', conversion: 'GB' })]),
		).toEqual([]);
	});
	it('refuses the same service twice and names both rows', () => {
		const problems = checkBillingRows([
			row(0),
			row(1, { quantity: 'workstationLicenses', serviceId: 10 }),
		]);
		expect(problems).toHaveLength(1);
		expect(problems[0].message).toContain('row 1 (Server licenses)');
		expect(problems[0].message).toContain('row 2 (Workstation licenses)');
		expect(problems[0].message).toContain('service 10');
		expect(problems[0].message).toMatch(/remove one row or choose another service/);
	});
	it('asks for at least one row', () => {
		expect(checkBillingRows([])[0].message).toMatch(/no rows/);
	});
	it('names a row with no service, an empty custom path, and negative numbers', () => {
		const messages = checkBillingRows([
			row(0, { serviceId: 0 }),
			row(1, { quantity: 'custom', customPath: ' ' }),
			row(2, { included: -1, minimum: -2 }),
		]).map((p) => p.message);
		expect(messages[0]).toMatch(/row 1 .*choose an Autotask service/);
		expect(messages[1]).toMatch(/row 2 .*Custom Field Path/);
		expect(messages[2]).toMatch(/row 3 .*Included Allowance/);
		expect(messages[3]).toMatch(/row 3 .*Minimum Units/);
	});
	it('labels custom rows by their path', () => {
		expect(rowLabel(row(4, { quantity: 'custom', customPath: 'usage.x' }))).toBe(
			'row 5 (custom field "usage.x")',
		);
	});
});
