/**
 * The stand-in's seeds: the demo organization mirrors the Autotask demo tenant (one client per
 * customer, systems and storage from its contract units, all healthy), the Autotask demo companies
 * carry the x360Recover client id in a company field, and generated seeds are deterministic.
 */
import { parseX360Args, seedFromArgs } from '../../../sandbox/x360recover/cli';
import { X360_CLIENT_ID_UDF, generatedX360ClientId } from '../../../sandbox/x360recover/ids';
import { X360_DEMO, parseX360Seed, seedModel } from '../../../sandbox/x360recover/seeds';
import { startSandbox } from '../../../sandbox/server';
import { DEMO } from '../../../sandbox/tenant/demo';
import { call, query } from '../sandbox-fetch';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('demo seed', () => {
	const model = seedModel('demo', NOW);

	it('one client per demo customer, with integer ids unlike the Autotask company ids', () => {
		expect(X360_DEMO.clients.map((c) => c.autotaskCompanyId)).toEqual(
			DEMO.customerList.map((c) => c.companyId),
		);
		expect(model.clients.map((c) => [c.id, c.name])).toEqual(
			X360_DEMO.clients.map((c) => [c.clientId, c.name]),
		);
		for (const c of X360_DEMO.clients) {
			expect(Number.isInteger(c.clientId)).toBe(true);
			expect(c.clientId).not.toBe(c.autotaskCompanyId);
		}
	});

	it.each(DEMO.customerList.map((c) => [c.name, c] as const))(
		'%s: servers, workstations, appliances, local and cloud bytes (decimal GB) from its units',
		(_name, customer) => {
			const u = customer.units as Record<string, number>;
			const id = X360_DEMO.clients.find(
				(c) => c.autotaskCompanyId === customer.companyId,
			)!.clientId;
			const devices = model.devices.filter((d) => d.clientId === id);
			expect(devices.filter((d) => d.type === 'SERVER')).toHaveLength(u.serverLicense);
			expect(devices.filter((d) => d.type === 'WORKSTATION')).toHaveLength(u.workstationLicense);
			expect(model.appliances.filter((a) => a.clientId === id)).toHaveLength(u.appliance);
			expect(devices.reduce((s, d) => s + d.localUsage, 0)).toBe(u.localStorageGb * 1e9);
			expect(devices.reduce((s, d) => s + d.cloudUsage, 0)).toBe(u.cloudStorageGb * 1e9);
			expect(
				model.appliances
					.filter((a) => a.clientId === id)
					.reduce((s, a) => s + a.storage.usedBytes, 0),
			).toBe(u.localStorageGb * 1e9);
		},
	);

	it('everything healthy at start: NORMAL systems and appliances, tunnels UP, AutoVerify healthy', () => {
		expect(
			model.devices.every(
				(d) =>
					d.health.status === 'NORMAL' &&
					d.autoverify.result === 'healthy' &&
					d.failingMessage === null,
			),
		).toBe(true);
		expect(
			model.appliances.every(
				(a) =>
					a.health.status === 'NORMAL' &&
					a.tunnel === 'UP' &&
					a.storage.usedBytes / a.storage.driveBytes <= 0.6,
			),
		).toBe(true);
	});

	it('is deterministic for the same clock', () => {
		expect(seedModel('demo', NOW)).toEqual(model);
	});
});

describe('Autotask demo tenant: the "x360Recover Client ID" company field', () => {
	it('holds each demo customer\'s x360Recover client id (string UDF, as "BDR Customer ID"), found by a udf query', async () => {
		const sb = await startSandbox({ seed: 'demo' });
		try {
			const udfs = (
				await call(sb, 'GET', 'Companies/entityInformation/userDefinedFields')
			).body.fields.map((f: any) => f.name);
			expect(udfs).toEqual(expect.arrayContaining(['BDR Customer ID', X360_CLIENT_ID_UDF]));
			for (const c of X360_DEMO.clients) {
				const found = (
					await query(sb, 'Companies', [
						{ op: 'eq', field: X360_CLIENT_ID_UDF, udf: true, value: String(c.clientId) },
					])
				).body.items;
				expect(found.map((f: any) => f.id)).toEqual([c.autotaskCompanyId]);
				expect(found[0].userDefinedFields).toContainEqual({
					name: 'BDR Customer ID',
					value: c.bdrCustomerId,
				});
			}
		} finally {
			await sb.close();
		}
	});

	it('generated Autotask companies carry the generated x360Recover client id', async () => {
		const sb = await startSandbox({ seed: 3 });
		try {
			const found = (
				await query(sb, 'Companies', [
					{
						op: 'eq',
						field: X360_CLIENT_ID_UDF,
						udf: true,
						value: String(generatedX360ClientId(2)),
					},
				])
			).body.items;
			expect(found.map((f: any) => f.companyName)).toEqual(['Generated Customer 00002']);
		} finally {
			await sb.close();
		}
	});
});

describe('generated seeds (benchmarks)', () => {
	it('N clients, deterministic, ids 60001…', () => {
		const a = seedModel(50, NOW);
		expect(a.clients.map((c) => c.id).slice(0, 2)).toEqual([
			generatedX360ClientId(1),
			generatedX360ClientId(2),
		]);
		expect(a.clients).toHaveLength(50);
		expect(seedModel(50, NOW)).toEqual(a);
	});

	it('{ clients, devices } gives exactly that many systems', () => {
		for (const [clients, devices] of [
			[5, 50],
			[50, 500],
			[200, 2000],
			[3, 0],
		]) {
			expect(seedModel({ clients, devices }, NOW).devices).toHaveLength(devices);
		}
	});

	it('empty: the organization and its vaults only', () => {
		const m = seedModel('empty', NOW);
		expect([m.clients.length, m.devices.length, m.vaults.length]).toEqual([0, 0, 2]);
	});

	it('parses seeds and CLI arguments', () => {
		expect(parseX360Seed('12')).toBe(12);
		expect(parseX360Seed({ clients: 2, devices: 9 })).toEqual({ clients: 2, devices: 9 });
		expect(() => parseX360Seed('many')).toThrow(/seed must be/);
		expect(seedFromArgs(parseX360Args(['--seed', '20', '--devices=500']))).toEqual({
			clients: 20,
			devices: 500,
		});
		expect(() => seedFromArgs(parseX360Args(['--devices', '5']))).toThrow(/number seed/);
		expect(() => parseX360Args(['--bogus', '1'])).toThrow(/Unknown argument/);
	});
});
