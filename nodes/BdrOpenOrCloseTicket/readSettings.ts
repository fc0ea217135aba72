/** Reads one item's ticket settings from the node's parameters and resolves labels to the tenant's values. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Severity } from '../logic/eventTypes';
import { checkQuietHours, type QuietHours } from '../logic/quietHours';
import type { NoteRepeats } from '../logic/ticketDecision';
import {
	DEFAULT_RULES,
	choicesFor,
	overrideFor,
	type CustomerOverride,
	type NotificationRules,
	type TicketChoices,
} from '../logic/ticketSettings';
import type { TicketClient } from './ticketClient';
import type { NoteDefaults, ResolvedSettings } from './resolvedSettings';
import { isAutotaskError } from '../autotask/errors';

/** How repeats, flapping and timing are handled (Options of the node). */
export interface Timing {
	noteRepeats: NoteRepeats;
	noteIntervalHours: number;
	reopenWithinHours: number;
	openAfterMinutes: number;
	quietHours?: QuietHours;
}

export interface RawSettings extends Timing {
	choices: TicketChoices;
	prefix: string;
	rules: NotificationRules;
	/** Hours from creation to the due date; 0: the ticket category supplies it. */
	dueHours: number;
	/** BillingCodes id sent as Tickets.billingCodeID (the work type), or '' for none. */
	workType: string;
	countRepeats: boolean;
	attachContract: boolean;
}

export function readRawSettings(
	ctx: IExecuteFunctions,
	i: number,
	bdrCustomerId: string,
	companyId: number | undefined,
): RawSettings {
	const text = (name: string, fallback = '') =>
		String(ctx.getNodeParameter(name, i, fallback) ?? '').trim();
	const rules = ctx.getNodeParameter('rules', i, {}) as IDataObject;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const overrides = ((ctx.getNodeParameter('overrides', i, {}) as IDataObject).override ??
		[]) as CustomerOverride[];
	const base: TicketChoices = {
		queue: text('queue'),
		priority: text('priority'),
		errorPriority: text('errorPriority'),
		statusNew: text('statusNew'),
		statusComplete: text('statusComplete'),
		issueType: String(options.issueType ?? '').trim(),
		subIssueType: String(options.subIssueType ?? '').trim(),
		source: String(options.source ?? '').trim(),
	};
	return {
		choices: choicesFor(base, overrideFor(overrides, bdrCustomerId, companyId)),
		prefix: text('prefix'),
		rules: {
			openSeverities:
				(rules.openSeverities as Severity[] | undefined) ?? DEFAULT_RULES.openSeverities,
			okCloses: (rules.okCloses as boolean | undefined) ?? DEFAULT_RULES.okCloses,
			okOpens: (rules.okOpens as boolean | undefined) ?? DEFAULT_RULES.okOpens,
			eventTypes: (rules.eventTypes as string[] | undefined) ?? DEFAULT_RULES.eventTypes,
		},
		dueHours: dueHoursOf(ctx, i),
		workType: String(options.workType ?? '').trim(),
		countRepeats: (options.countRepeats as boolean | undefined) ?? true,
		attachContract: (options.attachContract as boolean | undefined) ?? false,
		...readTiming(options, ctx.getTimezone()),
	};
}

const count = (value: unknown) => Math.max(0, Number(value ?? 0) || 0);

/** Options → timing; a quiet-hours window that cannot be read throws a message naming the option. */
export function readTiming(options: IDataObject, workflowTimezone: string): Timing {
	const window = String(options.quietHours ?? '').trim();
	let quietHours: QuietHours | undefined;
	if (window) {
		const [start, end] = window.split('-').map((t) => t.trim());
		quietHours = {
			start: start ?? '',
			end: end ?? '',
			timezone: String(options.quietHoursTimezone ?? '').trim() || workflowTimezone,
		};
		checkQuietHours(quietHours);
	}
	return {
		noteRepeats: (options.noteRepeats as NoteRepeats | undefined) ?? 'every',
		noteIntervalHours: count(options.noteIntervalHours ?? 24),
		reopenWithinHours: count(options.reopenWithinHours),
		openAfterMinutes: count(options.openAfterMinutes),
		quietHours,
	};
}

/** Many tenants refuse a ticket without a due date, so one is sent unless the user leaves it to the category. */
export const DEFAULT_DUE_HOURS = 24;

function dueHoursOf(ctx: IExecuteFunctions, i: number): number {
	if (ctx.getNodeParameter('dueDate', i, 'hours') === 'category') return 0;
	const hours = Number(ctx.getNodeParameter('dueHours', i, DEFAULT_DUE_HOURS));
	return Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_DUE_HOURS;
}

const FIELD_NAMES: Record<string, string> = {
	queueID: 'Queue',
	priority: 'Priority',
	status: 'Status',
	issueType: 'Issue Type',
	subIssueType: 'Sub-Issue Type',
	source: 'Source',
};

/** Label → value per Tickets field, resolved once per execution whatever the number of events. */
export class PicklistResolver {
	private readonly memo = new Map<string, Promise<string>>();
	constructor(private readonly client: TicketClient) {}

	value(field: string, labelOrValue: string, setting: string): Promise<string> {
		const memoKey = `${field}|${labelOrValue.toLowerCase()}`;
		let pending = this.memo.get(memoKey);
		if (!pending) {
			// Autotask's own refusals (401, 429, …) pass through unchanged: they are not about this setting.
			pending = this.client
				.picklistValue('Tickets', field, labelOrValue)
				.catch((error: Error) =>
					Promise.reject(
						isAutotaskError(error)
							? error
							: new Error(
									`${setting}: ${error.message.replace(/\.$/, '')}. Pick a ${FIELD_NAMES[field] ?? field} from the list in Open or Close Ticket.`,
								),
					),
				);
			this.memo.set(memoKey, pending);
		}
		return pending;
	}

	async resolve(raw: RawSettings): Promise<ResolvedSettings> {
		const c = raw.choices;
		const optional = (field: string, v: string, setting: string) =>
			v ? this.value(field, v, setting) : Promise.resolve(undefined);
		const [
			queueID,
			priority,
			errorPriority,
			statusNew,
			statusClose,
			issueType,
			subIssueType,
			source,
		] = await Promise.all([
			this.value('queueID', c.queue, 'Queue'),
			this.value('priority', c.priority, 'Priority'),
			optional('priority', c.errorPriority, 'Error Priority'),
			this.value('status', c.statusNew, 'Status New'),
			this.value('status', c.statusComplete, 'Status Complete'),
			optional('issueType', c.issueType, 'Issue Type'),
			optional('subIssueType', c.subIssueType, 'Sub-Issue Type'),
			optional('source', c.source, 'Source'),
		]);
		return {
			prefix: raw.prefix,
			queueID,
			priority,
			errorPriority,
			errorPriorityLabel: c.errorPriority || undefined,
			statusNew,
			statusClose,
			issueType,
			subIssueType,
			source,
			dueHours: raw.dueHours,
			workType: raw.workType || undefined,
			rules: raw.rules,
			countRepeats: raw.countRepeats,
			attachContract: raw.attachContract,
			noteRepeats: raw.noteRepeats,
			noteIntervalHours: raw.noteIntervalHours,
			reopenWithinHours: raw.reopenWithinHours,
			openAfterMinutes: raw.openAfterMinutes,
			quietHours: raw.quietHours,
		};
	}
}

/** Statuses that count as closed: ours, and the tenant's "Complete" (what technicians use). */
export async function closedStatuses(client: TicketClient, ours: string[]): Promise<string[]> {
	const statuses = await client.picklist('Tickets', 'status');
	const complete = statuses.valueOf('Complete');
	return Array.from(new Set([...ours, ...(complete ? [complete] : [])]));
}

/** TicketNotes.noteType and publish are required: the tenant's defaults, else its first active value. */
export async function noteDefaults(client: TicketClient): Promise<NoteDefaults> {
	const pick = async (field: string) => {
		const list = await client.picklist('TicketNotes', field);
		// Inactive and system values are refused on create (or reserved for Autotask's own notes).
		const usable = list.values.filter((v) => v.isActive && !v.isSystem);
		const chosen =
			usable.find((v) => v.isDefaultValue) ?? usable.sort((a, b) => a.sortOrder - b.sortOrder)[0];
		if (!chosen)
			throw new Error(
				`Autotask has no active, non-system TicketNotes ${field} value; add one in Autotask before notes can be written`,
			);
		return chosen.value;
	};
	const [noteType, publish] = await Promise.all([pick('noteType'), pick('publish')]);
	return { noteType, publish };
}
