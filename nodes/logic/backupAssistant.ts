/**
 * Pure pieces of the BDR Backup Assistant, the node an AI agent calls as a tool: which company a
 * technician's words name, which tickets are backup tickets, the flat usage arguments as the usage
 * report Sync Billing reads, and the compact answers a language model reads.
 */
import type { ContractPlan } from './billingPlan';

/**
 * Every ticket Open or Close Ticket opens carries its alert key in Tickets.externalID, and every
 * key starts with this (nodes/logic/alertKey.ts): how a backup ticket is told from the others.
 */
export const BACKUP_TICKET_KEY_PREFIX = 'bdr:';

export function isBackupTicket(externalID: unknown): boolean {
	return (
		typeof externalID === 'string' && externalID.toLowerCase().startsWith(BACKUP_TICKET_KEY_PREFIX)
	);
}

export interface CompanyRow {
	id: number;
	companyName: string;
	isActive?: boolean;
}

export type CompanyPick =
	| { kind: 'found'; company: CompanyRow }
	| { kind: 'ambiguous'; candidates: CompanyRow[] }
	| { kind: 'none' };

const folded = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The company the words name, among companies whose name contains them (or whose id they are):
 * the id, else the one exact name (an active one first), else the only candidate.
 */
export function pickCompany(words: string, candidates: CompanyRow[]): CompanyPick {
	const wanted = folded(words);
	const byId = /^\d+$/.test(wanted) ? candidates.find((c) => c.id === Number(wanted)) : undefined;
	if (byId) return { kind: 'found', company: byId };
	const exact = candidates.filter((c) => folded(c.companyName) === wanted);
	const pool = exact.length ? exact : candidates;
	const active = pool.filter((c) => c.isActive !== false);
	const choice = active.length ? active : pool;
	if (choice.length === 1) return { kind: 'found', company: choice[0] };
	return choice.length ? { kind: 'ambiguous', candidates: choice } : { kind: 'none' };
}

/** The flat usage arguments an agent passes (empty = not reported), by the quantity Sync Billing reads. */
export interface UsageArguments {
	serverLicenses?: string | number;
	workstationLicenses?: string | number;
	virtualLicenses?: string | number;
	appliances?: string | number;
	localStorageGb?: string | number;
	offsiteStorageGb?: string | number;
}

export const USAGE_ARGUMENT_LABELS: Record<keyof UsageArguments, string> = {
	serverLicenses: 'Server Licenses',
	workstationLicenses: 'Workstation Licenses',
	virtualLicenses: 'Virtual Licenses',
	appliances: 'Appliances',
	localStorageGb: 'Local Storage (GB)',
	offsiteStorageGb: 'Offsite Storage (GB)',
};

/** Decimal GB, as vendors' portals show storage: the usage report holds bytes. */
const BYTES_PER_GB = 1e9;

/** An argument as a number of 0 or more; undefined when left empty; an Error naming the field otherwise. */
function amount(value: unknown, field: keyof UsageArguments): number | undefined | Error {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return undefined;
	const n = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return n;
	return new Error(
		`"${USAGE_ARGUMENT_LABELS[field]}" is ${JSON.stringify(value)}: give a number of 0 or more, or leave it empty when the platform does not report it`,
	);
}

/**
 * The usage report (the `usage` object of a BDR usage_report event) the arguments describe, so that
 * Sync Billing's own summing and planning read it; throws naming the first field that is no number.
 */
export function usageFromArguments(args: UsageArguments): {
	usage: Record<string, Record<string, number>>;
	reported: number;
} {
	const licenses: Record<string, number> = {};
	const storage: Record<string, number> = {};
	const put = (
		field: keyof UsageArguments,
		target: Record<string, number>,
		key: string,
		factor = 1,
	) => {
		const n = amount(args[field], field);
		if (n instanceof Error) throw n;
		if (n !== undefined) target[key] = Math.round(n * factor);
	};
	put('serverLicenses', licenses, 'server');
	put('workstationLicenses', licenses, 'workstation');
	put('virtualLicenses', licenses, 'virtual');
	put('appliances', licenses, 'appliance');
	put('localStorageGb', storage, 'localBytes', BYTES_PER_GB);
	put('offsiteStorageGb', storage, 'offsiteBytes', BYTES_PER_GB);
	const reported = Object.keys(licenses).length + Object.keys(storage).length;
	return { usage: { licenses, storage }, reported };
}

export interface DryRunService {
	service: string;
	quantity: string;
	reported?: number;
	rule: string;
	currentUnits: number;
	targetUnits: number;
	change: number;
	status: string;
}

export interface DryRunAnswer {
	contractId: number;
	contractName?: string;
	effectiveDate: string;
	/** 'change' (units differ), 'unchanged', or 'error' (see problems). */
	status: ContractPlan['status'];
	summary: string;
	services: DryRunService[];
	problems: string[];
}

/** One line a model can repeat to a technician. */
function summaryOf(plan: ContractPlan, services: DryRunService[], effectiveDate: string): string {
	const name = plan.contractName ? `"${plan.contractName}"` : `contract ${plan.contractId}`;
	if (plan.status === 'error')
		return `${name} cannot be billed as configured: ${plan.problems[0]?.message ?? 'see problems'}`;
	const changed = services.filter((s) => s.status === 'change');
	if (!changed.length)
		return `${name} already bills what the usage calls for from ${effectiveDate}; Sync Billing would write nothing.`;
	const list = changed.map((s) => `${s.service} ${s.currentUnits} → ${s.targetUnits}`).join(', ');
	return `Sync Billing would change ${changed.length} service${changed.length === 1 ? '' : 's'} on ${name} from ${effectiveDate}: ${list}. Nothing was written (dry run).`;
}

/** The plan Sync Billing would carry out, as the per-service diff current units → target units. */
export function dryRunAnswer(plan: ContractPlan, effectiveDate: string): DryRunAnswer {
	const services = plan.changes.map((c) => ({
		service: c.serviceName ?? `service ${c.serviceId}`,
		quantity: c.quantity,
		reported: c.reported,
		rule: c.rule,
		currentUnits: c.before,
		targetUnits: c.after,
		change: c.delta,
		status: c.status,
	}));
	return {
		contractId: plan.contractId,
		contractName: plan.contractName,
		effectiveDate,
		status: plan.status,
		summary: summaryOf(plan, services, effectiveDate),
		services,
		problems: plan.problems.map((p) => p.message),
	};
}

/** Fields of a record kept when the answer is simplified: what a technician asks about, nothing bulky. */
export function pickFields<T extends Record<string, unknown>>(
	record: T,
	fields: readonly string[],
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of fields)
		if (record[field] !== undefined && record[field] !== null) out[field] = record[field];
	return out;
}
