import type { BillingRow } from '../../nodes/logic/billingSettings';
import {
	quantityOf,
	readPath,
	sumUsageByContract,
	type UsageItem,
} from '../../nodes/logic/billingUsage';

const rows: BillingRow[] = [
	{
		index: 0,
		quantity: 'serverLicenses',
		serviceId: 1,
		conversion: 'none',
		base: 'binary',
		rounding: 'up',
		included: 0,
		minimum: 0,
	},
	{
		index: 1,
		quantity: 'localStorage',
		serviceId: 2,
		conversion: 'GB',
		base: 'binary',
		rounding: 'up',
		included: 0,
		minimum: 0,
	},
	{
		index: 2,
		quantity: 'custom',
		customPath: 'usage.licenses.hyperv',
		serviceId: 3,
		conversion: 'none',
		base: 'binary',
		rounding: 'up',
		included: 0,
		minimum: 0,
	},
];

let n = 0;
function item(
	contractId: unknown,
	deviceId: string | undefined,
	occurredAt: string,
	licenses: Record<string, unknown>,
	storage: Record<string, unknown> = {},
): UsageItem {
	const index = n++;
	return {
		index,
		data: {
			eventId: `ev-${index}`,
			occurredAt,
			customer: { id: 'cust-1' },
			device: deviceId === undefined ? {} : { id: deviceId },
			type: 'usage_report',
			usage: { licenses, storage },
			autotask: { companyId: 5, companyName: 'Acme', contractId, contractName: 'Acme BDR' },
		},
	};
}

beforeEach(() => {
	n = 0;
});

describe('sumUsageByContract', () => {
	it('records when the newest summed snapshot was taken (usageAsOf), normalised to ISO; none without dates', () => {
		const { contracts } = sumUsageByContract(
			[
				item(100, 'dev-a', '2026-01-02T10:00:00+02:00', { server: 2 }),
				item(100, 'dev-b', '2026-01-01T00:00:00Z', { server: 3 }),
				item(200, 'dev-c', 'not a date', { server: 1 }),
			],
			rows,
		);
		expect(contracts.find((c) => c.contractId === 100)!.usageAsOf).toBe('2026-01-02T08:00:00.000Z');
		expect(contracts.find((c) => c.contractId === 200)!.usageAsOf).toBeUndefined();
	});

	it('sums several appliances of one contract', () => {
		const { contracts, rejected } = sumUsageByContract(
			[
				item(100, 'dev-a', '2026-01-01T00:00:00Z', { server: 2, hyperv: 1 }, { localBytes: 10 }),
				item(100, 'dev-b', '2026-01-01T00:00:00Z', { server: 3 }, { localBytes: 5 }),
				item(200, 'dev-c', '2026-01-01T00:00:00Z', { server: 1 }),
			],
			rows,
		);
		expect(rejected).toEqual([]);
		const c100 = contracts.find((c) => c.contractId === 100)!;
		expect(c100.totals.get(0)).toBe(5);
		expect(c100.totals.get(1)).toBe(15);
		expect(c100.totals.get(2)).toBe(1);
		expect(c100.itemIndices).toEqual([0, 1]);
		expect(c100.eventIds).toEqual(['ev-0', 'ev-1']);
		expect(c100.deviceIds.sort()).toEqual(['dev-a', 'dev-b']);
		expect(c100.companyName).toBe('Acme');
		const c200 = contracts.find((c) => c.contractId === 200)!;
		expect(c200.totals.get(0)).toBe(1);
		expect(c200.totals.get(1)).toBeUndefined();
		expect(c200.totals.has(1)).toBe(true);
	});

	it('counts only the latest snapshot of a device that reported twice, but pairs every item', () => {
		const { contracts } = sumUsageByContract(
			[
				item(100, 'dev-a', '2026-01-02T00:00:00Z', { server: 4 }),
				item(100, 'dev-a', '2026-01-01T00:00:00Z', { server: 9 }),
				item(100, 'dev-b', '2026-01-01T00:00:00Z', { server: 1 }),
			],
			rows,
		);
		expect(contracts[0].totals.get(0)).toBe(5);
		expect(contracts[0].itemIndices).toEqual([0, 1, 2]);
	});

	it('treats items without a device id as separate devices', () => {
		const { contracts } = sumUsageByContract(
			[
				item(100, undefined, '2026-01-01T00:00:00Z', { server: 2 }),
				item(100, undefined, '2026-01-01T00:00:00Z', { server: 2 }),
			],
			rows,
		);
		expect(contracts[0].totals.get(0)).toBe(4);
	});

	it('accepts a contract id given as a numeric string', () => {
		const { contracts } = sumUsageByContract([item('100', 'd', '', { server: 1 })], rows);
		expect(contracts[0].contractId).toBe(100);
	});

	it('rejects items without a contract id with the fix', () => {
		const { contracts, rejected } = sumUsageByContract(
			[item(undefined, 'd', '', { server: 1 }), item(0, 'd', '', {})],
			rows,
		);
		expect(contracts).toEqual([]);
		expect(rejected.map((r) => r.index)).toEqual([0, 1]);
		expect(rejected[0].reason).toBe('no-contract');
		expect(rejected[0].message).toMatch(/Map Customer/);
	});

	it('rejects an item whose quantity is not a number, naming the path and row', () => {
		const { rejected } = sumUsageByContract([item(100, 'd', '', { server: 'many' })], rows);
		expect(rejected[0].reason).toBe('invalid-quantity');
		expect(rejected[0].message).toMatch(/row 1: "usage.licenses.server" is "many"/);
	});
});

describe('quantityOf / readPath', () => {
	it('reads nested paths and numeric strings', () => {
		expect(readPath({ a: { b: [1, 2] } }, 'a.b.1')).toBe(2);
		expect(readPath({ a: 1 }, 'a.b')).toBeUndefined();
		expect(quantityOf({ usage: { licenses: { hyperv: '3' } } }, rows[2])).toBe(3);
		expect(quantityOf({ usage: {} }, rows[2])).toBeUndefined();
		expect(quantityOf({ usage: { licenses: { server: -1 } } }, rows[0])).toBeInstanceOf(Error);
	});
});
