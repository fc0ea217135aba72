/**
 * The BDR event vocabulary: event types, the conditions that group them, and the
 * severity ladder. Vendors spell these differently, so every spelling we know is
 * folded onto one canonical name here and nowhere else.
 */

export const EVENT_TYPES = [
	'backup_failed',
	'backup_completed_with_errors',
	'no_recent_backup',
	'backup_succeeded',
	'offsite_replication_failed',
	'offsite_replication_behind',
	'verification_failed',
	'storage_threshold',
	'hardware_failure',
	'appliance_offline',
	'agent_offline',
	'license_expiry',
	'usage_report',
	'other',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
	backup_failed: 'Backup Failed',
	backup_completed_with_errors: 'Backup Completed With Errors',
	no_recent_backup: 'No Recent Backup',
	backup_succeeded: 'Backup Succeeded',
	offsite_replication_failed: 'Offsite Replication / Archiving Failed',
	offsite_replication_behind: 'Offsite Replication Behind',
	verification_failed: 'Screenshot / Boot Verification Failed',
	storage_threshold: 'Storage Threshold',
	hardware_failure: 'Hardware Failure (Disk / RAID / Pool)',
	appliance_offline: 'Appliance Offline',
	agent_offline: 'Agent Offline',
	license_expiry: 'License Expiry',
	usage_report: 'Usage Report',
	other: 'Other (Unknown Type)',
};

export const SEVERITIES = ['ok', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The severities of a problem (all but ok), as the editor lists them: Info, Warning, Error, Critical. */
export const PROBLEM_SEVERITY_OPTIONS = SEVERITIES.filter((s) => s !== 'ok').map((value) => ({
	name: value.charAt(0).toUpperCase() + value.slice(1),
	value,
}));

/** Position on the ladder, for "minimum severity" comparisons. */
export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}

/** Conditions group the types that describe one state (failure, warning and the later OK share one). */
export type Condition =
	| 'backup'
	| 'offsite'
	| 'verification'
	| 'storage'
	| 'hardware'
	| 'connectivity'
	| 'license'
	| 'usage'
	| `other:${string}`;

const CONDITION_OF: Record<Exclude<EventType, 'other'>, Condition> = {
	backup_failed: 'backup',
	backup_completed_with_errors: 'backup',
	no_recent_backup: 'backup',
	backup_succeeded: 'backup',
	offsite_replication_failed: 'offsite',
	offsite_replication_behind: 'offsite',
	verification_failed: 'verification',
	storage_threshold: 'storage',
	hardware_failure: 'hardware',
	appliance_offline: 'connectivity',
	agent_offline: 'connectivity',
	license_expiry: 'license',
	usage_report: 'usage',
};

export function conditionOf(type: EventType, originalType: string): Condition {
	if (type === 'other') return `other:${originalType.trim().toLowerCase()}`;
	return CONDITION_OF[type];
}

/** Folds case, spaces, dashes and dots so "Backup-Failed" and "backup failed" compare equal. */
export function canonicalKey(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** Vendor spellings (after canonicalKey) that mean one of our types. */
const TYPE_ALIASES: Record<string, EventType> = {
	backup_failure: 'backup_failed',
	backup_error: 'backup_failed',
	job_failed: 'backup_failed',
	backup_warning: 'backup_completed_with_errors',
	backup_partial: 'backup_completed_with_errors',
	backup_completed_with_warnings: 'backup_completed_with_errors',
	missed_backup: 'no_recent_backup',
	backup_missed: 'no_recent_backup',
	stale_backup: 'no_recent_backup',
	backup_ok: 'backup_succeeded',
	backup_success: 'backup_succeeded',
	backup_completed: 'backup_succeeded',
	archiving_failed: 'offsite_replication_failed',
	archive_failed: 'offsite_replication_failed',
	replication_failed: 'offsite_replication_failed',
	offsite_failed: 'offsite_replication_failed',
	offsite_sync_failed: 'offsite_replication_failed',
	replication_behind: 'offsite_replication_behind',
	archiving_behind: 'offsite_replication_behind',
	offsite_behind: 'offsite_replication_behind',
	screenshot_verification_failed: 'verification_failed',
	boot_verification_failed: 'verification_failed',
	screenshot_failed: 'verification_failed',
	storage_full: 'storage_threshold',
	storage_warning: 'storage_threshold',
	disk_space_low: 'storage_threshold',
	disk_failure: 'hardware_failure',
	raid_degraded: 'hardware_failure',
	raid_failure: 'hardware_failure',
	pool_degraded: 'hardware_failure',
	bdr_hardware_failure: 'hardware_failure',
	device_offline: 'appliance_offline',
	appliance_unreachable: 'appliance_offline',
	bdr_offline: 'appliance_offline',
	agent_unreachable: 'agent_offline',
	license_expiring: 'license_expiry',
	license_expired: 'license_expiry',
	licence_expiry: 'license_expiry',
	licence_expiring: 'license_expiry',
	usage: 'usage_report',
	billing_usage: 'usage_report',
	sync_usage: 'usage_report',
};

/** Any spelling → our type; unknown names become 'other' (the caller keeps the original). */
export function normaliseEventType(name: string): EventType {
	const key = canonicalKey(name);
	if ((EVENT_TYPES as readonly string[]).includes(key) && key !== 'other') return key as EventType;
	return TYPE_ALIASES[key] ?? 'other';
}

const SEVERITY_ALIASES: Record<string, Severity> = {
	ok: 'ok',
	success: 'ok',
	succeeded: 'ok',
	resolved: 'ok',
	cleared: 'ok',
	normal: 'ok',
	info: 'info',
	information: 'info',
	informational: 'info',
	notice: 'info',
	warning: 'warning',
	warn: 'warning',
	error: 'error',
	failure: 'error',
	failed: 'error',
	critical: 'critical',
	fatal: 'critical',
	emergency: 'critical',
};

/** Any known spelling → the ladder; undefined when unknown (the schema reports it). */
export function normaliseSeverity(name: string): Severity | undefined {
	return SEVERITY_ALIASES[canonicalKey(name)];
}

export const KNOWN_SEVERITY_SPELLINGS = Object.keys(SEVERITY_ALIASES);
