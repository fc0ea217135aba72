/** Sync Billing's rows as typed: services by ID or by name, names resolved, every row checked. */
import {
	applyServiceIds,
	leaveNamesUnresolved,
	namedRows,
	problemsBeforeNames,
	rowsFromSettings,
	unknownServiceName,
} from '../../nodes/logic/billingRows';

const settings = (...rows: Array<Record<string, unknown>>) => rowsFromSettings(rows);

describe('rowsFromSettings', () => {
	it('reads a service from the list, by ID, or by name (a locator or a plain value)', () => {
		const rows = settings(
			{ quantity: 'serverLicenses', serviceId: { mode: 'list', value: '31' } },
			{ quantity: 'workstationLicenses', serviceId: { mode: 'id', value: ' 32 ' } },
			{ quantity: 'virtualLicenses', serviceId: { mode: 'name', value: '123' } },
			{ quantity: 'appliances', serviceId: 'Axcient Appliance' },
			{ quantity: 'appliances', serviceId: 33 },
			{ quantity: 'appliances' },
		);
		expect(rows.map((r) => [r.serviceRef, r.serviceId])).toEqual([
			['31', 31],
			['32', 32],
			['123', 0],
			['Axcient Appliance', 0],
			['33', 33],
			['', 0],
		]);
		expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('takes the defaults the parameters show: server licenses, GB binary rounded up, nothing included', () => {
		expect(settings({ quantity: 'localStorage', serviceId: '1' }, {})).toEqual([
			{
				index: 0,
				quantity: 'localStorage',
				customPath: undefined,
				serviceRef: '1',
				serviceId: 1,
				conversion: 'GB',
				base: 'binary',
				rounding: 'up',
				included: 0,
				minimum: 0,
			},
			{
				index: 1,
				quantity: 'serverLicenses',
				customPath: undefined,
				serviceRef: '',
				serviceId: 0,
				conversion: 'none',
				base: 'binary',
				rounding: 'up',
				included: 0,
				minimum: 0,
			},
		]);
	});

	it('bills counts as reported: a conversion left over from a storage row does not apply; custom fields keep theirs', () => {
		const rows = settings(
			{
				quantity: 'serverLicenses',
				serviceId: '1',
				conversion: 'TB',
				base: 'decimal',
				rounding: 'down',
				included: '2',
				minimum: 3,
			},
			{ quantity: 'custom', customPath: 'usage.licenses.hyperv', serviceId: '2', conversion: 'TB' },
		);
		expect(rows[0]).toMatchObject({
			conversion: 'none',
			base: 'decimal',
			rounding: 'down',
			included: 2,
			minimum: 3,
			customPath: undefined,
		});
		expect(rows[1]).toMatchObject({ conversion: 'TB', customPath: 'usage.licenses.hyperv' });
	});
});

describe('service names', () => {
	const rows = () =>
		settings(
			{ quantity: 'serverLicenses', serviceId: '31' },
			{ quantity: 'workstationLicenses', serviceId: 'Axcient Workstation' },
			{ quantity: 'appliances', serviceId: { mode: 'name', value: 'Axcient Appliance' } },
		);

	it('only rows with a name are resolved', () => {
		expect(namedRows(rows()).map((r) => r.serviceRef)).toEqual([
			'Axcient Workstation',
			'Axcient Appliance',
		]);
	});

	it('before the names are known, a named row counts as a service of its own; an empty one is still a problem', () => {
		expect(problemsBeforeNames(rows())).toEqual([]);
		const problems = problemsBeforeNames(
			settings(
				{ quantity: 'serverLicenses', serviceId: 'A' },
				{ quantity: 'appliances', serviceId: '' },
			),
		);
		expect(problems.map((p) => p.message)).toEqual([
			expect.stringMatching(/^Billing Settings row 2 \(Appliances\).*choose an Autotask service/),
		]);
	});

	it('resolved case-insensitively, then checked with the real ids (a name may map the service another row has)', () => {
		const typed = rows();
		expect(
			applyServiceIds(
				typed,
				new Map([
					['axcient workstation', 41],
					['axcient appliance', 42],
				]),
			),
		).toEqual([]);
		expect(typed.map((r) => r.serviceId)).toEqual([31, 41, 42]);
		const twice = rows();
		expect(
			applyServiceIds(
				twice,
				new Map([
					['axcient workstation', 31],
					['axcient appliance', 42],
				]),
			).map((p) => p.message),
		).toEqual([
			expect.stringMatching(
				/row 1 \(Server licenses\) and row 2 \(Workstation licenses\) both map to Autotask service 31/,
			),
		]);
	});

	it('a name no service has: one problem per such row, the rows left as they were', () => {
		const typed = rows();
		expect(applyServiceIds(typed, new Map([['axcient workstation', 41]]))).toEqual([
			unknownServiceName(typed[2]),
		]);
		expect(typed.map((r) => r.serviceId)).toEqual([31, 0, 0]);
		expect(unknownServiceName(typed[2]).message).toBe(
			'Billing Settings row 3 (Appliances): no Autotask service is named "Axcient Appliance": choose the service from the list (Retrieve Services List)',
		);
	});

	it('names that cannot be read (budget spent): each named row keeps an id of its own that no service has', () => {
		const typed = rows();
		leaveNamesUnresolved(typed);
		expect(typed.map((r) => r.serviceId)).toEqual([
			31,
			Number.MAX_SAFE_INTEGER - 1,
			Number.MAX_SAFE_INTEGER - 2,
		]);
	});
});
