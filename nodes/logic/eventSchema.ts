/**
 * The BDR event contract: what a device or portal posts (zod schema), and the
 * normalised event every downstream node consumes. Pure: no n8n, no HTTP.
 */
import { z } from 'zod';
import {
	type Condition,
	type EventType,
	type Severity,
	conditionOf,
	KNOWN_SEVERITY_SPELLINGS,
	normaliseEventType,
	normaliseSeverity,
} from './eventTypes';

/** Longest message kept; a longer one is cut there with a marker saying how long it was. */
export const MAX_MESSAGE_CHARS = 8000;

export function clipMessage(message: string): string {
	if (message.length <= MAX_MESSAGE_CHARS) return message;
	const marker = ` […truncated: ${message.length} characters in all]`;
	return message.slice(0, MAX_MESSAGE_CHARS - marker.length) + marker;
}

/** Documented limits of one request. */
export const MAX_EVENTS_PER_REQUEST = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

export const STORAGE_UNITS = {
	B: 1,
	KB: 1e3,
	MB: 1e6,
	GB: 1e9,
	TB: 1e12,
	KiB: 1024,
	MiB: 1024 ** 2,
	GiB: 1024 ** 3,
	TiB: 1024 ** 4,
} as const;
export type StorageUnit = keyof typeof STORAGE_UNITS;

export interface NormalisedEvent {
	eventId: string;
	occurredAt: string;
	receivedAt: string;
	customer: { id: string; name?: string };
	device: { id: string; name?: string; serial?: string };
	machine?: { id?: string; name: string };
	type: EventType;
	originalType: string;
	condition: Condition;
	severity: Severity;
	message: string;
	alertId?: string;
	/** When the problem state began, as the vendor reports it (ISO); absent when the vendor does not say. */
	failingSince?: string;
	usage?: {
		licenses: { appliance?: number; server?: number; workstation?: number; virtual?: number };
		storage: { localBytes?: number; offsiteBytes?: number };
	};
}

/** Ids may arrive as numbers from some senders; they are always strings downstream. */
const id = z
	.union([z.string().trim().min(1, 'must not be empty'), z.number().int().nonnegative()])
	.transform(String)
	.refine((v) => v.length <= 200, 'must be at most 200 characters');

const optionalText = z.string().trim().max(500).optional();

/** 9999-12-31T23:59:59Z: the last second an ISO 8601 date-time with a 4-digit year can name. */
const MAX_UNIX_SECONDS = 253402300799;

const timestamp = z.union([
	z
		.string()
		.refine(
			(v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
			'must be an ISO 8601 date-time, e.g. 2026-01-31T08:15:00Z',
		),
	// bounded: a number past 9999-12-31 is no date (found by the fuzz suite: 1e308 crashed the normalisation)
	z
		.number()
		.int()
		.positive()
		.max(MAX_UNIX_SECONDS, 'must be unix seconds (a date before the year 10000)')
		.describe('unix seconds'),
]);

const count = z.number().int('must be a whole number').nonnegative('must not be negative');
const amount = z.number().nonnegative('must not be negative').finite();

const usageSchema = z
	.object({
		licenses: z
			.object({ appliance: count, server: count, workstation: count, virtual: count })
			.partial()
			.strict()
			.default({}),
		storage: z
			.object({
				unit: z.enum(Object.keys(STORAGE_UNITS) as [StorageUnit, ...StorageUnit[]], {
					errorMap: () => ({ message: `must be one of ${Object.keys(STORAGE_UNITS).join(', ')}` }),
				}),
				local: amount.optional(),
				offsite: amount.optional(),
			})
			.strict()
			.optional(),
	})
	.strict();

export const postedEventSchema = z
	.object({
		eventId: id,
		occurredAt: timestamp,
		customer: z.object({ id, name: optionalText }),
		device: z.object({ id, name: optionalText, serial: optionalText }),
		machine: z.object({ id: id.optional(), name: z.string().trim().min(1).max(500) }).optional(),
		type: z.string().trim().min(1, 'must not be empty').max(100),
		severity: z.string().refine((v) => normaliseSeverity(v) !== undefined, {
			message: `must be one of ok, info, warning, error, critical (also accepted: ${KNOWN_SEVERITY_SPELLINGS.join(', ')})`,
		}),
		// A long message is cut, never refused: refusing it would lose the alert (issue #14).
		message: z.string().default('').transform(clipMessage),
		alertId: id.optional(),
		failingSince: timestamp.optional(),
		usage: usageSchema.optional(),
	})
	.superRefine((event, ctx) => {
		if (normaliseEventType(event.type) === 'usage_report' && !event.usage) {
			ctx.addIssue({
				code: 'custom',
				path: ['usage'],
				message: 'is required when type is usage_report',
			});
		}
	});

export type PostedEvent = z.input<typeof postedEventSchema>;

/** A body is one event, an array of events, or { events: [...] }. */
const bodySchema = z.union([
	z.array(z.unknown()),
	z.object({ events: z.array(z.unknown()) }).strict(),
	z.object({}).passthrough(),
]);

export interface FieldIssue {
	/** Where, e.g. "[3].customer.id" or "severity". */
	field: string;
	message: string;
}

export type ParseResult =
	| { ok: true; events: NormalisedEvent[] }
	| { ok: false; status: 400; issues: FieldIssue[] };

function formatPath(prefix: string, path: (string | number)[]): string {
	let out = prefix;
	for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
	return out || '(body)';
}

/** zod's wording for a missing or wrongly typed field is generic; say what is expected. */
function messageOf(issue: z.ZodIssue): string {
	if (issue.code === 'invalid_type')
		return issue.received === 'undefined'
			? 'is required'
			: `must be a ${issue.expected}, not ${issue.received}`;
	if (issue.code === 'invalid_union') {
		const inner = issue.unionErrors.flatMap((e) => e.issues);
		if (inner.every((i) => i.code === 'invalid_type' && i.received === 'undefined'))
			return 'is required';
		const specific = inner.find((i) => i.code !== 'invalid_type');
		return specific
			? specific.message
			: `has the wrong type (expected ${inner.map((i) => (i.code === 'invalid_type' ? i.expected : '?')).join(' or ')})`;
	}
	return issue.message;
}

function toIso(value: string | number): string {
	return new Date(typeof value === 'number' ? value * 1000 : value).toISOString();
}

function toBytes(value: number | undefined, unit: StorageUnit): number | undefined {
	return value === undefined ? undefined : Math.round(value * STORAGE_UNITS[unit]);
}

function normalise(event: z.output<typeof postedEventSchema>, receivedAt: string): NormalisedEvent {
	const type = normaliseEventType(event.type);
	const out: NormalisedEvent = {
		eventId: event.eventId,
		occurredAt: toIso(event.occurredAt),
		receivedAt,
		customer: {
			id: event.customer.id,
			...(event.customer.name ? { name: event.customer.name } : {}),
		},
		device: {
			id: event.device.id,
			...(event.device.name ? { name: event.device.name } : {}),
			...(event.device.serial ? { serial: event.device.serial } : {}),
		},
		type,
		originalType: event.type,
		condition: conditionOf(type, event.type),
		severity: normaliseSeverity(event.severity) as Severity,
		message: event.message,
	};
	if (event.machine)
		out.machine = {
			...(event.machine.id ? { id: event.machine.id } : {}),
			name: event.machine.name,
		};
	if (event.alertId) out.alertId = event.alertId;
	if (event.failingSince !== undefined) out.failingSince = toIso(event.failingSince);
	if (event.usage) {
		const storage = event.usage.storage;
		out.usage = {
			licenses: { ...event.usage.licenses },
			storage: storage
				? {
						...(storage.local !== undefined
							? { localBytes: toBytes(storage.local, storage.unit) }
							: {}),
						...(storage.offsite !== undefined
							? { offsiteBytes: toBytes(storage.offsite, storage.unit) }
							: {}),
					}
				: {},
		};
	}
	return out;
}

/**
 * Validates an already JSON-parsed body and normalises every event. A batch is
 * all or nothing: one bad event refuses the request, naming each bad field, so a
 * sender can fix and resend it whole.
 */
export function parseEventBody(
	body: unknown,
	receivedAt: Date,
	maxEvents = MAX_EVENTS_PER_REQUEST,
): ParseResult {
	const shape = bodySchema.safeParse(body);
	if (!shape.success || body === null) {
		return {
			ok: false,
			status: 400,
			issues: [
				{
					field: '(body)',
					message: 'must be an event object, an array of events, or { "events": [...] }',
				},
			],
		};
	}
	let raw: unknown[];
	let prefix: string;
	if (Array.isArray(body)) {
		raw = body;
		prefix = '';
	} else if (
		Array.isArray((body as { events?: unknown }).events) &&
		Object.keys(body as object).length === 1
	) {
		raw = (body as { events: unknown[] }).events;
		prefix = 'events';
	} else {
		raw = [body];
		prefix = '';
	}
	const single = raw.length === 1 && !Array.isArray(body) && prefix === '';
	if (raw.length === 0)
		return {
			ok: false,
			status: 400,
			issues: [{ field: prefix || '(body)', message: 'holds no events' }],
		};
	if (raw.length > maxEvents) {
		return {
			ok: false,
			status: 400,
			issues: [
				{
					field: prefix || '(body)',
					message: `holds ${raw.length} events; the maximum per request is ${maxEvents}: split the batch`,
				},
			],
		};
	}
	const receivedIso = receivedAt.toISOString();
	const events: NormalisedEvent[] = [];
	const issues: FieldIssue[] = [];
	raw.forEach((item, index) => {
		const parsed = postedEventSchema.safeParse(item);
		if (parsed.success) {
			events.push(normalise(parsed.data, receivedIso));
			return;
		}
		for (const issue of parsed.error.issues) {
			const path = single ? issue.path : [index, ...issue.path];
			issues.push({ field: formatPath(prefix, path), message: messageOf(issue) });
		}
	});
	if (issues.length > 0) return { ok: false, status: 400, issues: issues.slice(0, 100) };
	return { ok: true, events };
}
