import { alertKeyOf } from '../../nodes/logic/alertKey';
import {
	dryRunAnswer,
	isBackupTicket,
	pickCompany,
	pickFields,
	usageFromArguments,
} from '../../nodes/logic/backupAssistant';
import type { ContractPlan } from '../../nodes/logic/billingPlan';

describe('isBackupTicket', () => {
	it('is true for the key Open or Close Ticket stores, long (hashed) keys included', () => {
		const short = alertKeyOf({ condition: 'backup', customer: { id: 'c1' }, device: { id: 'd1' } });
		const long = alertKeyOf({
			condition: 'backup',
			customer: { id: 'c'.repeat(40) },
			device: { id: 'd'.repeat(40) },
		});
		expect(isBackupTicket(short)).toBe(true);
		expect(isBackupTicket(long)).toBe(true);
		expect(isBackupTicket(short.toUpperCase())).toBe(true); // Autotask compares case-insensitively
	});

	it('is false for other tickets', () => {
		for (const other of [undefined, null, '', 'rmm:123', 'xbdr:1', 42])
			expect(isBackupTicket(other)).toBe(false);
	});
});

describe('pickCompany', () => {
	const acme = { id: 1, companyName: 'ACME Insurance', isActive: true };
	const acmeOld = { id: 2, companyName: 'ACME Insurance', isActive: false };
	const acmeLabs = { id: 3, companyName: 'ACME Labs', isActive: true };

	it('takes the ID, then the exact name (an active one first), then the only candidate', () => {
		expect(
			pickCompany('3', [acme, acmeLabs, { id: 33, companyName: 'Firm 3', isActive: true }]),
		).toEqual({ kind: 'found', company: acmeLabs });
		expect(pickCompany('  acme   INSURANCE ', [acme, acmeOld, acmeLabs])).toEqual({
			kind: 'found',
			company: acme,
		});
		expect(pickCompany('labs', [acmeLabs])).toEqual({ kind: 'found', company: acmeLabs });
	});

	it('several matches are ambiguous; none is none', () => {
		expect(pickCompany('acme', [acme, acmeLabs])).toEqual({
			kind: 'ambiguous',
			candidates: [acme, acmeLabs],
		});
		expect(pickCompany('zzz', [])).toEqual({ kind: 'none' });
	});

	it('inactive companies count only when no active one matches', () => {
		expect(pickCompany('acme', [acmeOld])).toEqual({ kind: 'found', company: acmeOld });
	});
});

describe('usageFromArguments', () => {
	it('builds the usage report Sync Billing reads: licences as given, storage GB as bytes; empty is not reported', () => {
		expect(
			usageFromArguments({
				serverLicenses: '3',
				workstationLicenses: 10,
				virtualLicenses: '',
				appliances: ' 1 ',
				offsiteStorageGb: '1.5',
			}),
		).toEqual({
			usage: {
				licenses: { server: 3, workstation: 10, appliance: 1 },
				storage: { offsiteBytes: 1_500_000_000 },
			},
			reported: 4,
		});
		expect(usageFromArguments({}).reported).toBe(0);
	});

	it('a value that is no number of 0 or more throws naming the field', () => {
		expect(() => usageFromArguments({ localStorageGb: '2 TB' })).toThrow(
			'"Local Storage (GB)" is "2 TB": give a number of 0 or more',
		);
		expect(() => usageFromArguments({ serverLicenses: -1 })).toThrow('"Server Licenses" is -1');
	});
});

describe('dryRunAnswer', () => {
	const change = (
		over: Partial<ContractPlan['changes'][number]>,
	): ContractPlan['changes'][number] => ({
		row: 1,
		quantity: 'Server Licenses',
		serviceId: 9,
		serviceName: 'Server',
		reported: 5,
		rule: 'as reported',
		before: 3,
		after: 5,
		delta: 2,
		addsService: false,
		status: 'change',
		...over,
	});

	it('lists current → target per service and says what Sync Billing would do', () => {
		const plan: ContractPlan = {
			contractId: 7,
			contractName: 'Backup',
			status: 'change',
			problems: [],
			changes: [
				change({}),
				change({ serviceName: 'WS', before: 4, after: 4, delta: 0, status: 'unchanged' }),
			],
		};
		const answer = dryRunAnswer(plan, '2026-12-02');
		expect(
			answer.services.map((s) => [s.service, s.currentUnits, s.targetUnits, s.change]),
		).toEqual([
			['Server', 3, 5, 2],
			['WS', 4, 4, 0],
		]);
		expect(answer.summary).toBe(
			'Sync Billing would change 1 service on "Backup" from 2026-12-02: Server 3 → 5. Nothing was written (dry run).',
		);
	});

	it('a blocked or unchanged contract says so', () => {
		const blocked: ContractPlan = {
			contractId: 7,
			status: 'error',
			problems: [{ code: 'no-usage', message: 'No usage' }],
			changes: [],
		};
		expect(dryRunAnswer(blocked, '2026-12-02')).toMatchObject({
			summary: 'contract 7 cannot be billed as configured: No usage',
			problems: ['No usage'],
		});
		const same: ContractPlan = {
			contractId: 7,
			contractName: 'B',
			status: 'unchanged',
			problems: [],
			changes: [change({ delta: 0, after: 3, status: 'unchanged' })],
		};
		expect(dryRunAnswer(same, '2026-12-02').summary).toMatch(
			/^"B" already bills what the usage calls for/,
		);
	});
});

describe('pickFields', () => {
	it('keeps the named fields that have a value', () => {
		expect(pickFields({ a: 1, b: null, c: 'x', d: 2 }, ['a', 'b', 'c', 'e'])).toEqual({
			a: 1,
			c: 'x',
		});
	});
});
