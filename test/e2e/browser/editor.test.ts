/**
 * The n8n editor as a user sees it: headless Debian chromium (driven by playwright-core) logs into a
 * real n8n 2.x with our package, finds our nodes in the node panel with their icons, opens every
 * shipped template and every node's parameter panel, and checks that the "Retrieve" lists fill from
 * the Autotask sandbox. Screenshots land in .artifacts/screenshots/ (git-ignored).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { DEMO } from '../../../sandbox/tenant/demo';
import { ensureRuntime } from '../../../tools/n8n/runtime';
import {
	sandboxCredentials,
	startN8n,
	TEMPLATE_CREDENTIAL_NAMES,
	type N8nServer,
} from '../../../tools/n8n/server';
import { importTemplates, type ImportedTemplates } from '../../../tools/n8n/templates';
import { ROOT, template, triggerPath, WORKFLOWS_DIR } from '../e2eHelpers';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TEMPLATE_FILES = fs
	.readdirSync(WORKFLOWS_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const acme = DEMO.customers.acme;

/** Display names and type names our built dist declares (read from the classes). */
const OUR_NODES = (PKG.n8n.nodes as string[]).map((file) => {
	const mod = require(path.join(ROOT, file));
	const NodeClass = Object.values(mod)[0] as new () => {
		description: { name: string; displayName: string };
	};
	const { name, displayName } = new NodeClass().description;
	return { type: `${PKG.name}.${name}`, displayName };
});

let sb: Sandbox;
let server: N8nServer;
let imported: ImportedTemplates;
let context: BrowserContext;
let page: Page;
let profileDir: string;
let scratchId: string;
/** The editor's list requests (loadOptions / listSearch) and their answers, for failure messages. */
const listRequests: string[] = [];

const slug = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${slug(name)}.png`) });

/** Texts of the dropdown options the editor shows right now (n8n renders them in a popper). */
const visibleOptions = () =>
	page
		.locator('[role="option"], .el-select-dropdown__item')
		.evaluateAll((els) =>
			els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.textContent!.trim()),
		);

/** Opens a dropdown with `open` (again while the editor still loads it) until its options satisfy `predicate`. */
async function waitForOptions(
	open: () => Promise<void>,
	predicate: (options: string[]) => boolean,
	what: string,
): Promise<string[]> {
	let options: string[] = [];
	for (let i = 0; i < 80; i++) {
		if (i % 8 === 0 && !(await visibleOptions()).length) await open();
		options = await visibleOptions();
		if (predicate(options)) return options;
		await page.waitForTimeout(250);
	}
	const autotask = sb
		.requestLog()
		.slice(-8)
		.map((r) => `${r.method} ${r.route} ${r.status} ${r.ms}ms`);
	throw new Error(
		`${what}: the list did not fill as expected; it showed ${JSON.stringify(options)}. Editor list requests: ${JSON.stringify(listRequests.slice(-6))}; last Autotask requests: ${JSON.stringify(autotask)}`,
	);
}

async function openWorkflow(id: string) {
	await page.goto(`${server.url}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
}

async function openNode(name: string) {
	await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().dblclick();
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
}

async function closeNode() {
	const close = page.locator('[data-test-id="ndv-close-button"]');
	if (await close.isVisible()) await close.click();
	await page.waitForSelector('[data-test-id="ndv"]', { state: 'hidden' });
}

/** Clicks a dropdown parameter of the open node and returns its options once `expected` are all there. */
async function optionsOf(parameter: string, expected: string[], label: string): Promise<string[]> {
	const input = page
		.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${parameter}"]`)
		.first();
	const options = await waitForOptions(
		() => input.click(),
		(o) => expected.every((e) => o.some((text) => text.startsWith(e))),
		`${label} (${parameter})`,
	);
	await shot(label);
	await page.keyboard.press('Escape');
	return options;
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	const script = path.join(__dirname, 'ensure-chromium.sh');
	const run = spawnSync('bash', [script], { stdio: 'inherit', timeout: 10 * 60_000 });
	if (run.status !== 0 || !fs.existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing and ${script} could not install it (exit ${run.status}).`,
		);
}

beforeAll(async () => {
	ensureChromium();
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const old of fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png')))
		fs.rmSync(path.join(SHOTS, old));
	const runtime = await ensureRuntime();
	sb = await startSandbox({ seed: 'demo', port: 0 });
	server = await startN8n({
		runtime,
		credentials: sandboxCredentials(sb, 'e2e-browser-webhook-secret-0c7d2e91'),
	});
	imported = await importTemplates(
		server,
		TEMPLATE_FILES.map((f) => path.join(WORKFLOWS_DIR, f)),
		false,
	);
	// Our nodes in the modes the templates do not use: the Customer Map table and Get Contracts.
	const credentials = {
		bdrAutotaskApi: {
			id: server.credentialIds[TEMPLATE_CREDENTIAL_NAMES.autotask],
			name: TEMPLATE_CREDENTIAL_NAMES.autotask,
		},
	};
	const scratch = await server.importWorkflow(
		{
			name: 'Editor check: Customer Map table and Get Contracts',
			nodes: [
				{
					parameters: {
						mapSource: 'table',
						mappings: {
							mapping: [
								{
									bdrCustomerId: acme.bdrCustomerId,
									company: {
										__rl: true,
										mode: 'list',
										value: String(acme.companyId),
										cachedResultName: acme.name,
									},
									contract: { __rl: true, mode: 'list', value: '' },
								},
							],
						},
					},
					name: 'Map Customer (table)',
					type: `${PKG.name}.bdrMapCustomer`,
					typeVersion: 1,
					position: [0, 0],
					credentials,
				},
				{
					parameters: {
						resource: 'contract',
						operation: 'getContracts',
						company: { __rl: true, mode: 'list', value: '' },
					},
					name: 'Get Contracts',
					type: `${PKG.name}.bdrAutotaskLookup`,
					typeVersion: 1,
					position: [320, 0],
					credentials,
				},
				{
					parameters: {
						billingSettings: {
							rows: [
								{ quantity: 'serverLicenses', serviceId: { __rl: true, mode: 'list', value: '' } },
							],
						},
					},
					name: 'Sync Billing (list)',
					type: `${PKG.name}.bdrSyncBilling`,
					typeVersion: 1,
					position: [640, 0],
					credentials,
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		false,
	);
	scratchId = scratch.id;
	profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-chromium-'));
	context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	page.on('response', (res) => {
		if (res.url().includes('/dynamic-node-parameters/'))
			listRequests.push(`${new URL(res.url()).pathname} ${res.status()}`);
	});
	page.on('requestfailed', (req) => {
		if (req.url().includes('/dynamic-node-parameters/'))
			listRequests.push(`${new URL(req.url()).pathname} failed: ${req.failure()?.errorText}`);
	});
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	await sb?.close();
	if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('the n8n editor in headless chromium', () => {
	it('logs in with the demo owner through the sign-in form', async () => {
		await page.goto(`${server.url}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', server.login.email);
		await page.fill('input[name="password"]', server.login.password);
		await shot('01 sign in');
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
		await page.waitForSelector(
			'[data-test-id="main-sidebar-settings"], [data-test-id="project-home-menu-item"]',
		);
		await shot('02 after sign in');
	});

	it.each(OUR_NODES.map((n) => [n.displayName, n.type]))(
		'finds "%s" in the node panel, with its icon loaded',
		async (displayName) => {
			await openWorkflow(scratchId);
			await page.click('[data-test-id="node-creator-plus-button"]');
			await page.locator('input[data-test-id="node-creator-search-bar"]').fill(displayName);
			// a node with operations is listed as an action item, one without as a node item
			const item = page
				.locator('[data-test-id="item-iterator-item"]', { hasText: displayName })
				.first();
			await item.waitFor().catch(async (error) => {
				await shot(`03 node panel ${displayName} (not found)`);
				throw error;
			});
			// n8n renders the light and the dark icon; the one shown must have loaded
			const icon = item
				.locator(`img[src*="/icons/${PKG.name}/"]`)
				.filter({ visible: true })
				.first();
			await page.waitForFunction(
				(img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
				await icon.elementHandle(),
			);
			await shot(`03 node panel ${displayName}`);
			await page.keyboard.press('Escape');
		},
	);

	it.each(TEMPLATE_FILES)('opens the template %s with every node on the canvas', async (file) => {
		const json = template(file);
		await openWorkflow(imported.byName(json.name).id);
		const names = json.nodes
			.filter((n: any) => n.type !== 'n8n-nodes-base.stickyNote')
			.map((n: any) => n.name);
		const onCanvas = await page.locator('[data-test-id="canvas-node"]').allTextContents();
		for (const name of names)
			expect([name, onCanvas.some((t) => t.includes(name))]).toEqual([name, true]);
		await page.click('[data-test-id="zoom-to-fit"]');
		await page.waitForTimeout(300);
		await shot(`10 template ${file.replace(/\.json$/, '')}`);
	});

	it('BDR Event Trigger: its panel shows the production URL and the Partner Notification options', async () => {
		const ticketing = template('bdr-ticketing.json');
		await openWorkflow(imported.byName(ticketing.name).id);
		await openNode('BDR Event Trigger');
		const panel = page.locator('[data-test-id="ndv"]');
		await expect(panel.getByText('Subscribe to OK Events').first().isVisible()).resolves.toBe(true);
		await panel.getByText('Webhook URLs').first().click();
		await panel.getByText('Production URL').first().click();
		await panel
			.getByText(`/webhook/${triggerPath(ticketing)}`)
			.first()
			.waitFor();
		await shot('20 panel BDR Event Trigger');
		await closeNode();
	});

	it('Open or Close Ticket: queue, priority and statuses retrieved from Autotask', async () => {
		await openWorkflow(imported.byName(template('bdr-ticketing.json').name).id);
		await openNode('Open or Close Ticket');
		await shot('21 panel Open or Close Ticket');
		const queues = await optionsOf(
			'queue',
			['Do Not Map', DEMO.labels.queue, 'Level I Support'],
			'22 retrieve queue',
		);
		expect(queues.some((q) => q.startsWith('Old Backup Queue'))).toBe(false); // inactive in the tenant
		await optionsOf('priority', ['Critical', 'High', 'Medium', 'Low'], '23 retrieve priority');
		await optionsOf(
			'statusNew',
			[DEMO.labels.statusNew, DEMO.labels.statusComplete],
			'24 retrieve status new',
		);
		await optionsOf('statusComplete', [DEMO.labels.statusComplete], '25 retrieve status complete');
		await closeNode();
	});

	it('Sync Billing: the services list retrieved from Autotask (Retrieve Services List)', async () => {
		await openWorkflow(imported.byName(template('bdr-billing.json').name).id);
		await openNode('Sync Billing');
		await shot('30 panel Sync Billing');
		await closeNode();
		// The template names its services; the list mode is the guide's Retrieve Services List.
		await openWorkflow(scratchId);
		await openNode('Sync Billing (list)');
		await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').first().click();
		const services = page.locator('[data-test-id="rlc-item"]');
		await services.filter({ hasText: DEMO.services.serverLicense.name }).first().waitFor();
		const listed = await services.allTextContents();
		for (const service of Object.values(DEMO.services))
			expect(listed.some((t) => t.startsWith(service.name))).toBe(true);
		await shot('31 retrieve services');
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it('Map Customer: companies to search and the contracts of the chosen company (Get Contracts)', async () => {
		await openWorkflow(scratchId);
		await openNode('Map Customer (table)');
		await shot('40 panel Map Customer');
		// The row's second locator is the contract: its list holds the contracts of the row's company.
		await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').nth(1).click();
		const contracts = page.locator('[data-test-id="rlc-item"]');
		await contracts.filter({ hasText: acme.contractName }).first().waitFor();
		const contractNames = await contracts.allTextContents();
		for (const name of [DEMO.acmeOnsiteContract.name, acme.contractName])
			expect(contractNames.some((t) => t.startsWith(name))).toBe(true);
		await shot('41 retrieve contracts of ACME');
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').first().click();
		const companies = page.locator('[data-test-id="rlc-item"]');
		await companies.filter({ hasText: DEMO.customers.harbor.name }).first().waitFor();
		const listed = await companies.allTextContents();
		expect(listed.some((t) => t.startsWith(acme.name))).toBe(true);
		await shot('42 retrieve companies');
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it('Autotask Lookup: the Setup Check settings and the company list of Get Contracts', async () => {
		await openWorkflow(imported.byName(template('bdr-setup-check.json').name).id);
		await openNode('Check Setup');
		await shot('50 panel Autotask Lookup Check Setup');
		await optionsOf('queue', [DEMO.labels.queue], '51 retrieve setup queue');
		await closeNode();

		await openWorkflow(scratchId);
		await openNode('Get Contracts');
		await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').first().click();
		await page.locator('[data-test-id="rlc-item"]', { hasText: acme.name }).first().waitFor();
		await shot('52 panel Autotask Lookup Get Contracts company list');
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it('saved one screenshot per step under .artifacts/screenshots', () => {
		const files = fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png'));
		for (const name of [
			'01-sign-in',
			'21-panel-open-or-close-ticket',
			'31-retrieve-services',
			'41-retrieve-contracts-of-acme',
		]) {
			expect(files).toContain(`${name}.png`);
		}
		expect(files.filter((f) => f.startsWith('10-template-'))).toHaveLength(TEMPLATE_FILES.length);
	});
});
