import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { credentialTest, listSearch, loadOptions } from '../methods';
import { openOrCloseTicket } from './actions/openOrCloseTicket';
import { getErrorPriorities, getTicketQueues, getTicketQueuesOrDefault } from './editorLists';
import { properties } from './properties';

/** Open or Close Ticket: one operation (actions/openOrCloseTicket.ts); the files beside this one are its phases. */
export class BdrOpenOrCloseTicket implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Open or Close Ticket',
		name: 'bdrOpenOrCloseTicket',
		icon: { light: 'file:openOrCloseTicket.svg', dark: 'file:openOrCloseTicket.dark.svg' },
		group: ['transform'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle:
			'={{ $parameter["queue"] === "__doNotMap__" ? "Ticketing off (Do Not Map)" : "Queue: " + $parameter["queue"] }}',
		description:
			'Open an Autotask ticket per BDR alert, note repeats on it, close it when the BDR reports OK',
		defaults: { name: 'Open or Close Ticket' },
		// Deliberately not an AI-agent tool: an agent sends one flat item and reads only the first
		// output, which this node cannot work with (README, "Use from an AI agent"; BDR Backup Assistant
		// is the tool). n8n's types allow no `false`, and its lint wants the choice written down.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties,
	};

	methods = {
		listSearch,
		loadOptions: { ...loadOptions, getTicketQueues, getTicketQueuesOrDefault, getErrorPriorities },
		credentialTest,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await openOrCloseTicket.call(this);
	}
}
