/**
 * What Autotask does on a create or update beyond storing the fields: system dates, ticket numbers,
 * completedDate when a ticket becomes Complete, the ticket and note rules (ticketRules.ts), and
 * applying contract service adjustments.
 */
import { applyAdjustment, createUnitRows } from './billing';
import { EntityDef } from './entities';
import { refused } from './errors';
import { SandboxRecord, Store } from './store';
import { assignmentProblem, checkNewTicket, checkNewTicketNote } from './ticketRules';

/** Autotask's system value for the ticket status "Complete" (the label may be renamed). */
export const COMPLETE_STATUS = 5;

export interface WriteContext {
	store: Store;
	now: () => Date;
	/** Resource id of the API user making the call (creator/completedBy), if it is a Resource. */
	resourceId: number | null;
}

function ticketNumber(store: Store, now: Date): string {
	const day = now.toISOString().slice(0, 10).replace(/-/g, '');
	const n = (store.ticketNumbers.get(day) ?? 0) + 1;
	store.ticketNumbers.set(day, n);
	return `T${day}.${String(n).padStart(4, '0')}`;
}

export function createRecord(
	ctx: WriteContext,
	entity: EntityDef,
	values: Record<string, any>,
): SandboxRecord {
	const { store } = ctx;
	const now = ctx.now().toISOString();
	switch (entity.name) {
		case 'ContractServiceAdjustments':
			return applyAdjustment(store, values as any);
		case 'ContractServices': {
			const dup = store
				.rows('ContractServices')
				.find((r) => r.contractID === values.contractID && r.serviceID === values.serviceID);
			if (dup)
				throw refused(
					`ContractServices.serviceID: service ${values.serviceID} is already on contract ${values.contractID} (ContractServices ${dup.id}).`,
				);
			const cs = store.insert('ContractServices', values);
			createUnitRows(store, cs, 0);
			return cs;
		}
		case 'Tickets': {
			const ticket = checkNewTicket(values, store.settings, ctx.now());
			const completed = ticket.status === COMPLETE_STATUS;
			return store.insert('Tickets', {
				...ticket,
				ticketNumber: ticketNumber(store, ctx.now()),
				createDate: now,
				lastActivityDate: now,
				creatorResourceID: ctx.resourceId,
				completedDate: completed ? now : null,
				completedByResourceID: completed ? ctx.resourceId : null,
			});
		}
		case 'TicketNotes': {
			const ticket = store.get('Tickets', values.ticketID)!;
			checkNewTicketNote(values, ticket, store.settings, COMPLETE_STATUS);
			store.update('Tickets', ticket.id, { lastActivityDate: now });
			return store.insert('TicketNotes', {
				...values,
				createDateTime: now,
				lastActivityDate: now,
				creatorResourceID: ctx.resourceId,
			});
		}
		case 'ContractNotes':
			return store.insert('ContractNotes', {
				...values,
				createDateTime: now,
				lastActivityDate: now,
				creatorResourceID: ctx.resourceId,
			});
		case 'CompanyNotes':
			return store.insert('CompanyNotes', {
				...values,
				createDateTime: now,
				lastModifiedDate: now,
			});
		case 'Companies':
			return store.insert('Companies', { ...values, createDate: now, lastActivityDate: now });
		default:
			return store.insert(entity.name, values);
	}
}

export function updateRecord(
	ctx: WriteContext,
	entity: EntityDef,
	current: SandboxRecord,
	changes: Record<string, any>,
): SandboxRecord {
	const { store } = ctx;
	const now = ctx.now().toISOString();
	if (entity.name === 'Tickets') {
		const next = { ...current, ...changes };
		const problem = assignmentProblem(next);
		if (problem) throw refused(problem);
		const wasComplete = current.status === COMPLETE_STATUS;
		const isComplete = next.status === COMPLETE_STATUS;
		const system: Record<string, any> = { lastActivityDate: now };
		if (isComplete && !wasComplete)
			Object.assign(system, { completedDate: now, completedByResourceID: ctx.resourceId });
		if (!isComplete && wasComplete)
			Object.assign(system, { completedDate: null, completedByResourceID: null });
		return store.update('Tickets', current.id, { ...changes, ...system });
	}
	if (
		entity.name === 'ContractServices' &&
		changes.serviceID !== undefined &&
		changes.serviceID !== current.serviceID
	) {
		throw refused(
			'ContractServices.serviceID: the service of a contract service cannot be changed; adjust units instead.',
		);
	}
	return store.update(entity.name, current.id, changes);
}
