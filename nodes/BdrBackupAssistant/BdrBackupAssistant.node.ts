import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { isAutotaskError, toNodeApiError } from '../autotask/errors';
import { credentialTest, listSearch } from '../methods';
import * as addTicketNote from './actions/addTicketNote';
import * as billingDryRun from './actions/billingDryRun';
import * as lookUpCustomer from './actions/lookUpCustomer';

const operations = { lookUpCustomer, billingDryRun, addTicketNote } as const;

/**
 * What MSP technicians ask about backups, answered from Autotask, one answer item per input item.
 * Built to be an AI agent's tool: flat arguments, one output, read-only unless "Allow Writes" is on.
 */
export class BdrBackupAssistant implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BDR Backup Assistant',
		name: 'bdrBackupAssistant',
		icon: { light: 'file:backupAssistant.svg', dark: 'file:backupAssistant.dark.svg' },
		group: ['transform'],
		// A breaking change adds a version here and moves defaultVersion to it (README, Versioning).
		version: [1],
		defaultVersion: 1,
		subtitle:
			'={{ {"lookUpCustomer": "Look Up Customer", "billingDryRun": "Billing Dry Run", "addTicketNote": "Add Note to Backup Ticket"}[$parameter["operation"]] }}',
		description:
			"Answer technicians' backup questions from Autotask: a customer's company, contracts and open backup tickets, what Sync Billing would change on a contract for the reported usage, and notes on backup tickets",
		defaults: { name: 'BDR Backup Assistant' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bdrAutotaskApi', required: true, testedBy: 'bdrAutotaskApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'customer',
				options: [
					{ name: 'Backup Ticket', value: 'ticket' },
					{ name: 'Contract', value: 'contract' },
					{ name: 'Customer', value: 'customer' },
				],
			},
			// One operation list per resource: n8n tells an agent what a tool does from the chosen operation's action.
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['customer'] } },
				default: 'lookUpCustomer',
				options: [
					{
						name: 'Look Up',
						value: 'lookUpCustomer',
						action: 'Look up customer company with contracts and open backup tickets',
						description: "A customer's Autotask company, its contracts and its open backup tickets",
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['contract'] } },
				default: 'billingDryRun',
				options: [
					{
						name: 'Billing Dry Run',
						value: 'billingDryRun',
						action: 'Preview contract billing for reported usage',
						description:
							'Compare the units on a Recurring Service contract with the units the reported usage calls for; writes nothing',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['ticket'] } },
				default: 'addTicketNote',
				options: [
					{
						name: 'Add Note',
						value: 'addTicketNote',
						action: 'Add note to backup ticket',
						description:
							'Add a note to a ticket the BDR integration opened (only with Allow Writes on)',
					},
				],
			},
			...lookUpCustomer.properties,
			...billingDryRun.properties,
			...addTicketNote.properties,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
		const client = await autotaskClientFor(this);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const json: IDataObject = await operations[operation].execute.call(this, client, i);
				out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const nodeError = isAutotaskError(error) ? toNodeApiError(this.getNode(), error, i) : error;
				if (this.continueOnFail()) {
					out.push({ json: { error: (nodeError as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw nodeError;
			}
		}
		return [out];
	}
}
