/**
 * Which nodes n8n offers an AI agent as tools, and a call of each the way the agent makes it
 * (one flat item of $fromAI arguments, output 0 read back; test/harness/agentTool.ts).
 * The BDR Backup Assistant's calls are in backupAssistantTool.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';

import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { DATTO_DEMO } from '../../sandbox/datto/seeds';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';
import { credentialsFor } from '../harness';
import { callAsTool, toolVariant } from '../harness/agentTool';
import { loadPackageNodeTypes, PACKAGE_NAME } from '../harness/packageTypes';

/**
 * The nodes marked usableAsTool, and the test that calls each as the agent does. Map Customer
 * (unmapped answers on a second output the agent never reads), Open or Close Ticket and Sync
 * Billing (they need nested BDR events, not flat arguments) are deliberately not tools.
 */
const AGENT_TOOLS: Record<string, string> = {
	bdrAutotaskLookup: 'toolNodes.test.ts',
	bdrBackupAssistant: 'backupAssistantTool.test.ts',
	bdrDattoBcdr: 'toolNodes.test.ts',
	bdrX360Recover: 'toolNodes.test.ts',
};

describe('usableAsTool', () => {
	const types = [...loadPackageNodeTypes().values()] as INodeType[];

	it('is set on exactly the nodes that work with one flat item and their first output', () => {
		const tools = types
			.filter((t) => t.description.usableAsTool)
			.map((t) => t.description.name)
			.sort();
		expect(tools).toEqual(Object.keys(AGENT_TOOLS).sort());
	});

	it('every tool node has one output (the agent reads only the first) and an agent-call test', () => {
		for (const [name, file] of Object.entries(AGENT_TOOLS)) {
			const type = types.find((t) => t.description.name === name)!;
			expect([name, type.description.outputs]).toEqual([name, ['main']]);
			expect([name, readFileSync(join(__dirname, file), 'utf8')]).toEqual([
				name,
				expect.stringContaining(`node: '${name}'`),
			]);
		}
	});

	it('n8n offers no tool variant of the others', () => {
		const syncBilling = loadPackageNodeTypes().get(`${PACKAGE_NAME}.bdrSyncBilling`) as INodeType;
		expect(() => toolVariant(syncBilling)).toThrow(/not marked usableAsTool/);
	});
});

describe('agent calls', () => {
	let sb: Sandbox;
	let x360: X360Recover;
	let datto: DattoStandIn;
	beforeAll(async () => {
		[sb, x360, datto] = await Promise.all([
			startSandbox({ seed: 'demo', port: 0 }),
			startX360Recover({ seed: 'demo', port: 0 }),
			startDatto({ seed: 'demo', port: 0 }),
		]);
	});
	afterAll(async () => Promise.all([sb.close(), x360.close(), datto.close()]));

	const credentials = () => ({
		bdrAutotaskApi: credentialsFor(sb),
		bdrX360RecoverApi: { apiKey: x360.apiKey, environment: 'custom', customUrl: x360.baseUrl },
		bdrDattoBcdrApi: {
			publicKey: datto.publicKey,
			secretKey: datto.secretKey,
			environment: 'custom',
			customUrl: datto.baseUrl,
		},
	});
	const observed = (observation: unknown) => observation as Array<Record<string, any>>;

	it('Autotask Lookup: Get Contracts of the company the model names by ID', async () => {
		const acme = DEMO.customers.acme;
		const { observation, tool } = await callAsTool({
			node: 'bdrAutotaskLookup',
			parameters: {
				resource: 'contract',
				operation: 'getContracts',
				company: {
					__rl: true,
					mode: 'id',
					value: "={{ $fromAI('company_id', 'Autotask company ID', 'string') }}",
				},
			},
			args: { company_id: String(acme.companyId) },
			credentials: credentials(),
		});
		expect(tool.argumentKeys).toEqual(['company_id']);
		expect(tool.description).toBe('Get contracts of company in Autotask Lookup');
		// Defaults: active Recurring Service contracts only (status 1, type 7 in the stand-in's picklists).
		const expected = sb.store
			.all('Contracts')
			.filter((c) => c.companyID === acme.companyId && c.status === 1 && c.contractType === 7);
		expect(expected.length).toBeGreaterThan(0);
		expect(observed(observation).map((c) => c.id)).toEqual(expected.map((c) => c.id));
	});

	it('Autotask Lookup: Search Companies by the words the model passes', async () => {
		const { observation } = await callAsTool({
			node: 'bdrAutotaskLookup',
			parameters: {
				resource: 'company',
				operation: 'searchCompanies',
				nameContains: "={{ $fromAI('name_contains', 'Part of the company name', 'string') }}",
				companyType: '',
			},
			args: { name_contains: 'Harbor' },
			credentials: credentials(),
			path: 'direct',
		});
		const expected = sb.store
			.all('Companies')
			.filter((c) => String(c.companyName).includes('Harbor') && c.isActive !== false);
		expect(expected.length).toBeGreaterThan(0);
		expect(
			observed(observation)
				.map((c) => c.id)
				.sort(),
		).toEqual(expected.map((c) => c.id).sort());
	});

	it('x360Recover: List Clients answers every client of the stand-in', async () => {
		const { observation } = await callAsTool({
			node: 'bdrX360Recover',
			parameters: { operation: 'listClients' },
			args: {},
			credentials: credentials(),
		});
		expect(
			observed(observation)
				.map((c) => c.customer.id)
				.sort(),
		).toEqual(X360_DEMO.clients.map((c) => String(c.clientId)).sort());
	});

	it('Datto BCDR: List Clients answers every organization of the stand-in', async () => {
		const { observation } = await callAsTool({
			node: 'bdrDattoBcdr',
			parameters: { operation: 'listClients' },
			args: {},
			credentials: credentials(),
		});
		expect(
			observed(observation)
				.map((c) => c.customer.id)
				.sort(),
		).toEqual(DATTO_DEMO.clients.map((c) => String(c.organizationId)).sort());
	});
});
