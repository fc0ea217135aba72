import nock from 'nock';
import { NodeApiError, type INode } from 'n8n-workflow';

import { AutotaskClient } from '../../nodes/autotask/client';
import {
	AutotaskApiError,
	AutotaskWriteUnknownError,
	toNodeApiError,
} from '../../nodes/autotask/errors';
import { KeyedLimiter } from '../../nodes/autotask/limiter';
import { FieldsCache } from '../../nodes/autotask/picklists';
import { axiosTransport } from '../../tools/axiosTransport';
import { CREDS, fail, scriptedTransport } from './fakeTransport';

const node: INode = {
	id: '1',
	name: 'Autotask Lookup',
	type: 'n8n-nodes-bdr-autotask.bdrAutotaskLookup',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const HOST = 'http://127.0.0.1:4999';
const BASE = `${HOST}/ATServicesRest/V1.0`;

function nockClient() {
	return new AutotaskClient({
		credentials: { ...CREDS, customUrl: BASE },
		transport: axiosTransport(2000),
		sleep: async () => {},
		limiter: new KeyedLimiter(),
		fieldsCache: new FieldsCache(),
		retry: { retries: 1 },
	});
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('error translation', () => {
	it("surfaces Autotask's own errors[] text and the HTTP status as NodeApiError", async () => {
		nock(HOST)
			.post('/ATServicesRest/V1.0/Tickets')
			.reply(400, { errors: ['Value for field QueueID is required.'] });
		const error = await nockClient()
			.create('Tickets', { title: 'x' })
			.catch((e) => e);
		expect(error).toBeInstanceOf(AutotaskApiError);
		const nodeError = toNodeApiError(node, error, 3);
		expect(nodeError).toBeInstanceOf(NodeApiError);
		expect(nodeError.message).toBe('Value for field QueueID is required.');
		expect(nodeError.httpCode).toBe('400');
		expect(nodeError.description).toMatch(
			/needs a queue on new tickets: choose one in Open or Close Ticket/,
		);
		expect(nodeError.message).not.toMatch(/at .*\.ts:\d+/);
	});

	// Real tenants refuse with 500 + errors[] (autotask-mcp PR #288); the text reaches the user unchanged, with the fix.
	it('shows a 500 refusal as Autotask worded it, sent once, with the fix we know', async () => {
		const scope = nock(HOST)
			.post('/ATServicesRest/V1.0/Tickets')
			.once()
			.reply(500, { errors: ['dueDateTime is required.', 'on record number [0].'] });
		const error = await nockClient()
			.create('Tickets', { title: 'x' })
			.catch((e) => e);
		expect(scope.isDone()).toBe(true);
		expect(error).toMatchObject({ kind: 'refused', status: 500 });
		const nodeError = toNodeApiError(node, error);
		expect(nodeError.message).toBe('dueDateTime is required.; on record number [0].');
		expect(nodeError.description).toMatch(/Due In \(Hours\)/);
	});

	it('names an unknown refusal as a refusal (nothing written), not as a fault', async () => {
		nock(HOST)
			.post('/ATServicesRest/V1.0/Tickets')
			.reply(500, { errors: ['Some business rule we have not met yet.'] });
		const nodeError = toNodeApiError(
			node,
			await nockClient()
				.create('Tickets', {})
				.catch((e) => e),
		);
		expect(nodeError.message).toBe('Some business rule we have not met yet.');
		expect(nodeError.description).toMatch(/refused the request \(nothing was written\)/);
	});

	it('explains a 401 in terms of the credential fields', async () => {
		nock(HOST)
			.get('/ATServicesRest/V1.0/Companies/1')
			.reply(401, { errors: ['Unauthorized'] });
		const nodeError = toNodeApiError(
			node,
			await nockClient()
				.get('Companies', 1)
				.catch((e) => e),
		);
		expect(nodeError.httpCode).toBe('401');
		expect(nodeError.description).toMatch(/username, secret and integration code/);
	});

	it('says the hourly budget is spent', async () => {
		const transport = scriptedTransport(() =>
			fail(429, ['You have exceeded the hourly request limit for this database']),
		);
		const client = new AutotaskClient({
			credentials: { ...CREDS },
			transport,
			limiter: new KeyedLimiter(),
			sleep: async () => {},
		});
		const nodeError = toNodeApiError(node, await client.get('Companies', 1).catch((e) => e));
		expect(nodeError.description).toBe(
			"The tenant's hourly Autotask API budget is spent, so nothing more is sent in this run; the next run after the hour rolls finishes the work without double counting.",
		);
	});

	it('turns a lost write answer into a clear error, without resending', async () => {
		const scope = nock(HOST)
			.post('/ATServicesRest/V1.0/Tickets')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		const error = await nockClient()
			.create('Tickets', {})
			.catch((e) => e);
		expect(error).toBeInstanceOf(AutotaskWriteUnknownError);
		expect(scope.isDone()).toBe(true);
		expect(toNodeApiError(node, error).message).toMatch(/may have been applied/);
	});
});

describe('redaction', () => {
	it('never lets the secret or the integration code into an error, even when a server echoes them', async () => {
		nock(HOST)
			.post('/ATServicesRest/V1.0/Companies/query')
			.reply(500, { errors: [`Bad header Secret=${CREDS.secret} code ${CREDS.integrationCode}`] })
			.post('/ATServicesRest/V1.0/Companies/query')
			.reply(500, { errors: [`Bad header Secret=${CREDS.secret} code ${CREDS.integrationCode}`] });
		const error = await nockClient()
			.query('Companies', { filter: [] })
			.catch((e) => e);
		const nodeError = toNodeApiError(node, error);
		for (const text of [
			error.message,
			JSON.stringify(error),
			nodeError.message,
			JSON.stringify(nodeError),
			String(nodeError.description),
		]) {
			expect(text).not.toContain(CREDS.secret);
			expect(text).not.toContain(CREDS.integrationCode);
		}
		expect(nodeError.message).toContain('[redacted]');
	});

	it('keeps secrets out of network error messages (transport errors carry request headers)', async () => {
		const transport = scriptedTransport(
			() =>
				new Error(
					`request failed with headers {"Secret":"${CREDS.secret}","ApiIntegrationCode":"${CREDS.integrationCode}"}`,
				),
		);
		const client = new AutotaskClient({
			credentials: { ...CREDS },
			transport,
			limiter: new KeyedLimiter(),
			sleep: async () => {},
			retry: { retries: 0 },
		});
		for (const call of [client.get('Companies', 1), client.create('Companies', {})]) {
			const error = await call.catch((e) => e);
			const text = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(toNodeApiError(node, error))}`;
			expect(text).not.toContain(CREDS.secret);
			expect(text).not.toContain(CREDS.integrationCode);
		}
	});

	it('the axios transport drops the request config from its errors', async () => {
		nock.enableNetConnect('127.0.0.1');
		// Port 1 on loopback: nothing listens, the connection is refused at once.
		const client = new AutotaskClient({
			credentials: { ...CREDS, customUrl: 'http://127.0.0.1:1/ATServicesRest/V1.0' },
			transport: axiosTransport(2000),
			sleep: async () => {},
			limiter: new KeyedLimiter(),
			retry: { retries: 1 },
		});
		const error = await client.get('Companies', 1).catch((e) => e);
		nock.disableNetConnect();
		expect(JSON.stringify(error)).not.toContain(CREDS.secret);
		expect(error.detail).toMatch(/ECONNREFUSED/);
		expect(toNodeApiError(node, error).description).toMatch(/ECONNREFUSED/);
	});
});
