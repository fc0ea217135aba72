/**
 * Issue #15: the editor's *Import from File*, as a user does it, twice with the same template. Headless
 * chromium signs in to a real n8n 2.41.1, opens a new workflow, hands workflows/bdr-ticketing.json to
 * the workflow menu's file input, and saves. What n8n stored is read back through the REST API: the
 * file's settings are not taken (no error workflow: the template's first sticky note says to choose
 * it), and the BDR Event Trigger got a fresh webhook id each time, so both copies publish and each
 * accepts a signed event on its own URL. Screenshots: .artifacts/screenshots/70-import-*.png.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { makeEvent, signedRequest } from '../../../sandbox/simulator';
import { DEMO } from '../../../sandbox/tenant/demo';
import { ensureRuntime, type N8nRuntime } from '../../../tools/n8n/runtime';
import {
	n8nEnvironment,
	sandboxCredentials,
	startN8n,
	type N8nServer,
} from '../../../tools/n8n/server';
import { BDR_EVENT_TRIGGER_TYPE, importTemplates } from '../../../tools/n8n/templates';
import { post, ROOT, template, WORKFLOWS_DIR } from '../e2eHelpers';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const SECRET = 'e2e-import-from-file-secret-93c1b7';
const FILE = path.join(WORKFLOWS_DIR, 'bdr-ticketing.json');
const ticketing = template('bdr-ticketing.json');
const health = template('bdr-connector-health.json');
const acme = DEMO.customers.acme;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let runtime: N8nRuntime;
let sb: Sandbox;
let server: N8nServer;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const imported: string[] = [];

type Stored = {
	id: string;
	name: string;
	versionId: string;
	settings?: Record<string, any>;
	nodes: Array<Record<string, any>>;
};
/** One retry when n8n closed an idle keep-alive socket while the CLI held this process ("fetch failed: other side closed"). */
async function retried<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (!/fetch failed/.test(String(error))) throw error;
		return call();
	}
}
const stored = (id: string) =>
	retried(() => server.restClient.request<Stored>('GET', `/workflows/${id}`));
const triggerOf = (wf: Stored) => wf.nodes.find((n) => n.type === BDR_EVENT_TRIGGER_TYPE)!;
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** `n8n import:workflow --input=<file>` against the running server's user folder. */
function cliImport(file: string) {
	const env = n8nEnvironment({ userFolder: server.userFolder, port: 1, brokerPort: 2, runtime });
	const run = spawnSync(runtime.nodeBin, [runtime.n8nBin, 'import:workflow', `--input=${file}`], {
		cwd: server.userFolder,
		env,
		encoding: 'utf8',
		timeout: 300_000,
	});
	if (run.status !== 0 || !/Successfully imported 1 workflow/.test(`${run.stdout}${run.stderr}`))
		throw new Error(`n8n import:workflow failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
}

/** Publishes a stored workflow and posts one signed failure to its trigger's URL; resolves to the HTTP status. */
async function publishAndPost(id: string, machine: string): Promise<number> {
	const wf = await stored(id);
	const activated = await retried(() =>
		server.restClient.request<{ versionId: string }>('POST', `/workflows/${id}/activate`, {
			versionId: wf.versionId,
		}),
	);
	await server.restClient.waitUntilLive(id, activated.versionId);
	const answer = await post(
		server.webhookUrl(`${triggerOf(wf).webhookId}/bdr-events`),
		signedRequest(
			SECRET,
			makeEvent({
				kind: 'failure',
				customer: { id: acme.bdrCustomerId, name: acme.name },
				machine,
			}),
		),
	);
	return answer.status;
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
	for (const old of fs.readdirSync(SHOTS).filter((f) => f.startsWith('70-import-')))
		fs.rmSync(path.join(SHOTS, old));
	runtime = await ensureRuntime();
	sb = await startSandbox({ seed: 'demo', port: 0 });
	server = await startN8n({ runtime, credentials: sandboxCredentials(sb, SECRET) });
	await importTemplates(server, [health]); // published, so an error workflow can be chosen
	profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-chromium-import-'));
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
	page.setDefaultTimeout(60_000);
	page.setDefaultNavigationTimeout(120_000);
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	await sb?.close();
	if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('Import from File in the editor, the ticketing template twice', () => {
	it('signs in', async () => {
		await page.goto(`${server.url}/signin`, { waitUntil: 'domcontentloaded' });
		await page.fill('input[name="emailOrLdapLoginId"]', server.login.email);
		await page.fill('input[name="password"]', server.login.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	});

	it.each([1, 2])(
		"import %i: a new workflow, the file through the workflow menu's input, saved",
		async (n) => {
			await page.goto(`${server.url}/workflow/new`, { waitUntil: 'domcontentloaded' });
			await page.waitForSelector('[data-test-id="canvas-add-button"]');
			await page.locator('[data-test-id="workflow-import-input"]').setInputFiles(FILE);
			await page
				.locator('[data-test-id="canvas-node"]', { hasText: 'BDR Event Trigger' })
				.first()
				.waitFor();
			await shot(`70-import-${n}-canvas`);
			// n8n 2.x saves by itself (no Save button); Ctrl+S saves at once
			await page.keyboard.press('Control+s');
			await page.waitForURL(
				(u) => /^\/workflow\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'),
			);
			const id = new URL(page.url()).pathname.split('/').pop()!;
			// the save has landed once the stored workflow holds the imported nodes
			for (
				let i = 0;
				i < 240 &&
				!(await stored(id).catch(() => undefined))?.nodes?.some(
					(x) => x.type === BDR_EVENT_TRIGGER_TYPE,
				);
				i++
			)
				await page.waitForTimeout(250);
			imported.push(id);
			await shot(`70-import-${n}-saved`);
		},
	);

	it("n8n took neither the file's settings (no error workflow) nor a webhook id: each copy has a fresh UUID", async () => {
		expect(imported).toHaveLength(2);
		const copies = await Promise.all(imported.map(stored));
		for (const wf of copies) {
			expect(wf.name).toBe(ticketing.name);
			expect(wf.settings?.errorWorkflow).toBeUndefined();
			expect(triggerOf(wf).webhookId).toMatch(UUID);
		}
		expect(triggerOf(copies[0]).webhookId).not.toBe(triggerOf(copies[1]).webhookId);
	});

	it('both copies publish and accept a signed event, each on its own URL', async () => {
		expect(imported).toHaveLength(2);
		for (const [i, id] of imported.entries()) {
			const wf = await stored(id);
			// the user chooses the credentials after the import (README); n8n matched the template's names
			const credentialless = wf.nodes.filter(
				(n) => n.credentials && Object.values(n.credentials).some((c: any) => !c?.id),
			);
			expect(credentialless.map((n) => n.name)).toEqual([]);
			expect(await publishAndPost(id, `FILE-COPY-${i + 1}`)).toBe(202);
		}
	});
});

describe('after n8n import:workflow, the workflow opened and saved once in the editor', () => {
	it('the trigger gets its webhook id from the editor, and the published workflow accepts a signed event', async () => {
		cliImport(FILE);
		expect(triggerOf(await stored(ticketing.id)).webhookId).toBeUndefined();
		await page.goto(`${server.url}/workflow/${ticketing.id}`, { waitUntil: 'domcontentloaded' });
		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'BDR Event Trigger' })
			.first()
			.waitFor();
		await shot('70-import-cli-opened');
		const storedWebhookId = async (waitMs: number) => {
			for (let waited = 0; ; waited += 250) {
				const id = triggerOf(await stored(ticketing.id)).webhookId as string | undefined;
				if (id || waited >= waitMs) return id;
				await page.waitForTimeout(250);
			}
		};
		// opened as is: does n8n store the webhook id it gave the trigger on load?
		await page.keyboard.press('Control+s');
		const afterOpen = await storedWebhookId(15_000);
		let webhookId = afterOpen;
		if (!webhookId) {
			// a change the user makes (moving the trigger) saves the workflow with it
			const box = (await page
				.locator('[data-test-id="canvas-node"]', { hasText: 'BDR Event Trigger' })
				.first()
				.boundingBox())!;
			await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
			await page.mouse.down();
			await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 8 });
			await page.mouse.up();
			await page.keyboard.press('Control+s');
			webhookId = await storedWebhookId(30_000);
		}
		console.log(
			`CLI-imported ticketing workflow: webhook id stored ${afterOpen ? 'on opening it' : webhookId ? 'after a change (moved node)' : 'never'}`,
		);
		await shot('70-import-cli-saved');
		expect(webhookId).toMatch(UUID);
		expect(await publishAndPost(ticketing.id, 'CLI-THEN-EDITOR')).toBe(202);
	});
});
