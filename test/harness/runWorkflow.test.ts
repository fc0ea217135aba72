import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runWorkflow, type WorkflowJson } from './index';
import { testNodeTypes, tokenCredential } from './testNodes';

const main = (node: string, index = 0) => ({ node, type: 'main' as never, index });

function chain(
	...nodes: Array<{
		name: string;
		type: string;
		parameters?: object;
		onError?: string;
		credentials?: object;
	}>
): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	nodes.slice(1).forEach((node, i) => {
		connections[nodes[i].name] = { main: [[main(node.name)]] };
	});
	return {
		nodes: nodes.map(
			(n, i) =>
				({
					typeVersion: 1,
					position: [i * 200, 0],
					parameters: {},
					...n,
				}) as WorkflowJson['nodes'][number],
		),
		connections,
	};
}

const options = { nodeTypes: testNodeTypes, credentialTypes: { harnessTokenApi: tokenCredential } };

describe('runWorkflow', () => {
	it('resolves expressions against each item and reaches nodes by name', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Double', type: 'test.value', parameters: { value: '={{ $json.x * 2 }}' } },
			{
				name: 'Back',
				type: 'test.value',
				parameters: { value: "={{ $('Start').item.json.x + '-' + $json.value }}" },
			},
		);
		const { outputs, error } = await runWorkflow(wf, { ...options, input: [{ x: 2 }, { x: 5 }] });
		expect(error).toBeUndefined();
		expect(outputs.Double[0].map((i) => i.json.value)).toEqual([4, 10]);
		expect(outputs.Back[0].map((i) => i.json.value)).toEqual(['2-4', '5-10']);
	});

	it('carries pairedItem from the input items through every node', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Value', type: 'test.value', parameters: { value: 'v' } },
		);
		const { outputs } = await runWorkflow(wf, {
			...options,
			input: [{ a: 1 }, { a: 2 }, { a: 3 }],
		});
		expect(outputs.Value[0].map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(outputs.Start[0].map((i) => i.json.a)).toEqual([1, 2, 3]);
	});

	it('routes two outputs to different downstream nodes', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Split', type: 'test.split' },
		);
		wf.nodes.push(
			{
				name: 'Even',
				type: 'test.value',
				typeVersion: 1,
				position: [400, 0],
				parameters: { value: '={{ $json.n }}' },
			},
			{
				name: 'Odd',
				type: 'test.value',
				typeVersion: 1,
				position: [400, 200],
				parameters: { value: '={{ $json.n }}' },
			},
		);
		wf.connections.Split = { main: [[main('Even')], [main('Odd')]] };
		const { outputs } = await runWorkflow(wf, {
			...options,
			input: [1, 2, 3, 4, 5].map((n) => ({ n })),
		});
		expect(outputs.Split.map((items) => items.length)).toEqual([2, 3]);
		expect(outputs.Even[0].map((i) => i.json.value)).toEqual([2, 4]);
		expect(outputs.Odd[0].map((i) => i.json.value)).toEqual([1, 3, 5]);
	});

	it('stops with the node error when the node does not continue on fail', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Fail', type: 'test.failing' },
		);
		const { error, outputs } = await runWorkflow(wf, {
			...options,
			input: [{ id: 1 }, { id: 2, fail: true }],
		});
		expect(error?.message).toBe('Item 1 asked to fail');
		expect(outputs.Fail).toEqual([]);
	});

	it('turns the error into an item with onError continueRegularOutput', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Fail', type: 'test.failing', onError: 'continueRegularOutput' },
		);
		const { error, outputs } = await runWorkflow(wf, {
			...options,
			input: [{ id: 1 }, { id: 2, fail: true }],
		});
		expect(error).toBeUndefined();
		expect(outputs.Fail[0].map((i) => i.json)).toEqual([
			{ ok: 1 },
			{ error: 'Item 1 asked to fail' },
		]);
	});

	it('sends error items to the error output with onError continueErrorOutput', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Fail', type: 'test.failing', onError: 'continueErrorOutput' },
		);
		const { outputs } = await runWorkflow(wf, {
			...options,
			input: [{ id: 1 }, { id: 2, fail: true }, { id: 3 }],
		});
		expect(outputs.Fail[0].map((i) => i.json)).toEqual([{ ok: 1 }, { ok: 3 }]);
		expect(outputs.Fail[1].map((i) => i.json)).toEqual([
			{ id: 2, fail: true, error: 'Item 1 asked to fail' },
		]);
		expect(outputs.Fail[1][0].pairedItem).toEqual({ item: 1 });
	});

	it('hands the test credential values (with type defaults) to the node', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{
				name: 'Cred',
				type: 'test.credential',
				credentials: { harnessTokenApi: { id: '1', name: 'Token' } },
			},
		);
		const { outputs, error } = await runWorkflow(wf, {
			...options,
			credentials: { harnessTokenApi: { token: 'abcdef' } },
		});
		expect(error).toBeUndefined();
		expect(outputs.Cred[0][0].json).toEqual({ region: 'eu', tokenLength: 6 });
	});

	it('names the missing credential type when the test gave no values', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{
				name: 'Cred',
				type: 'test.credential',
				credentials: { harnessTokenApi: { id: '1', name: 'Token' } },
			},
		);
		const { error } = await runWorkflow(wf, options);
		expect(error?.message).toContain('options.credentials.harnessTokenApi');
	});

	describe('real HTTP on loopback', () => {
		let server: Server;
		let seen: IncomingHttpHeaders | undefined;
		let baseUrl: string;
		beforeAll(async () => {
			server = createServer((req, res) => {
				seen = req.headers;
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ path: req.url, token: req.headers['x-token'] ?? null }));
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});
		afterAll(async () => await new Promise((resolve) => server.close(resolve)));

		it("applies the credential type's generic authenticate to httpRequestWithAuthentication", async () => {
			const wf = chain(
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
				{
					name: 'Cred',
					type: 'test.credential',
					parameters: { call: true },
					credentials: { harnessTokenApi: { id: '1', name: 'T' } },
				},
			);
			const { outputs, error } = await runWorkflow(wf, {
				...options,
				credentials: { harnessTokenApi: { token: 's3cret', baseUrl } },
			});
			expect(error).toBeUndefined();
			expect(outputs.Cred[0][0].json).toEqual({ path: '/echo', token: 's3cret' });
			expect(seen?.['x-token']).toBe('s3cret');
		});
	});

	it('starts at options.startNode with the given items', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'First', type: 'test.value', parameters: { value: 'first' } },
			{ name: 'Second', type: 'test.value', parameters: { value: '={{ $json.seed }}' } },
		);
		const { outputs, executionOrder } = await runWorkflow(wf, {
			...options,
			startNode: 'Second',
			input: [{ seed: 's' }],
		});
		expect(executionOrder).toEqual(['Second']);
		expect(outputs.Second[0][0].json.value).toBe('s');
		await expect(runWorkflow(wf, { ...options, startNode: 'Nope' })).rejects.toThrow(
			'startNode "Nope"',
		);
	});

	it('runs the core stand-ins: If routes by its filter, Set assigns fields, sticky notes are inert', async () => {
		const wf: WorkflowJson = {
			nodes: [
				{
					name: 'Note',
					type: 'n8n-nodes-base.stickyNote',
					typeVersion: 1,
					position: [0, -200],
					parameters: { content: 'hi' },
				},
				{
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					name: 'Big?',
					type: 'n8n-nodes-base.if',
					typeVersion: 2.2,
					position: [200, 0],
					parameters: {
						conditions: {
							options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
							conditions: [
								{
									id: 'c1',
									leftValue: '={{ $json.n }}',
									rightValue: 10,
									operator: { type: 'number', operation: 'gt' },
								},
							],
							combinator: 'and',
						},
					},
				},
				{
					name: 'Label',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [400, 0],
					parameters: {
						assignments: {
							assignments: [
								{ id: 'a1', name: 'meta.label', value: '={{ "big " + $json.n }}', type: 'string' },
							],
						},
						includeOtherFields: true,
					},
				},
				{
					name: 'Small',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [400, 200],
					parameters: {},
				},
			],
			connections: {
				Start: { main: [[main('Big?')]] },
				'Big?': { main: [[main('Label')], [main('Small')]] },
			},
		};
		const { outputs, error } = await runWorkflow(wf, { input: [{ n: 5 }, { n: 50 }] });
		expect(error).toBeUndefined();
		expect(outputs.Label[0].map((i) => i.json)).toEqual([{ n: 50, meta: { label: 'big 50' } }]);
		expect(outputs.Small[0].map((i) => i.json)).toEqual([{ n: 5 }]);
		expect(outputs.Note).toBeUndefined();
	});

	it('names an unknown node type and where to add it', async () => {
		const wf = chain(
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'X', type: 'n8n-nodes-base.code' },
		);
		await expect(runWorkflow(wf)).rejects.toThrow(
			/Unknown node type "n8n-nodes-base.code".*coreNodeStandIns/,
		);
	});
});
