/**
 * Issue #15 through a real n8n 2.x: n8n's own AI Agent (V3) with n8n's OpenAI Chat Model pointed at a
 * stub OpenAI-compatible server started here (no real model: it calls the tool the question names, then
 * answers with what the tool returned), and BDR Backup Assistant tools from the built package.
 * What the tool answered is checked against the Autotask sandbox's own records. Needs `npm run build`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { ensureRuntime } from '../../tools/n8n/runtime';
import {
	sandboxCredentials,
	startN8n,
	TEMPLATE_CREDENTIAL_NAMES,
	type N8nServer,
} from '../../tools/n8n/server';
import { finishedExecution, nodeItems, settledExecutions } from './e2eHelpers';

type Json = Record<string, any>;

/** A stand-in for OpenAI's chat completions API: the first turn calls a tool, the second repeats its answer. */
interface StubModel {
	baseUrl: string;
	/** The request bodies it received, in order. */
	requests: Json[];
	close(): Promise<void>;
}

function completion(message: Json, finish: string): Json {
	return {
		id: 'stub',
		object: 'chat.completion',
		created: 0,
		model: 'stub-model',
		choices: [{ index: 0, message, finish_reason: finish }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/** The reply to one request: call the tool the question names (text after "tool:"), or report the tool's answer. */
function reply(body: Json): Json {
	const messages = body.messages as Json[];
	const toolResult = messages.find((m) => m.role === 'tool');
	if (toolResult)
		return completion(
			{ role: 'assistant', content: `TOOL ANSWER ${String(toolResult.content)}` },
			'stop',
		);
	const question = String(messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
	const [, toolName, args] = /tool:(\S+) args:(\{.*\})/.exec(question) ?? [];
	return completion(
		{
			role: 'assistant',
			content: null,
			tool_calls: [
				{ id: 'call_1', type: 'function', function: { name: toolName, arguments: args } },
			],
		},
		'tool_calls',
	);
}

/** The same reply as server-sent events, for a client that asks for a stream. */
function streamed(res: http.ServerResponse, full: Json): void {
	const { message, finish_reason } = full.choices[0];
	const delta = message.tool_calls
		? {
				role: 'assistant',
				tool_calls: message.tool_calls.map((c: Json, index: number) => ({ index, ...c })),
			}
		: { role: 'assistant', content: message.content };
	res.writeHead(200, { 'content-type': 'text/event-stream' });
	for (const choice of [
		{ index: 0, delta, finish_reason: null },
		{ index: 0, delta: {}, finish_reason },
	]) {
		res.write(
			`data: ${JSON.stringify({ id: 'stub', object: 'chat.completion.chunk', created: 0, model: 'stub-model', choices: [choice] })}\n\n`,
		);
	}
	res.end('data: [DONE]\n\n');
}

async function startStubModel(): Promise<StubModel> {
	const requests: Json[] = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (c) => (text += c));
		req.on('end', () => {
			if (!req.url?.endsWith('/chat/completions')) {
				res.writeHead(404).end('{}');
				return;
			}
			const body = JSON.parse(text) as Json;
			requests.push(body);
			const full = reply(body);
			if (body.stream) return streamed(res, full);
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(full));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const PATH = 'e2e-agent-ask';
const MODEL_CREDENTIAL = 'Stub model';
const autotask = { bdrAutotaskApi: { id: '', name: TEMPLATE_CREDENTIAL_NAMES.autotask } };

const assistant = (name: string, parameters: Json, y: number): Json => ({
	name,
	type: 'n8n-nodes-bdr-autotask.bdrBackupAssistantTool',
	typeVersion: 1,
	position: [600, y],
	parameters,
	credentials: autotask,
});

const workflow: Json = {
	name: 'Backup assistant agent (e2e)',
	nodes: [
		{
			name: 'Ask',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: PATH,
			parameters: { httpMethod: 'POST', path: PATH, options: {} },
		},
		{
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			position: [300, 0],
			parameters: { promptType: 'define', text: '={{ $json.body.question }}', options: {} },
		},
		{
			name: 'Stub chat model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [300, 300],
			parameters: {
				model: { __rl: true, mode: 'id', value: 'stub-model' },
				responsesApiEnabled: false,
				options: {},
			},
			credentials: { openAiApi: { id: '', name: MODEL_CREDENTIAL } },
		},
		assistant(
			'Look Up Customer',
			{
				resource: 'customer',
				operation: 'lookUpCustomer',
				customer: "={{ $fromAI('customer', 'Company name or Autotask ID', 'string') }}",
			},
			300,
		),
		assistant(
			'Add Note',
			{
				resource: 'ticket',
				operation: 'addTicketNote',
				allowWrites: false,
				ticket: "={{ $fromAI('ticket', 'Ticket number', 'string') }}",
				note: "={{ $fromAI('note', 'The note text', 'string') }}",
			},
			500,
		),
		assistant(
			'Add Note Allowed',
			{
				resource: 'ticket',
				operation: 'addTicketNote',
				allowWrites: true,
				ticket: "={{ $fromAI('ticket', 'Ticket number', 'string') }}",
				note: "={{ $fromAI('note', 'The note text', 'string') }}",
			},
			700,
		),
	],
	connections: {
		Ask: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'Stub chat model': {
			ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
		},
		'Look Up Customer': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Add Note': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Add Note Allowed': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

let sb: Sandbox;
let model: StubModel;
let server: N8nServer;
let workflowId: string;
let runs = 0;

beforeAll(async () => {
	const runtime = await ensureRuntime();
	[sb, model] = await Promise.all([startSandbox({ seed: 'demo', port: 0 }), startStubModel()]);
	const openAi = {
		name: MODEL_CREDENTIAL,
		type: 'openAiApi',
		data: { apiKey: 'stub-key', url: model.baseUrl },
	};
	server = await startN8n({
		runtime,
		credentials: [...sandboxCredentials(sb, 'e2e-agent-secret'), openAi],
	});
	workflowId = (await server.importWorkflow(workflow)).id;
});

afterAll(async () => {
	await server?.stop();
	await Promise.all([sb?.close(), model?.close()]);
});

/** Asks the agent; returns what it answered and what the tool answered it. */
async function ask(question: string): Promise<{ output: string; toolAnswer: any }> {
	const res = await fetch(server.webhookUrl(PATH), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ question }),
	});
	expect(res.status).toBe(200);
	await res.text();
	runs++;
	const [latest] = await settledExecutions(server.restClient, workflowId, runs, 120_000);
	const detail = await finishedExecution(server.restClient, latest.id);
	if (detail.status !== 'success')
		throw new Error(
			`execution ${latest.id} ended ${detail.status}: ${JSON.stringify(detail.data?.resultData?.error ?? null).slice(0, 2000)}`,
		);
	const output = String(nodeItems(detail, 'AI Agent')[0]?.output ?? '');
	const toolAnswer = JSON.parse(output.replace(/^TOOL ANSWER /, '')) as unknown;
	return { output, toolAnswer };
}

describe('BDR Backup Assistant as a tool of n8n’s AI Agent (real n8n, stub model)', () => {
	const acme = DEMO.customers.acme;

	it('the agent offers the model each tool by its operation, with the $fromAI arguments', async () => {
		model.requests.length = 0;
		await ask(`tool:Look_Up_Customer args:${JSON.stringify({ customer: 'ACME' })}`);
		const tools = model.requests[0].tools as Json[];
		const lookUp = tools.find((t) => t.function.name === 'Look_Up_Customer')!;
		expect(lookUp.function.description).toBe(
			'Look up customer company with contracts and open backup tickets in BDR Backup Assistant',
		);
		expect(lookUp.function.parameters.properties.customer).toMatchObject({
			type: 'string',
			description: 'Company name or Autotask ID',
		});
		expect(tools.map((t) => t.function.name).sort()).toEqual([
			'Add_Note',
			'Add_Note_Allowed',
			'Look_Up_Customer',
		]);
	});

	it('Look Up Customer: the model reads back the company and contracts Autotask holds', async () => {
		const { toolAnswer } = await ask(
			`tool:Look_Up_Customer args:${JSON.stringify({ customer: 'ACME' })}`,
		);
		const [answer] = toolAnswer as Json[];
		expect(answer.company).toMatchObject({
			id: acme.companyId,
			companyName: sb.store.get('Companies', acme.companyId)!.companyName,
		});
		const contracts = sb.store
			.all('Contracts')
			.filter((c) => c.companyID === acme.companyId)
			.map((c) => c.id)
			.sort();
		expect(answer.contracts.map((c: Json) => c.id).sort()).toEqual(contracts);
	});

	it('Add Note with Allow Writes off: the model reads the refusal naming the switch, and nothing is written', async () => {
		const notes = sb.store.all('TicketNotes').length;
		const { toolAnswer } = await ask(
			`tool:Add_Note args:${JSON.stringify({ ticket: 'T20261202.0001', note: 'hello' })}`,
		);
		// A failing tool reaches the model as its message only (n8n's engine: { error: message })
		expect(toolAnswer).toEqual([
			{
				error: expect.stringMatching(
					/^Adding notes is switched off, so nothing was written\..*"Allow Writes"/,
				),
			},
		]);
		expect(sb.store.all('TicketNotes')).toHaveLength(notes);
	});

	it('Add Note with Allow Writes on: the note is on the backup ticket in Autotask', async () => {
		const ticket = sb.store.insert('Tickets', {
			companyID: acme.companyId,
			title: '[BDR] Backup failed: SRV-01 (ACME Insurance)',
			status: 1,
			priority: 6,
			ticketNumber: 'T20261202.0101',
			externalID: `bdr:${acme.bdrCustomerId}/dev-1/SRV-01/backup`,
		});
		const { toolAnswer } = await ask(
			`tool:Add_Note_Allowed args:${JSON.stringify({ ticket: 'T20261202.0101', note: 'Customer rebooted the NAS' })}`,
		);
		const notes = sb.store.all('TicketNotes').filter((n) => n.ticketID === ticket.id);
		expect(notes).toEqual([expect.objectContaining({ description: 'Customer rebooted the NAS' })]);
		expect(toolAnswer).toEqual([
			expect.objectContaining({ added: true, noteId: notes[0].id, ticketNumber: 'T20261202.0101' }),
		]);
	});
});
