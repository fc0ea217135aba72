/** Checks that an input item is a normalised BDR event that went through Map Customer. */
import type { IDataObject } from 'n8n-workflow';

import type { NormalisedEvent } from '../logic/eventSchema';
import { SEVERITIES } from '../logic/eventTypes';

export interface TicketInput {
	event: NormalisedEvent;
	companyId?: number;
	contractId?: number;
}

const FIX =
	'Connect Open or Close Ticket to the Mapped output of Map Customer, after BDR Event Trigger.';

/** The event, or the reason it cannot be ticketed (naming the field and the fix). */
export function readTicketInput(json: IDataObject): TicketInput | { problem: string } {
	const e = json as unknown as Partial<NormalisedEvent> & {
		autotask?: { companyId?: unknown; contractId?: unknown };
	};
	const missing: string[] = [];
	if (!e.customer || typeof e.customer !== 'object' || !String(e.customer.id ?? '').trim())
		missing.push('json.customer.id');
	if (!e.device || typeof e.device !== 'object' || !String(e.device.id ?? '').trim())
		missing.push('json.device.id');
	if (!e.type) missing.push('json.type');
	if (!e.condition) missing.push('json.condition');
	if (!e.severity || !(SEVERITIES as readonly string[]).includes(e.severity))
		missing.push('json.severity (ok, info, warning, error or critical)');
	if (missing.length)
		return {
			problem: `The item is not a BDR event: ${missing.join(', ')} missing or invalid. ${FIX}`,
		};
	// Autotask's own company (the MSP's, where connector-health tickets go) has ID 0: accept it,
	// but a missing or empty value is still no company.
	const rawCompany = e.autotask?.companyId;
	const companyId =
		rawCompany === null || rawCompany === undefined || rawCompany === '' ? NaN : Number(rawCompany);
	const contractId = Number(e.autotask?.contractId);
	const event: NormalisedEvent = {
		...(e as NormalisedEvent),
		eventId: String(e.eventId ?? ''),
		occurredAt: String(e.occurredAt ?? e.receivedAt ?? ''),
		originalType: String(e.originalType ?? e.type),
		message: String(e.message ?? ''),
	};
	return {
		event,
		companyId: Number.isInteger(companyId) && companyId >= 0 ? companyId : undefined,
		contractId: Number.isInteger(contractId) && contractId > 0 ? contractId : undefined,
	};
}

export const NO_COMPANY =
	'The item has no json.autotask.companyId, so no ticket can be opened for it. ' + FIX;
