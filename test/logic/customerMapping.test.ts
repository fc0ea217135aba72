import {
	type CompanyRecord,
	type ContractRecord,
	type MappingLookups,
	type MappingOptions,
	parseId,
	REASON_CODES,
	type ReasonCode,
	resolveMapping,
	targetsFromCompanyField,
} from '../../nodes/logic/customerMapping';

const CUSTOMER = '7';
const RECURRING = '4';
const ACTIVE = '1';

const company = (id: number, o: Partial<CompanyRecord> = {}): CompanyRecord => ({
	id,
	companyName: `Co ${id}`,
	companyType: 7,
	isActive: true,
	...o,
});
const contract = (
	id: number,
	companyID: number,
	o: Partial<ContractRecord> = {},
): ContractRecord => ({
	id,
	companyID,
	contractName: `K ${id}`,
	contractType: 4,
	status: 1,
	startDate: '2026-01-01T00:00:00Z',
	endDate: '2026-12-31T00:00:00Z',
	...o,
});

function lookups(
	companies: CompanyRecord[],
	contracts: ContractRecord[] = [],
	recurring: ContractRecord[] = [],
): MappingLookups {
	const byCompany = new Map<number, ContractRecord[]>();
	for (const c of recurring)
		byCompany.set(c.companyID!, [...(byCompany.get(c.companyID!) ?? []), c]);
	return {
		companies: new Map(companies.map((c) => [c.id, c])),
		contracts: new Map(contracts.map((c) => [c.id, c])),
		recurringContractsByCompany: byCompany,
		customerTypeValue: CUSTOMER,
		recurringTypeValue: RECURRING,
		activeStatusValue: ACTIVE,
	};
}
const options = (o: Partial<MappingOptions> = {}): MappingOptions => ({
	allowSingleRecurringContract: false,
	requireContract: false,
	today: '2026-06-15',
	source: 'table',
	...o,
});

describe('resolveMapping', () => {
	it('maps a valid company and contract', () => {
		const result = resolveMapping(
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)], [contract(100, 10)]),
			options(),
		);
		expect(result).toEqual({
			mapped: true,
			autotask: { companyId: 10, companyName: 'Co 10', contractId: 100, contractName: 'K 100' },
		});
	});

	it('maps a company without a contract unless one is required', () => {
		expect(
			resolveMapping({ customerId: 'C1', companyId: 10 }, lookups([company(10)]), options()),
		).toEqual({ mapped: true, autotask: { companyId: 10, companyName: 'Co 10' } });
		expect(
			resolveMapping(
				{ customerId: 'C1', companyId: 10 },
				lookups([company(10)]),
				options({ requireContract: true }),
			),
		).toMatchObject({ mapped: false, reason: 'contract_missing' });
	});

	it('uses the single active recurring contract when allowed, and not when there are two', () => {
		const one = lookups([company(10)], [], [contract(100, 10), contract(101, 10, { status: 0 })]);
		expect(
			resolveMapping(
				{ customerId: 'C1', companyId: 10 },
				one,
				options({ allowSingleRecurringContract: true }),
			),
		).toMatchObject({ mapped: true, autotask: { contractId: 100 } });
		const two = lookups([company(10)], [], [contract(100, 10), contract(102, 10)]);
		const refused = resolveMapping(
			{ customerId: 'C1', companyId: 10 },
			two,
			options({ allowSingleRecurringContract: true, requireContract: true }),
		);
		expect(refused).toMatchObject({ mapped: false, reason: 'contract_missing' });
		expect(refused.mapped === false && refused.message).toContain(
			'has 2 active Recurring Service contracts',
		);
		expect(
			resolveMapping(
				{ customerId: 'C1', companyId: 10 },
				two,
				options({ allowSingleRecurringContract: true }),
			),
		).toEqual({ mapped: true, autotask: { companyId: 10, companyName: 'Co 10' } });
	});

	const cases: Array<[ReasonCode, Parameters<typeof resolveMapping>[0], MappingLookups, RegExp]> = [
		['missing_customer_id', { customerId: '' }, lookups([]), /BDR Customer ID expression/],
		['no_mapping', { customerId: 'C1' }, lookups([]), /add it to the Mappings table/],
		['company_not_found', { customerId: 'C1', companyId: 10 }, lookups([]), /correct the company/],
		[
			'company_inactive',
			{ customerId: 'C1', companyId: 10 },
			lookups([company(10, { isActive: false })]),
			/reactivate it/,
		],
		[
			'company_not_customer',
			{ customerId: 'C1', companyId: 10 },
			lookups([company(10, { companyType: 1 })]),
			/set its Company Type to Customer/,
		],
		[
			'contract_not_found',
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)]),
			/pick a contract of company 10/,
		],
		[
			'contract_wrong_company',
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)], [contract(100, 11)]),
			/belongs to company 11/,
		],
		[
			'contract_not_recurring',
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)], [contract(100, 10, { contractType: 1 })]),
			/not a Recurring Service contract/,
		],
		[
			'contract_inactive',
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)], [contract(100, 10, { status: 0 })]),
			/is not active/,
		],
		[
			'contract_outside_dates',
			{ customerId: 'C1', companyId: 10, contractId: 100 },
			lookups([company(10)], [contract(100, 10, { endDate: '2026-05-31T00:00:00Z' })]),
			/2026-01-01 to 2026-05-31/,
		],
		[
			'ambiguous_mapping',
			{
				customerId: 'C1',
				refusal: { reason: 'ambiguous_mapping', message: 'keep it on one company only' },
			},
			lookups([]),
			/one company only/,
		],
	];
	it.each(cases)('refuses with %s and a message naming the fix', (reason, target, l, fix) => {
		const result = resolveMapping(target, l, options());
		expect(result).toMatchObject({ mapped: false, reason });
		expect(result.mapped === false && result.message).toMatch(fix);
	});

	it('accepts contracts starting today and ending today, and open-ended ones', () => {
		const l = lookups(
			[company(10)],
			[
				contract(1, 10, { startDate: '2026-06-15T00:00:00Z' }),
				contract(2, 10, { endDate: '2026-06-15T00:00:00Z' }),
				contract(3, 10, { endDate: null }),
			],
		);
		for (const id of [1, 2, 3])
			expect(
				resolveMapping({ customerId: 'C', companyId: 10, contractId: id }, l, options()).mapped,
			).toBe(true);
		const future = lookups([company(10)], [contract(4, 10, { startDate: '2026-07-01T00:00:00Z' })]);
		expect(
			resolveMapping({ customerId: 'C', companyId: 10, contractId: 4 }, future, options()),
		).toMatchObject({ reason: 'contract_outside_dates' });
	});

	it('names the company-field fix in that mode', () => {
		const result = resolveMapping(
			{ customerId: 'C1', companyId: 10 },
			lookups([]),
			options({ source: 'companyField' }),
		);
		expect(result.mapped === false && result.message).toContain('company field in Autotask');
	});

	it('has a seeded case above for every reason code except the runtime ones', () => {
		const covered = new Set([
			...cases.map((c) => c[0]),
			'contract_missing',
			'invalid_company_id',
			'invalid_contract_id',
			'invalid_configuration',
			'autotask_error',
		]);
		expect(REASON_CODES.filter((code) => !covered.has(code))).toEqual([]);
	});
});

describe('targetsFromCompanyField', () => {
	const udf = (id: number, value: string | null, contractValue?: string) =>
		company(id, {
			userDefinedFields: [
				{ name: 'BDR Customer ID', value },
				...(contractValue ? [{ name: 'BDR Contract', value: contractValue }] : []),
			],
		});

	it('finds the one company holding each id, case-insensitive on the field name', () => {
		const targets = targetsFromCompanyField(
			['C1', 'C2'],
			[udf(10, 'C1'), udf(11, ' C2 ')],
			'bdr customer id',
		);
		expect(targets.get('C1')).toEqual({ companyId: 10 });
		expect(targets.get('C2')).toEqual({ companyId: 11 });
	});

	it('reports missing and doubly claimed ids', () => {
		const targets = targetsFromCompanyField(
			['C1', 'C3'],
			[udf(10, 'C1'), udf(11, 'C1'), udf(12, null)],
			'BDR Customer ID',
		);
		expect(targets.get('C1')?.refusal).toMatchObject({ reason: 'ambiguous_mapping' });
		expect(targets.get('C1')?.refusal?.message).toContain('10, 11');
		expect(targets.get('C3')?.refusal).toMatchObject({ reason: 'no_mapping' });
		expect(targets.get('C3')?.refusal?.message).toContain('"BDR Customer ID"');
	});

	it('reads the contract id from a second field and refuses a non-numeric one', () => {
		expect(
			targetsFromCompanyField(
				['C1'],
				[udf(10, 'C1', '555')],
				'BDR Customer ID',
				'BDR Contract',
			).get('C1'),
		).toEqual({ companyId: 10, contractId: 555 });
		expect(
			targetsFromCompanyField(
				['C1'],
				[udf(10, 'C1', 'abc')],
				'BDR Customer ID',
				'BDR Contract',
			).get('C1')?.refusal,
		).toMatchObject({ reason: 'invalid_contract_id' });
	});
});

describe('parseId', () => {
	it.each([
		[5, 5],
		['12', 12],
		[' 7 ', 7],
		[0, undefined],
		[-1, undefined],
		[1.5, undefined],
		['1e3', undefined],
		['', undefined],
		[null, undefined],
	])('%p → %p', (input, expected) => {
		expect(parseId(input)).toBe(expected);
	});
});
