import type { INodeProperties } from 'n8n-workflow';

import { EVENT_TYPES, EVENT_TYPE_LABELS, PROBLEM_SEVERITY_OPTIONS } from '../logic/eventTypes';
import { DEFAULT_CHOICES, DO_NOT_MAP } from '../logic/ticketSettings';

// n8n's lint reads a `default:` only as a literal or a plain name, so each default gets a name here.
const {
	queue: queueDefault,
	priority: priorityDefault,
	errorPriority: errorPriorityDefault,
	statusNew: statusNewDefault,
	statusComplete: statusCompleteDefault,
	issueType: issueTypeDefault,
	source: sourceDefault,
	subIssueType: subIssueTypeDefault,
} = DEFAULT_CHOICES;

/**
 * The Axcient guide's Integration Setup ticket settings. Picklist options carry labels as values, so the
 * guide's defaults (DEFAULT_CHOICES, shared with the decision logic) work on any tenant.
 */
export const properties: INodeProperties[] = [
	{
		displayName:
			'Opens one Autotask ticket per BDR alert, notes repeats on it, and closes it when the BDR reports OK. Put it after Map Customer.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Queue Name or ID',
		name: 'queue',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTicketQueues' },
		default: queueDefault,
		description: `The Autotask queue new tickets go to (the Axcient guide's default: ${queueDefault}). "Do Not Map" disables ticketing: events pass through as skipped. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	},
	{
		displayName: 'Ticket Subject Prefix',
		name: 'prefix',
		type: 'string',
		default: '',
		placeholder: 'e.g. [BDR]',
		description:
			'Optional text put before every ticket title, so tickets from the BDR are easy to spot',
	},
	{
		displayName: 'Priority Name or ID',
		name: 'priority',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPriorities' },
		default: priorityDefault,
		description: `Priority of new tickets (the Axcient guide's default: ${priorityDefault}). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	},
	{
		displayName: 'Error Priority Name or ID',
		name: 'errorPriority',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getErrorPriorities' },
		default: errorPriorityDefault,
		description:
			'Priority for error and critical events; a warning ticket is raised to it when the alert gets worse. Empty: the same as Priority. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Status New Name or ID',
		name: 'statusNew',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTicketStatuses' },
		default: statusNewDefault,
		description:
			'Status of newly created tickets. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Status Complete Name or ID',
		name: 'statusComplete',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTicketStatuses' },
		default: statusCompleteDefault,
		description:
			'Status set when the BDR reports OK. A label of your own (e.g. "Closed by BDR") tells these apart from tickets you closed yourself. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'options',
		default: 'hours',
		options: [
			{
				name: 'Hours After Creation',
				value: 'hours',
				description: 'The node sets the due date; works on every tenant',
			},
			{
				name: 'From the Ticket Category',
				value: 'category',
				description:
					'Autotask fills it in, but only where the ticket category (or the API user\'s default category) supplies a due date and time; other tenants refuse the ticket with "dueDateTime is required"',
			},
		],
		description:
			'Autotask requires a due date on new tickets unless the ticket category supplies one',
	},
	{
		displayName: 'Due In (Hours)',
		name: 'dueHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		displayOptions: { show: { dueDate: ['hours'] } },
		description: 'Hours from creation to the due date of a new ticket',
	},
	{
		displayName: 'Notification Rules',
		name: 'rules',
		type: 'collection',
		placeholder: 'Change Rule',
		default: {},
		description:
			'Unchanged, they follow the Axcient guide\'s Partner Notification "Open an Autotask ticket": warnings, errors and critical events open tickets, OK events close them but never open one, all event types. Add a rule to change one.',
		options: [
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				options: EVENT_TYPES.map((t) => ({ name: EVENT_TYPE_LABELS[t], value: t })),
				default: [],
				description:
					'Event types that may open tickets. None selected: all types (the Axcient guide\'s "Subscribe to All Event Types").',
			},
			{
				displayName: 'OK Events Close Tickets',
				name: 'okCloses',
				type: 'boolean',
				default: true,
				description:
					'Whether an OK event adds a resolution note and sets the Status Complete on the open ticket of its alert',
			},
			{
				displayName: 'OK Events Open Tickets',
				name: 'okOpens',
				type: 'boolean',
				default: false,
				description:
					'Whether an OK event with no open ticket opens one (the Axcient guide\'s "Subscribe to OK Events", default No)',
			},
			{
				displayName: 'Severities That Open Tickets',
				name: 'openSeverities',
				type: 'multiOptions',
				options: PROBLEM_SEVERITY_OPTIONS,
				default: ['warning', 'error', 'critical'],
			},
		],
	},
	{
		displayName: 'Per-Customer Overrides',
		name: 'overrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Override',
		default: {},
		description:
			'Queue or priority for particular customers; matched by BDR customer ID first, then Autotask company ID',
		options: [
			{
				displayName: 'Override',
				name: 'override',
				values: [
					{
						displayName: 'BDR Customer ID or Autotask Company ID',
						name: 'match',
						type: 'string',
						default: '',
						required: true,
					},
					{
						displayName: 'Queue Name or ID',
						name: 'queue',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTicketQueuesOrDefault' },
						default: '',
						description:
							'Empty: the node\'s queue. "Do Not Map" turns ticketing off for this customer. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Priority Name or ID',
						name: 'priority',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getErrorPriorities' },
						default: '',
						description:
							'Empty: the node\'s priority. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Error Priority Name or ID',
						name: 'errorPriority',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getErrorPriorities' },
						default: '',
						description:
							'Empty: the node\'s error priority. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attach Customer Contract',
				name: 'attachContract',
				type: 'boolean',
				default: false,
				description: 'Whether new tickets carry the contract Map Customer found for the customer',
			},
			{
				displayName: 'Count Repeats',
				name: 'countRepeats',
				type: 'boolean',
				default: true,
				description:
					'Whether repeat notes say "Repeated N times". Counting reads the open tickets\' notes once per run; off saves that call.',
			},
			{
				displayName: 'Issue Type Name or ID',
				name: 'issueType',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getIssueTypes' },
				default: issueTypeDefault,
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Note Reminder Every (Hours)',
				name: 'noteIntervalHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				description:
					'With Note Repeats "At Most Every N Hours": an unchanged alert adds a reminder note once the last one recorded is this old',
			},
			{
				displayName: 'Note Repeats',
				name: 'noteRepeats',
				type: 'options',
				default: 'every',
				options: [
					{
						name: 'Every Event',
						value: 'every',
						description:
							'Each distinct event adds a note (redeliveries of the same event never do)',
					},
					{
						name: 'When the State Changes',
						value: 'stateChange',
						description:
							'Only a new severity, message or failing-since time adds a note: what a scheduled source (x360Recover, Datto) needs, as it reports the same state on every poll',
					},
					{
						name: 'At Most Every N Hours',
						value: 'interval',
						description:
							'A changed state adds a note; an unchanged one adds a reminder every Note Reminder Every (Hours)',
					},
				],
				description: 'Which repeats of an open alert add a note to its ticket',
			},
			{
				displayName: 'Open Only After (Minutes)',
				name: 'openAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					"No ticket until the failure has lasted this long (from the event's failingSince, set by scheduled sources; events without it open at once). 0: open at once.",
			},
			{
				displayName: 'Quiet Hours',
				name: 'quietHours',
				type: 'string',
				default: '',
				placeholder: 'e.g. 22:00-07:00',
				description:
					'A daily window in which problems open no ticket (their outcome says so); recoveries still close tickets. Empty: none.',
			},
			{
				displayName: 'Quiet Hours Time Zone',
				name: 'quietHoursTimezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/New_York',
				description: "Time zone of Quiet Hours. Empty: the workflow's time zone.",
			},
			{
				displayName: 'Reopen Within (Hours)',
				name: 'reopenWithinHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					"A failure this soon after the integration closed the alert's ticket reopens that ticket (status New, a note) instead of opening a new one. A ticket a technician closed is never reopened. 0: always a new ticket.",
			},
			{
				displayName: 'Source Name or ID',
				name: 'source',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSources' },
				default: sourceDefault,
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Sub-Issue Type Name or ID',
				name: 'subIssueType',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getSubIssueTypes',
					loadOptionsDependsOn: ['options.issueType'],
				},
				default: subIssueTypeDefault,
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Work Type Name or ID',
				name: 'workType',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getWorkTypes' },
				default: '',
				description:
					'The work type (billing code) new tickets carry. Some tenants require one and refuse tickets without it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export { DO_NOT_MAP };
