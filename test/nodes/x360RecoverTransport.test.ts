/**
 * The x360Recover transport: paging, pace, retries and every production quirk, first on the client
 * with a scripted sender, then through n8n-core (httpRequestWithAuthentication + the credential)
 * against nock standing in for https://axapi.axcient.com/x360recover. The key never shows.
 */
import nock from 'nock';

import { readAnswer, retryDelayMs } from '../../nodes/logic/x360Answers';
import {
	X360ApiError,
	X360RecoverClient,
	type X360Request,
} from '../../nodes/BdrX360Recover/transport/client';
import type { Answer } from '../../nodes/logic/x360Answers';
import { runWorkflow, type WorkflowJson } from '../harness';

const KEY = 'x360-secret-key-3b9f1c2d7e6a4f00';
const HOST = 'https://axapi.axcient.com';
const BASE = '/x360recover';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body,
});
const problem = (status: number, title: string, detail: string, type: string): Answer => ({
	status,
	headers: { 'content-type': 'application/problem+json' },
	body: { detail, status, title, type },
});
const htmlUnauthorized: Answer = {
	status: 401,
	headers: { 'content-type': 'text/html; charset=utf-8' },
	body: '{"code": 401, "msg": "Unauthorized"}',
};

/** A client over a scripted sender; time is virtual (sleeps advance the clock). */
function scripted(answer: (request: X360Request, n: number) => Answer | Error) {
	const sent: X360Request[] = [];
	const slept: number[] = [];
	let clock = 0;
	const client = new X360RecoverClient({
		baseUrl: 'https://axapi.axcient.com/x360recover/',
		apiKey: KEY,
		send: async (request) => {
			sent.push(request);
			const a = answer(request, sent.length);
			if (a instanceof Error) throw a;
			return a;
		},
		sleep: async (ms) => {
			slept.push(ms);
			clock += ms;
		},
		now: () => clock,
	});
	return { client, sent, slept };
}

describe('X360RecoverClient', () => {
	it('pages /device by limit/offset until a short page; no total needed', async () => {
		const devices = Array.from({ length: 230 }, (_, i) => ({ id: i + 1, client_id: 1 }));
		const { client, sent } = scripted((r) =>
			json(200, devices.slice(Number(r.qs!.offset), Number(r.qs!.offset) + Number(r.qs!.limit))),
		);
		const all = await client.allDevices();
		expect(all).toHaveLength(230);
		expect(sent.map((r) => [r.url, r.qs])).toEqual([
			['https://axapi.axcient.com/x360recover/device', { limit: 100, offset: 0 }],
			['https://axapi.axcient.com/x360recover/device', { limit: 100, offset: 100 }],
			['https://axapi.axcient.com/x360recover/device', { limit: 100, offset: 200 }],
		]);
	});

	it('a device added mid-scan shifts the pages: nobody twice, and one more scan finds the newcomer', async () => {
		const list = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, client_id: 1 }));
		const { client, sent } = scripted((r) => {
			const offset = Number(r.qs!.offset);
			if (offset === 100 && !list.some((d) => d.id === 999))
				list.unshift({ id: 999, client_id: 1 }); // inserted at the start while paging: shifts everything by one
			return json(200, list.slice(offset, offset + 100));
		});
		const all = await client.allDevices();
		expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
		expect(all).toHaveLength(201);
		expect(all.map((d) => d.id)).toContain(999);
		expect(sent).toHaveLength(6);
	});

	it('a server that ignores offset cannot make the scan loop', async () => {
		const page = Array.from({ length: 100 }, (_, i) => ({ id: i + 1 }));
		const { client, sent } = scripted(() => json(200, page));
		expect(await client.allDevices()).toHaveLength(100);
		expect(sent).toHaveLength(4); // two passes of two pages, then it stops
	});

	it('reads lists documented as one object that come back as arrays, and a single object', async () => {
		const { client } = scripted((r) =>
			r.url.endsWith('/client') ? json(200, [{ id: 1 }, { id: 2 }]) : json(200, { id: 7 }),
		);
		expect(await client.list('/client')).toEqual([{ id: 1 }, { id: 2 }]);
		expect(await client.list('/vault')).toEqual([{ id: 7 }]);
	});

	it('honours 429 Retry-After, then succeeds', async () => {
		const { client, slept } = scripted((_r, n) =>
			n === 1 ? json(429, { message: 'slow down' }, { 'retry-after': '7' }) : json(200, []),
		);
		await client.list('/client');
		expect(slept).toContain(7000);
	});

	it('retries 5xx and network failures on reads with backoff, then reports them', async () => {
		const flaky = scripted((_r, n) => (n < 3 ? json(503, {}) : json(200, [{ id: 1 }])));
		expect(await flaky.client.list('/client')).toEqual([{ id: 1 }]);
		expect(flaky.slept.filter((ms) => ms >= 500)).toEqual([500, 1000]);

		const down = scripted(() =>
			Object.assign(new Error(`connect ECONNREFUSED (x-api-key: ${KEY})`), {
				code: 'ECONNREFUSED',
			}),
		);
		const error = (await down.client.list('/client').catch((e) => e)) as X360ApiError;
		expect(error).toBeInstanceOf(X360ApiError);
		expect(error.kind).toBe('network');
		expect(down.sent).toHaveLength(4);
		expect(`${error.message} ${error.description}`).not.toContain(KEY);
		expect(error.description).toContain('[redacted]');
	});

	it('paces itself: a burst of 4, then about 4 requests a second', async () => {
		const { client, slept } = scripted(() => json(200, []));
		for (let i = 0; i < 12; i++) await client.list('/client');
		const waited = slept.reduce((a, b) => a + b, 0);
		expect(waited).toBeGreaterThanOrEqual(1900);
		expect(waited).toBeLessThanOrEqual(2100);
	});

	it.each([
		['bad key: 401 JSON', json(401, { message: 'Unauthorized' }), 'auth', /refused the API key/],
		[
			'unknown route: 401 text/html',
			htmlUnauthorized,
			'route',
			/does not know the address \/client\/abc/,
		],
		[
			'unknown id: 404 problem+json',
			problem(
				404,
				'Client not found',
				'Client with such id = 12 is not found',
				'NotFoundException',
			),
			'notFound',
			/no such record/,
		],
		[
			'missing product permission: 403',
			problem(
				403,
				'Not enough permissions',
				"User doesn't have enough permissions to process this request",
				'ForbiddenException',
			),
			'permission',
			/lacks the x360Recover permission/,
		],
		[
			'bad request: 400 problem+json',
			problem(400, 'Bad Request', "Missing path parameter 'org_id'", 'about:blank'),
			'badRequest',
			/refused the request/,
		],
	])('%s: classified, not retried', async (_name, answer, kind, message) => {
		const { client, sent } = scripted(() => answer);
		const error = (await client.get('/client/abc').catch((e) => e)) as X360ApiError;
		expect(error.kind).toBe(kind);
		expect(error.message).toMatch(message);
		expect(sent).toHaveLength(1);
	});
});

describe('reading answers', () => {
	it('names the permission to grant, Billing for billing paths', () => {
		const forbidden = problem(403, 'Not enough permissions', 'no', 'ForbiddenException');
		expect(readAnswer(forbidden, '/device').description).toMatch(/tick the x360Recover permission/);
		expect(readAnswer(forbidden, '/billing/usage/billable').message).toMatch(/Billing permission/);
	});

	it('an HTML 401 points at the Base URL, a JSON 401 at the key', () => {
		expect(readAnswer(htmlUnauthorized, '/organisation').description).toMatch(/Base URL/);
		expect(readAnswer(json(401, { message: 'Unauthorized' }), '/client').description).toMatch(
			/Settings → API Keys/,
		);
	});

	it('Retry-After in seconds or as a date, capped; else exponential backoff', () => {
		const now = new Date('2026-03-01T12:00:00Z');
		expect(retryDelayMs({ headers: { 'Retry-After': '3' } }, 1, now)).toBe(3000);
		expect(
			retryDelayMs({ headers: { 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' } }, 1, now),
		).toBe(10_000);
		expect(retryDelayMs({ headers: { 'retry-after': '3600' } }, 1, now)).toBe(60_000);
		expect([1, 2, 3].map((n) => retryDelayMs(undefined, n, now))).toEqual([500, 1000, 2000]);
	});
});

/** Manual trigger → x360Recover, run by n8n-core; the credential on production, nock in front of it. */
function workflow(parameters: Record<string, unknown>): WorkflowJson {
	return {
		name: 'x360 transport',
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'x360Recover',
				type: 'n8n-nodes-bdr-autotask.bdrX360Recover',
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { bdrX360RecoverApi: { id: '1', name: 'x360Recover (test)' } },
			},
		],
		connections: { Start: { main: [[{ node: 'x360Recover', type: 'main', index: 0 }]] } },
	};
}

const credentials = { bdrX360RecoverApi: { apiKey: KEY } };
const HEALTHY_DEVICE = {
	id: 6,
	name: 'FS01',
	client_id: 26,
	type: 'SERVER',
	current_health_status: { status: 'NORMAL', reason: null, timestamp: '2026-02-01T00:00:00.000Z' },
	jobs: [{ id: 100, name: 'FS01 backup', health_status: 'NORMAL' }],
};

/** nock scope that insists on the key header (so a request without it is not matched). */
const api = () => nock(HOST, { reqheaders: { 'x-api-key': KEY } });

describe('the node through n8n-core, nock as x360Recover production', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('List Clients: the key goes in x-api-key through the credential; arrays for documented objects; pairedItem', async () => {
		api()
			.get(`${BASE}/client`)
			.reply(200, [
				{ id: 27, name: 'Bluebird Dental', active: true },
				{ id: 26, name: 'ACME Insurance', active: 1 },
				{ id: 28, name: 'Gone', active: false },
			]);
		const r = await runWorkflow(workflow({ operation: 'listClients' }), { credentials });
		expect(r.error).toBeUndefined();
		const out = r.outputs.x360Recover[0];
		expect(out.map((i) => i.json.customer)).toEqual([
			{ id: '26', name: 'ACME Insurance' },
			{ id: '27', name: 'Bluebird Dental' },
		]);
		expect(out.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(
			true,
		);
		expect(nock.isDone()).toBe(true);
	});

	it('Device Health: /client, /appliance, /vault, the /device pages; no detail call for healthy systems', async () => {
		api()
			.get(`${BASE}/client`)
			.reply(200, [{ id: 26, name: 'ACME Insurance' }]);
		api()
			.get(`${BASE}/appliance`)
			.query({ include_devices: 'false' })
			.reply(200, {
				id: 1,
				client_id: 26,
				alias: 'APP',
				tunnel_status: 'UP',
				storage_details: { used_size: 1, drive_size: 10 },
				health_status: 'NORMAL',
			});
		api()
			.get(`${BASE}/vault`)
			.query({ vault_type: 'Private', include_devices: 'true' })
			.reply(200, []);
		api().get(`${BASE}/device`).query({ limit: 100, offset: 0 }).reply(200, [HEALTHY_DEVICE]);
		const r = await runWorkflow(workflow({ operation: 'deviceHealth' }), { credentials });
		expect(r.error).toBeUndefined();
		const out = r.outputs.x360Recover[0].map((i) => i.json as Record<string, any>);
		expect(out.map((e) => `${e.device.id}/${e.condition}/${e.severity}`)).toEqual([
			'device:6/backup/ok',
			'device:6/offsite/ok',
			'device:6/verification/ok',
			'device:6/connectivity/ok',
			'appliance:1/connectivity/ok',
			'appliance:1/storage/ok',
		]);
		expect(nock.isDone()).toBe(true);
	});

	it('Device Health: a Troubled system gets one job-history call, retried through a 503; its failure message is quoted', async () => {
		const troubled = {
			...HEALTHY_DEVICE,
			current_health_status: {
				status: 'TROUBLED',
				reason: 'BACKUP_FAILED',
				timestamp: '2026-03-01T08:00:00.000Z',
			},
			jobs: [{ id: 100, health_status: 'TROUBLED' }],
		};
		api()
			.get(`${BASE}/client`)
			.reply(200, [{ id: 26, name: 'ACME Insurance' }]);
		api().get(`${BASE}/device`).query(true).reply(200, [troubled]);
		api().get(`${BASE}/client/26/device/6/job/100/history`).query(true).reply(503, 'busy');
		api()
			.get(`${BASE}/client/26/device/6/job/100/history`)
			.query(true)
			.reply(200, [
				{
					status: 'Failed',
					start_time: '2026-03-01T11:00:00Z',
					end_time: '2026-03-01T11:01:00Z',
					error_msg: 'VSS failed',
				},
			]);
		const r = await runWorkflow(
			workflow({ operation: 'deviceHealth', healthOptions: { conditions: ['backup'] } }),
			{ credentials },
		);
		expect(r.error).toBeUndefined();
		const [backup] = r.outputs.x360Recover[0].map((i) => i.json as Record<string, any>);
		expect(backup).toMatchObject({
			severity: 'error',
			failingSince: '2026-03-01T08:00:00.000Z',
			x360: { jobIds: [100], lastFailedRun: { error_msg: 'VSS failed' } },
		});
		expect(backup.message).toContain('VSS failed');
		expect(nock.isDone()).toBe(true);
	});

	it('Device Health: job history failing for one client costs only the quote; other clients are untouched', async () => {
		const t = (id: number, client: number) => ({
			...HEALTHY_DEVICE,
			id,
			client_id: client,
			current_health_status: {
				status: 'TROUBLED',
				reason: 'BACKUP_FAILED',
				timestamp: '2026-03-01T08:00:00.000Z',
			},
			jobs: [{ id: id * 10, health_status: 'TROUBLED' }],
		});
		api()
			.get(`${BASE}/client`)
			.reply(200, [
				{ id: 26, name: 'A' },
				{ id: 27, name: 'B' },
			]);
		api()
			.get(`${BASE}/device`)
			.query(true)
			.reply(200, [t(6, 26), t(7, 27)]);
		api().get(`${BASE}/client/26/device/6/job/60/history`).query(true).reply(
			404,
			{
				detail: 'Job with such id = 60 is not found',
				status: 404,
				title: 'Job not found',
				type: 'NotFoundException',
			},
			{ 'content-type': 'application/problem+json' },
		);
		api()
			.get(`${BASE}/client/27/device/7/job/70/history`)
			.query(true)
			.reply(200, [{ status: 'Failed', end_time: '2026-03-01T11:01:00Z', error_msg: 'disk full' }]);
		const r = await runWorkflow(
			workflow({ operation: 'deviceHealth', healthOptions: { conditions: ['backup'] } }),
			{ credentials },
		);
		const out = r.outputs.x360Recover[0].map((i) => i.json as Record<string, any>);
		expect(out.map((e) => [e.customer.id, e.severity])).toEqual([
			['26', 'error'],
			['27', 'error'],
		]);
		expect(out[0].x360.detailError).toMatch(/no such record/);
		expect(out[1].message).toContain('disk full');
	});

	it.each([
		[
			'a bad key (401 JSON)',
			401,
			{ message: 'Unauthorized' },
			'application/json',
			/refused the API key/,
			'401',
		],
		[
			'an unknown route (401 text/html)',
			401,
			'{"code": 401, "msg": "Unauthorized"}',
			'text/html; charset=utf-8',
			/does not know the address \/client/,
			'401',
		],
		[
			'a key without the x360Recover permission (403)',
			403,
			{
				detail: "User doesn't have enough permissions to process this request",
				status: 403,
				title: 'Not enough permissions',
				type: 'ForbiddenException',
			},
			'application/problem+json',
			/lacks the x360Recover permission/,
			'403',
		],
	])(
		'%s → a NodeApiError saying what to fix, without the key',
		async (_name, status, body, type, message, httpCode) => {
			api()
				.get(`${BASE}/client`)
				.reply(status, body as never, { 'content-type': type });
			const r = await runWorkflow(workflow({ operation: 'listClients' }), { credentials });
			expect((r.error as unknown as { name?: string }).name).toBe('NodeApiError');
			expect(r.error?.message).toMatch(message);
			expect((r.error as unknown as { httpCode?: string }).httpCode).toBe(httpCode);
			expect(JSON.stringify(r.run)).not.toContain(KEY);
		},
	);

	it('continueOnFail: the failure is an item (paired to the input), not a stopped workflow', async () => {
		api()
			.get(`${BASE}/client`)
			.reply(
				403,
				{ title: 'Not enough permissions', status: 403, type: 'ForbiddenException' },
				{ 'content-type': 'application/problem+json' },
			);
		const wf = workflow({ operation: 'listClients' });
		(wf.nodes[1] as Record<string, unknown>).onError = 'continueRegularOutput';
		const r = await runWorkflow(wf, { credentials });
		expect(r.error).toBeUndefined();
		const [item] = r.outputs.x360Recover[0];
		expect(item.json.error).toMatch(/x360Recover permission/);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it("an unknown client in the filter is the user's mistake (NodeOperationError)", async () => {
		api()
			.get(`${BASE}/client`)
			.reply(200, [{ id: 26, name: 'A' }]);
		const r = await runWorkflow(
			workflow({ operation: 'usage', usageOptions: { clientIds: ['26', '404'] } }),
			{ credentials },
		);
		expect((r.error as unknown as { name?: string }).name).toBe('NodeOperationError');
		expect(r.error?.message).toMatch(/no client with ID 404/);
	});

	it('the custom Base URL of the credential is used, its trailing slash ignored', async () => {
		nock('http://127.0.0.1:18086', { reqheaders: { 'x-api-key': KEY } })
			.get('/x360recover/client')
			.reply(200, []);
		const r = await runWorkflow(workflow({ operation: 'listClients' }), {
			credentials: {
				bdrX360RecoverApi: {
					apiKey: KEY,
					environment: 'custom',
					customUrl: 'http://127.0.0.1:18086/x360recover/',
				},
			},
		});
		expect(r.error).toBeUndefined();
		expect(nock.isDone()).toBe(true);
	});
});
