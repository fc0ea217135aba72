/**
 * Issue #15: "every node found by the node-panel searches". Headless chromium signs in to a real n8n
 * 2.x with our built package, opens the node panel (n8n's node creator) and types each search word a
 * user would: "Autotask", "Axcient", "backup", "BDR". Every node package.json declares (n8n.nodes →
 * each class's displayName, read at test time, so a node added later is covered) must be listed for
 * every word. n8n's search matches displayName and the codex alias (nodes/<Node>/<Node>.node.json);
 * test/tooling/codexAlias.test.ts holds the same rule statically. Datto BCDR is not an Axcient product:
 * it answers to "Datto" instead of "Axcient" (the same exception as that test).
 *
 * Both panels a user meets are searched: the one of an empty workflow ("What triggers this
 * workflow?") and the one after a trigger ("What happens next?"). Screenshots:
 * .artifacts/screenshots/60-node-panel-*.png.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureRuntime } from '../../../tools/n8n/runtime';
import { startN8n, type N8nServer } from '../../../tools/n8n/server';
import { ROOT } from '../e2eHelpers';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const SEARCH_WORDS = ['Autotask', 'Axcient', 'backup', 'BDR'];

/** Every node of the built package: display name and whether n8n lists it as a trigger. */
const OUR_NODES = (PKG.n8n.nodes as string[]).map((file) => {
	const mod = require(path.join(ROOT, file));
	const NodeClass = Object.values(mod)[0] as new () => {
		description: { name: string; displayName: string; group: string[] };
	};
	const { name, displayName, group } = new NodeClass().description;
	return { file, type: `${PKG.name}.${name}`, displayName, trigger: group.includes('trigger') };
});

/** The word a node must answer to instead of `word` (see the file comment). */
function wordFor(node: (typeof OUR_NODES)[number], word: string): string {
	return word === 'Axcient' && node.file.includes('/BdrDattoBcdr/') ? 'Datto' : word;
}

let server: N8nServer;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const workflowIds: Record<'empty' | 'afterTrigger', string> = { empty: '', afterTrigger: '' };

const slug = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${slug(name)}.png`) });

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	const script = path.join(__dirname, 'ensure-chromium.sh');
	const run = spawnSync('bash', [script], { stdio: 'inherit', timeout: 10 * 60_000 });
	if (run.status !== 0 || !fs.existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing and ${script} could not install it (exit ${run.status}).`,
		);
}

/** Titles of the node panel's items shown now (n8n renders long lists a few items per frame). */
const listedNames = () =>
	page
		.locator('[data-test-id="node-creator-item-name"]')
		.evaluateAll((els) =>
			els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.textContent!.trim()),
		);

/** Opens the workflow's node panel, types `word` and returns the titles once `expected` are all listed (or the last list after 20 s). */
async function search(workflowId: string, word: string, expected: string[]): Promise<string[]> {
	await page.goto(`${server.url}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector(
		'[data-test-id="canvas-wrapper"], [data-test-id="canvas-node"], [data-test-id="canvas-add-button"]',
	);
	await page.click('[data-test-id="node-creator-plus-button"]');
	const bar = page.locator('input[data-test-id="node-creator-search-bar"]');
	await bar.waitFor();
	await bar.fill(word);
	let names: string[] = [];
	for (let i = 0; i < 80; i++) {
		names = await listedNames();
		if (expected.every((e) => names.includes(e))) break;
		await page.waitForTimeout(250);
	}
	return names;
}

beforeAll(async () => {
	ensureChromium();
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const old of fs.readdirSync(SHOTS).filter((f) => f.startsWith('60-node-panel-')))
		fs.rmSync(path.join(SHOTS, old));
	const runtime = await ensureRuntime();
	server = await startN8n({ runtime });
	workflowIds.empty = (
		await server.importWorkflow(
			{
				name: 'Node panel: empty workflow',
				nodes: [],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			false,
		)
	).id;
	workflowIds.afterTrigger = (
		await server.importWorkflow(
			{
				name: 'Node panel: after a trigger',
				nodes: [
					{
						parameters: {},
						name: 'When clicking Execute workflow',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			false,
		)
	).id;
	profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-chromium-panel-'));
	context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 1000 },
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
	// generous: the first load of the editor's bundles on 2 busy cores can take longer than 30 s
	page.setDefaultTimeout(60_000);
	page.setDefaultNavigationTimeout(120_000);
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('the node panel finds every node of the package', () => {
	it('reads the nodes from package.json (n8n.nodes)', () => {
		expect(OUR_NODES.length).toBe(PKG.n8n.nodes.length);
		expect(OUR_NODES.length).toBeGreaterThanOrEqual(7);
		expect(OUR_NODES.some((n) => n.trigger)).toBe(true);
	});

	it('signs in through the editor form', async () => {
		await page.goto(`${server.url}/signin`, { waitUntil: 'domcontentloaded' });
		await page.fill('input[name="emailOrLdapLoginId"]', server.login.email);
		await page.fill('input[name="password"]', server.login.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
		await shot('60 node panel signed in');
	});

	const cases = (['empty', 'afterTrigger'] as const).flatMap((view) =>
		[...SEARCH_WORDS, 'Datto'].map((word) => [view, word] as const),
	);

	it.each(cases)(
		'%s workflow: searching "%s" lists every node that answers to it',
		async (view, word) => {
			const expected = OUR_NODES.filter((n) =>
				SEARCH_WORDS.some((w) => wordFor(n, w) === word),
			).map((n) => n.displayName);
			expect(expected.length).toBeGreaterThan(0);
			const names = await search(workflowIds[view], word, expected);
			await shot(`60 node panel ${view} ${word}`);
			expect({ word, view, missing: expected.filter((e) => !names.includes(e)) }).toEqual({
				word,
				view,
				missing: [],
			});
			await page.keyboard.press('Escape');
		},
	);
});
