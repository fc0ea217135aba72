/**
 * The settings an admin can change while the sandbox runs (`PUT /_sandbox/settings`) or set at start
 * (`startSandbox` options): the server's (latency, limits, thread-limit status) and the tenant's
 * (business rules and the refusal status). Unknown or ill-typed settings are refused, not ignored.
 */
import { DEFAULT_TENANT_SETTINGS, TenantSettings } from './store';

export interface ServerSettings {
	latencyMs: number;
	throttleLatencyMs: number;
	/** Status of a "Thread Threshold Exceeded" refusal: Autotask does not always send 429 (see README). */
	threadLimitStatus: 429 | 500;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = {
	latencyMs: 0,
	throttleLatencyMs: 0,
	threadLimitStatus: 500,
};

const TENANT_FLAGS = [
	'refuseNotesOnCompletedTickets',
	'categorySuppliesDueDate',
	'requireTicketBillingCode',
	'requireTicketNoteTitle',
] as const;
const NUMBERS = ['latencyMs', 'throttleLatencyMs', 'hourlyBudget', 'threadLimit'] as const;
export const SETTING_NAMES: readonly string[] = [
	...NUMBERS,
	'threadLimitStatus',
	'refusalStatus',
	...TENANT_FLAGS,
];

export interface SettingsChange {
	server: Partial<ServerSettings>;
	tenant: Partial<TenantSettings>;
	hourlyBudget?: number;
	threadLimit?: number;
}

function oneOf<T extends number>(name: string, value: unknown, allowed: readonly T[]): T {
	if (!allowed.includes(value as T))
		throw new Error(`settings.${name} must be one of ${allowed.join(', ')}`);
	return value as T;
}

function count(name: string, value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
		throw new Error(`settings.${name} must be a number >= 0`);
	return value;
}

/** Validates a settings object (admin PUT body or start options) into the parts it changes. */
export function parseSettings(input: Record<string, unknown>): SettingsChange {
	const change: SettingsChange = { server: {}, tenant: {} };
	for (const [name, value] of Object.entries(input)) {
		if (value === undefined) continue;
		if (name === 'latencyMs' || name === 'throttleLatencyMs')
			change.server[name] = count(name, value);
		else if (name === 'hourlyBudget' || name === 'threadLimit') change[name] = count(name, value);
		else if (name === 'threadLimitStatus')
			change.server.threadLimitStatus = oneOf(name, value, [429, 500] as const);
		else if (name === 'refusalStatus')
			change.tenant.refusalStatus = oneOf(name, value, [400, 500] as const);
		else if ((TENANT_FLAGS as readonly string[]).includes(name)) {
			if (typeof value !== 'boolean') throw new Error(`settings.${name} must be true or false`);
			change.tenant[name as (typeof TENANT_FLAGS)[number]] = value;
		} else if (name !== 'seed')
			throw new Error(`settings.${name} is not a setting; known: ${SETTING_NAMES.join(', ')}`);
	}
	return change;
}

/** The tenant settings a seed starts with, after the start options' overrides. */
export function tenantSettingsFrom(overrides: Partial<TenantSettings>): TenantSettings {
	return { ...DEFAULT_TENANT_SETTINGS, ...overrides };
}
