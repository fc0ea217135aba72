/**
 * The sandbox tenant's picklists and user-defined fields, served by entityInformation/fields.
 * Values are Autotask-like but deliberately tenant-specific in places (priority "Medium" is 6, not
 * Autotask's usual 2; queue ids are large tenant ids), so code that hard-codes ids breaks here as it
 * would on a real tenant.
 */
import { DATTO_ORG_ID_UDF } from '../datto/ids';
import { X360_CLIENT_ID_UDF } from '../x360recover/ids';

export interface SandboxPicklistValue {
	value: string;
	label: string;
	isDefaultValue: boolean;
	sortOrder: number;
	isActive: boolean;
	isSystem: boolean;
	parentValue: string | null;
}

export interface UdfDef {
	name: string;
	dataType: 'string' | 'integer' | 'decimal' | 'datetime';
	length: number;
	isRequired: boolean;
}

type Entry = [
	value: number,
	label: string,
	opts?: { default?: boolean; inactive?: boolean; parent?: number; system?: boolean },
];

function list(entries: Entry[]): SandboxPicklistValue[] {
	return entries.map(([value, label, o = {}], i) => ({
		value: String(value),
		label,
		isDefaultValue: o.default === true,
		sortOrder: i + 1,
		isActive: o.inactive !== true,
		isSystem: o.system === true,
		parentValue: o.parent === undefined ? null : String(o.parent),
	}));
}

export function tenantPicklists(): Record<string, SandboxPicklistValue[]> {
	return {
		'Companies.companyType': list([
			[1, 'Customer', { default: true, system: true }],
			[2, 'Lead', { system: true }],
			[3, 'Prospect', { system: true }],
			[4, 'Dead', { system: true }],
			[6, 'Cancellation', { system: true }],
			[7, 'Vendor', { system: true }],
			[8, 'Partner', { system: true }],
		]),
		'CompanyNotes.actionType': list([
			[1, 'General', { default: true }],
			[2, 'Phone Call'],
			[3, 'Meeting'],
		]),
		'Resources.licenseType': list([
			[1, 'Full'],
			[7, 'API User'],
		]),
		'Contracts.contractType': list([
			[1, 'Time and Materials', { system: true }],
			[3, 'Fixed Price', { system: true }],
			[4, 'Block Hours', { system: true }],
			[6, 'Retainer', { system: true }],
			[7, 'Recurring Service', { system: true }],
			[8, 'Per Ticket', { system: true }],
		]),
		'Contracts.status': list([
			[0, 'Inactive'],
			[1, 'Active', { default: true }],
		]),
		'Contracts.contractPeriodType': list([
			[1, 'Monthly'],
			[2, 'Quarterly'],
			[3, 'Semi-Annual'],
			[4, 'Yearly'],
		]),
		'Contracts.billingPreference': list([
			[1, 'Manual'],
			[2, 'Immediate', { default: true }],
			[3, 'Timesheet'],
		]),
		'Services.periodType': list([
			[1, 'Monthly', { default: true }],
			[2, 'Quarterly'],
			[3, 'Semi-Annual'],
			[4, 'Yearly'],
		]),
		'Tickets.status': list([
			[1, 'New', { default: true, system: true }],
			[8, 'In Progress'],
			[7, 'Waiting Customer'],
			[5, 'Complete', { system: true }],
			[21, 'Waiting Vendor'],
			[23, 'Legacy Hold', { inactive: true }],
		]),
		'Tickets.priority': list([
			[4, 'Critical'],
			[1, 'High'],
			[6, 'Medium', { default: true }],
			[3, 'Low'],
		]),
		'Tickets.queueID': list([
			[5, 'Client Portal'],
			[6, 'Post Sale'],
			[8, 'Level I Support'],
			[29683498, 'Managed Services Alerts', { default: true }],
			[29683502, 'Monitoring Alert'],
			[29683510, 'Old Backup Queue', { inactive: true }],
		]),
		'Tickets.issueType': list([
			[14, 'Backup'],
			[15, 'Hardware'],
			[16, 'Software'],
		]),
		'Tickets.subIssueType': list([
			[241, 'Backup Failed', { parent: 14 }],
			[242, 'Backup Warning', { parent: 14 }],
			[243, 'Replication', { parent: 14 }],
			[251, 'Disk', { parent: 15 }],
			[252, 'Power', { parent: 15 }],
			[261, 'Patch', { parent: 16 }],
		]),
		'Tickets.source': list([
			[-1, 'Client Portal', { system: true }],
			[2, 'Phone'],
			[4, 'Email'],
			[8, 'Monitoring Alert'],
			[11, 'Web Portal'],
		]),
		'Tickets.ticketType': list([
			[1, 'Service Request', { default: true }],
			[2, 'Incident'],
			[3, 'Problem'],
			[4, 'Change Request'],
			[5, 'Alert'],
		]),
		'Tickets.ticketCategory': list([
			[2, 'Standard', { default: true }],
			[3, 'RMM Alert'],
		]),
		// The first entries are a system value and an inactive one: a client that takes the first value as its
		// default instead of reading isActive / isSystem / isDefaultValue is refused.
		'TicketNotes.noteType': list([
			[13, 'Workflow Rule Action Note', { system: true }],
			[9, 'Legacy Escalation', { inactive: true }],
			[1, 'Task Summary'],
			[2, 'Task Detail'],
			[3, 'Task Notes', { default: true }],
		]),
		'TicketNotes.publish': list([
			[7, 'Outsourced Partner Only', { system: true }],
			[6, 'Retired Audience', { inactive: true }],
			[1, 'All Autotask Users', { default: true }],
			[2, 'Internal Only'],
			[4, 'Internal & Co-Managed'],
		]),
	};
}

export const BDR_CUSTOMER_ID_UDF = 'BDR Customer ID';
/** Holds a company's x360Recover client id (the x360Recover stand-in's demo clients: sandbox/x360recover/ids.ts). */
export { X360_CLIENT_ID_UDF };
/** Holds a company's Datto organization id (the Datto BCDR stand-in's demo organizations: sandbox/datto/ids.ts). */
export { DATTO_ORG_ID_UDF };

export function tenantUdfs(): Record<string, UdfDef[]> {
	return {
		Companies: [
			{ name: BDR_CUSTOMER_ID_UDF, dataType: 'string', length: 100, isRequired: false },
			{ name: 'Backup Tier', dataType: 'string', length: 50, isRequired: false },
			{ name: X360_CLIENT_ID_UDF, dataType: 'string', length: 100, isRequired: false },
			{ name: DATTO_ORG_ID_UDF, dataType: 'string', length: 100, isRequired: false },
		],
		Contracts: [{ name: 'Billing Notes', dataType: 'string', length: 500, isRequired: false }],
		Tickets: [{ name: 'Alert Source', dataType: 'string', length: 100, isRequired: false }],
	};
}
