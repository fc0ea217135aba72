/** The device simulator against the trigger: through the engine harness and over loopback HTTP. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runWebhook, type WorkflowJson } from '../harness';
import { DEFAULT_SUBSCRIPTION } from '../../nodes/logic/eventFilter';
import { handleWebhookRequest } from '../../nodes/logic/webhookRequest';
import {
	demoCustomers,
	makeEvent,
	runScenario,
	SCENARIOS,
	signedRequest,
} from '../../sandbox/simulator';

const SECRET = 'simulator-secret-abcdef0123456789';
const workflow: WorkflowJson = {
	name: 'sim',
	nodes: [
		{
			name: 'BDR',
			type: 'n8n-nodes-bdr-autotask.bdrEventTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { subscribeOkEvents: true },
			webhookId: 'sim',
			credentials: { bdrWebhookSecretApi: { id: '1', name: 's' } },
		},
	],
	connections: {},
} as WorkflowJson;

const viaHarness = async (request: { headers: Record<string, string>; body: string }) => {
	const result = await runWebhook(
		workflow,
		'BDR',
		{ headers: request.headers, rawBody: request.body },
		{ credentials: { bdrWebhookSecretApi: { secret: SECRET } } },
	);
	return {
		status: result.response.status,
		body: result.response.body,
		started: result.started,
		items: result.outputs.BDR?.[0]?.length ?? 0,
	};
};

describe('simulator', () => {
	it('makes events the trigger accepts, for the demo customers', async () => {
		const customers = demoCustomers();
		expect(customers.length).toBeGreaterThanOrEqual(8);
		const events = ['failure', 'recovery', 'usage', 'hardware'].map((kind) =>
			makeEvent({ kind: kind as never, customer: customers[0] }),
		);
		const answer = await viaHarness(signedRequest(SECRET, events));
		expect(answer).toMatchObject({ status: 202, started: true, items: 4 });
	});

	it('keeps one alert key for repeats: same customer, device and machine', () => {
		const c = { id: 'C9' };
		const [a, b] = [
			makeEvent({ kind: 'failure', customer: c }),
			makeEvent({ kind: 'failure', customer: c }),
		];
		expect(a.eventId).not.toBe(b.eventId);
		expect([a.device.id, a.machine]).toEqual([b.device.id, b.machine]);
	});

	it.each(SCENARIOS)('scenario %s gets the expected answer for every request', async (scenario) => {
		const records = await runScenario({
			secret: SECRET,
			customers: demoCustomers(),
			scenario,
			count: 12,
			batchSize: 2,
			send: viaHarness,
			seed: 7,
		});
		expect(records).toHaveLength(12);
		expect(records.filter((r) => r.status !== r.expected)).toEqual([]);
		if (scenario === 'bad')
			expect(new Set(records.map((r) => r.status))).toEqual(new Set([400, 401, 413]));
		if (scenario === 'flapping')
			expect(records.map((r) => r.kinds[0]).slice(0, 4)).toEqual([
				'failure',
				'recovery',
				'failure',
				'recovery',
			]);
	});

	describe('over loopback HTTP', () => {
		let server: Server;
		let url: string;
		beforeAll(async () => {
			server = createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					const answer = handleWebhookRequest({
						rawBody: Buffer.concat(chunks),
						headers: req.headers,
						secret: SECRET,
						now: new Date(),
						options: DEFAULT_SUBSCRIPTION,
					});
					res
						.writeHead(answer.status, { 'content-type': 'application/json' })
						.end(JSON.stringify(answer.body));
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		});
		afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

		it('posts signed requests and records the answers', async () => {
			const lines: string[] = [];
			const records = await runScenario({
				url,
				secret: SECRET,
				customers: [{ id: 'C1' }],
				scenario: 'bad',
				count: 6,
				log: (l) => lines.push(l),
			});
			expect(records.map((r) => r.status)).toEqual(records.map((r) => r.expected));
			expect(lines).toHaveLength(6);
			expect(lines.join('\n')).not.toContain(SECRET);
		});

		it('refuses to post anywhere but loopback', async () => {
			await expect(
				runScenario({
					url: 'http://example.com/hook',
					secret: SECRET,
					customers: [{ id: 'C1' }],
					scenario: 'failures',
				}),
			).rejects.toThrow(/loopback/);
		});
	});
});
