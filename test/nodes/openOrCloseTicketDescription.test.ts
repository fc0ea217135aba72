/** The node's description: the seed's defaults, kept in step with the decision logic's defaults. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CHOICES, DEFAULT_RULES, DO_NOT_MAP } from '../../nodes/logic/ticketSettings';
import { BdrOpenOrCloseTicket as OpenOrCloseTicket } from '../../nodes/BdrOpenOrCloseTicket/BdrOpenOrCloseTicket.node';

const node = new OpenOrCloseTicket();
const prop = (name: string) =>
	node.description.properties.find((p) => p.name === name) as INodeProperties;

describe('Open or Close Ticket description', () => {
	it('uses the fixed type name and the Autotask credential', () => {
		expect(node.description.name).toBe('bdrOpenOrCloseTicket');
		expect(node.description.credentials).toEqual([
			{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' },
		]);
	});

	it("defaults are the seed's (and the same as the logic's defaults)", () => {
		const names = ['queue', 'priority', 'errorPriority', 'statusNew', 'statusComplete'] as const;
		for (const name of names) expect(prop(name).default).toBe(DEFAULT_CHOICES[name]);
		// The guide's words, written out: the node takes DEFAULT_CHOICES, so this is what pins them.
		expect(names.map((name) => prop(name).default)).toEqual([
			'Managed Services Alerts',
			'Medium',
			'',
			'New',
			'Complete',
		]);
		expect(prop('queue').description).toContain('default: Managed Services Alerts');
		expect(prop('priority').description).toContain('default: Medium');
		const rules = Object.fromEntries(
			(prop('rules').options as INodeProperties[]).map((o) => [o.name, o.default]),
		);
		expect(rules).toEqual(DEFAULT_RULES);
	});

	it('every list it names exists, and the queue list offers Do Not Map first', async () => {
		const methods = node.methods.loadOptions as Record<string, unknown>;
		const named = JSON.stringify(node.description.properties)
			.match(/"loadOptionsMethod":"(\w+)"/g)!
			.map((m) => m.split('"')[3]);
		for (const name of named) expect(typeof methods[name]).toBe('function');
		const fake = {
			getNode: () => ({}),
			getCredentials: async () => ({}),
			helpers: { httpRequestWithAuthentication: async () => ({}) },
		};
		jest
			.spyOn(require('../../nodes/methods').loadOptions, 'getQueues')
			.mockResolvedValue([{ name: 'Q', value: 'Q' }]);
		const queues = await (methods.getTicketQueues as any).call(fake);
		expect(queues.map((q: { value: string }) => q.value)).toEqual([DO_NOT_MAP, 'Q']);
	});
});
