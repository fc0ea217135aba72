/**
 * The Autotask credential's test, run as n8n runs it (test/harness/credentialTest.ts: no declarative
 * test, so the nodes' testedBy function with n8n-core's CredentialTestContext) against the sandbox,
 * for every Zone choice. Auto-Detect reaches the sandbox because the test points Autotask's zone
 * lookup host at it; the code under test still asks https://webservices.autotask.net.
 */
import type { INodeType } from 'n8n-workflow';

import { BdrAutotaskApi } from '../../credentials/BdrAutotaskApi.credentials';
import { BdrAutotaskLookup } from '../../nodes/BdrAutotaskLookup/BdrAutotaskLookup.node';
import { ZONE_LOOKUP_URL } from '../../nodes/autotask/zone';
import { startSandbox } from '../../sandbox/server';
import { credentialTestFunction, credentialsFor, testCredential } from '../harness';
import { loadPackageNodeTypes } from '../harness/packageTypes';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'empty', port: 0 });
});
afterAll(() => sb.close());

const credential = new BdrAutotaskApi();
/** Autotask's zone lookup, answered by the sandbox (whose zoneInformation names its own URL). */
const toSandbox = (url: string) => url.replace(ZONE_LOOKUP_URL, `${sb.baseUrl}/zoneInformation`);
const auto = () => ({ ...credentialsFor(sb), zone: 'auto', customUrl: '' });
const run = (data: Record<string, unknown>) =>
	testCredential('bdrAutotaskApi', data as never, { rewriteUrl: toSandbox });
const zoneLookups = () => sb.requestLog().filter((r) => /zoneInformation/i.test(r.route)).length;

describe('BDR Autotask API credential', () => {
	it('has password fields for the secret and the integration code', () => {
		const field = (name: string) => credential.properties.find((p) => p.name === name);
		expect(field('secret')?.typeOptions?.password).toBe(true);
		expect(field('integrationCode')?.typeOptions?.password).toBe(true);
	});

	it("has no declarative test, so n8n runs the nodes' testedBy function (a declarative test would win)", () => {
		expect((credential as { test?: unknown }).test).toBeUndefined();
		expect(credentialTestFunction('bdrAutotaskApi')).toBe(
			new BdrAutotaskLookup().methods.credentialTest.bdrAutotaskApiTest,
		);
	});

	it('every node that names testedBy for it has that function (n8n calls the first such node it finds)', () => {
		const testing = [...loadPackageNodeTypes().values()]
			.map((n) => n as INodeType)
			.filter((n) =>
				n.description.credentials?.some((c) => c.name === 'bdrAutotaskApi' && c.testedBy),
			);
		expect(testing.length).toBeGreaterThanOrEqual(3);
		for (const node of testing)
			expect(node.methods?.credentialTest?.bdrAutotaskApiTest).toBeInstanceOf(Function);
	});

	it('Auto-Detect: looks the zone up through zoneInformation, then authenticates there with a real read', async () => {
		sb.resetCounts();
		const before = zoneLookups();
		const ok = await run(auto());
		expect(ok).toEqual({
			status: 'OK',
			message: expect.stringContaining(`at ${sb.baseUrl} (zone found through zoneInformation)`),
		});
		expect(zoneLookups()).toBe(before + 1);
		expect(sb.counts().byRoute['GET ThresholdInformation']).toBe(1);
	});

	it("Auto-Detect: a wrong secret fails at the tenant's zone with Autotask's 401, without the secret or the code", async () => {
		const secret = 'wrong-secret-9d41c7';
		const bad = await run({ ...auto(), secret });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/refused the API user .* in its zone .*HTTP 401/);
		expect(bad.message).toMatch(/Check the Secret and the API Integration Code/);
		expect(bad.message).not.toContain(secret);
		expect(bad.message).not.toContain(sb.credentials.integrationCode);
	});

	it('Auto-Detect: an unknown user is told that Autotask does not know the username (sandbox answers zoneInformation 404)', async () => {
		const bad = await run({ ...auto(), username: 'nobody@unknown-msp.test' });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(
			/Autotask does not know the API username "nobody@unknown-msp\.test"/,
		);
		expect(bad.message).toMatch(/HTTP 404/);
		expect(bad.message).not.toContain(sb.credentials.secret);
	});

	it('Auto-Detect: an unreachable zone lookup says so, and names the username', async () => {
		const bad = await testCredential('bdrAutotaskApi', auto() as never, {
			rewriteUrl: (u) => u.replace(ZONE_LOOKUP_URL, 'http://127.0.0.1:1/zoneInformation'),
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain(
			`zone lookup could not be reached to find the zone of "${sb.credentials.username}"`,
		);
	});

	it('Custom URL: authenticates at the URL, for every accepted spelling; no zone lookup', async () => {
		const origin = sb.baseUrl.replace(/\/ATServicesRest\/V1\.0$/, '');
		const before = zoneLookups();
		for (const spelling of [
			origin,
			`${origin}/`,
			`${origin}/atservicesrest`,
			`${origin}/ATServicesRest/V1.0/`,
			`${origin}/atservicesrest/v1.0`,
		]) {
			const ok = await run({ ...credentialsFor(sb), customUrl: spelling });
			expect(ok.status).toBe('OK');
			expect(ok.message.toLowerCase()).toContain(`at ${origin}/atservicesrest/v1.0.`.toLowerCase());
		}
		expect(zoneLookups()).toBe(before);
		const bad = await run({ ...credentialsFor(sb), integrationCode: 'WRONGCODE-1234' });
		expect(bad).toMatchObject({ status: 'Error', message: expect.stringMatching(/HTTP 401/) });
		expect(bad.message).not.toContain('WRONGCODE-1234');
	});

	it('Autotask Zone URL: only Autotask hosts are accepted, and the message says which field to change', async () => {
		const bad = await run({ ...credentialsFor(sb), zone: 'explicit', customUrl: sb.baseUrl });
		expect(bad).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/"Base URL" is not an Autotask host/),
		});
	});

	it("Autotask Zone URL: an Autotask zone is verified with a real read there (reached through the test's host mapping)", async () => {
		const zone5 = 'https://webservices5.autotask.net/ATServicesRest/V1.0';
		const ok = await testCredential(
			'bdrAutotaskApi',
			{ ...credentialsFor(sb), zone: 'explicit', customUrl: zone5 } as never,
			{
				rewriteUrl: (u) => u.replace(zone5, sb.baseUrl),
			},
		);
		expect(ok).toEqual({ status: 'OK', message: expect.stringContaining(`at ${zone5}.`) });
	});
});
