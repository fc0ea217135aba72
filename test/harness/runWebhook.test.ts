import { runWebhook, type WorkflowJson } from './index';
import { testNodeTypes } from './testNodes';

function gateWorkflow(mode = 'answer'): WorkflowJson {
	return {
		nodes: [
			{
				name: 'Gate',
				type: 'test.gate',
				typeVersion: 1,
				position: [0, 0],
				parameters: { mode },
				webhookId: 'w1',
			},
			{
				name: 'After',
				type: 'test.value',
				typeVersion: 1,
				position: [200, 0],
				parameters: { value: '={{ $json.body.event }}' },
			},
		],
		connections: { Gate: { main: [[{ node: 'After', type: 'main' as never, index: 0 }]] } },
	};
}

const options = { nodeTypes: testNodeTypes };
const body = JSON.stringify({ event: 'backup.failed', n: 1 });

describe('runWebhook', () => {
	it('starts the workflow with the trigger output and answers "Workflow was started"', async () => {
		const result = await runWebhook(
			gateWorkflow(),
			'Gate',
			{
				headers: { 'X-Key': 'open', 'Content-Type': 'application/json' },
				rawBody: body,
				query: { a: '1' },
			},
			options,
		);
		expect(result.started).toBe(true);
		expect(result.response).toMatchObject({
			status: 200,
			body: { message: 'Workflow was started' },
		});
		const seen = result.outputs.Gate[0][0].json;
		expect(seen).toEqual({
			rawIsBuffer: true,
			raw: body,
			body: { event: 'backup.failed', n: 1 },
			contentType: 'application/json',
			query: { a: '1' },
		});
		expect(result.outputs.After[0][0].json.value).toBe('backup.failed');
	});

	it('starts no execution when the trigger refuses, answering with its webhookResponse', async () => {
		const result = await runWebhook(
			gateWorkflow(),
			'Gate',
			{ headers: { 'x-key': 'wrong' }, rawBody: body },
			options,
		);
		expect(result.started).toBe(false);
		expect(result.outputs).toEqual({});
		expect(result.response).toMatchObject({ status: 200, body: { refused: 'bad key' } });
	});

	it('returns what the node wrote itself when it answers with noWebhookResponse', async () => {
		const result = await runWebhook(gateWorkflow('selfAnswer'), 'Gate', { rawBody: body }, options);
		expect(result.started).toBe(false);
		expect(result.response).toMatchObject({ status: 401, body: { refused: 'bad key' } });
	});

	it('answers 500 and starts nothing when webhook() throws', async () => {
		const result = await runWebhook(
			gateWorkflow('throw'),
			'Gate',
			{ headers: { 'x-key': 'open' }, rawBody: body },
			options,
		);
		expect(result.started).toBe(false);
		expect(result.response.status).toBe(500);
		expect(result.error?.message).toBe('webhook() failed');
	});

	it('answers 400 to a JSON body that does not parse, without calling the node', async () => {
		const result = await runWebhook(
			gateWorkflow('throw'),
			'Gate',
			{ headers: { 'content-type': 'application/json' }, rawBody: '{not json' },
			options,
		);
		expect(result.response).toMatchObject({
			status: 400,
			body: { message: 'Failed to parse request body' },
		});
		expect(result.started).toBe(false);
	});

	it('refuses a node without webhook()', async () => {
		await expect(runWebhook(gateWorkflow(), 'After', {}, options)).rejects.toThrow(
			'has no webhook() method',
		);
	});
});
