/**
 * Everything the BDR Event Trigger decides about one HTTP request, as a pure
 * function: size → signature → JSON → schema → subscription filter. The node
 * only reads the request, calls this, and answers.
 */
import { filterEvents, type IgnoreReason, type SubscriptionOptions } from './eventFilter';
import {
	type FieldIssue,
	MAX_BODY_BYTES,
	MAX_EVENTS_PER_REQUEST,
	type NormalisedEvent,
	parseEventBody,
} from './eventSchema';
import { verifySignature } from './signature';

export interface WebhookRequestInput {
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
	secret: string;
	now: Date;
	options: SubscriptionOptions;
	maxBodyBytes?: number;
	maxEvents?: number;
}

export interface WebhookAnswer {
	status: 202 | 400 | 401 | 413;
	body: Record<string, unknown>;
	/** Events that start an execution; empty means answer only. */
	events: NormalisedEvent[];
}

export function handleWebhookRequest(input: WebhookRequestInput): WebhookAnswer {
	const maxBodyBytes = input.maxBodyBytes ?? MAX_BODY_BYTES;
	if (input.rawBody.length > maxBodyBytes) {
		return {
			status: 413,
			events: [],
			body: {
				error: 'payload_too_large',
				message: `The body is ${input.rawBody.length} bytes; the limit is ${maxBodyBytes} bytes: split the events into smaller batches`,
			},
		};
	}
	const signature = verifySignature(
		input.secret,
		input.headers,
		input.rawBody,
		Math.floor(input.now.getTime() / 1000),
	);
	if (!signature.ok)
		return {
			status: 401,
			events: [],
			body: { error: 'unauthorized', reason: signature.reason, message: signature.message },
		};

	let json: unknown;
	try {
		json = JSON.parse(input.rawBody.toString('utf8'));
	} catch (error) {
		return {
			status: 400,
			events: [],
			body: {
				error: 'invalid_json',
				message: `The body is not valid JSON (${(error as Error).message}): send Content-Type application/json with a JSON body`,
			},
		};
	}
	const parsed = parseEventBody(json, input.now, input.maxEvents ?? MAX_EVENTS_PER_REQUEST);
	if (!parsed.ok) return { status: 400, events: [], body: invalidBody(parsed.issues) };

	const { accepted, ignored } = filterEvents(parsed.events, input.options, input.now);
	const ignoredTotal = Object.values(ignored).reduce((a, b) => a + b, 0);
	const ignoredBy = Object.fromEntries(Object.entries(ignored).filter(([, n]) => n > 0)) as Partial<
		Record<IgnoreReason, number>
	>;
	return {
		status: 202,
		events: accepted,
		body: {
			received: parsed.events.length,
			accepted: accepted.length,
			ignored: ignoredTotal,
			ignoredBy,
		},
	};
}

function invalidBody(issues: FieldIssue[]): Record<string, unknown> {
	return {
		error: 'invalid_events',
		message: `Fix these fields and resend: ${issues
			.slice(0, 5)
			.map((i) => `${i.field} ${i.message}`)
			.join('; ')}${issues.length > 5 ? '; …' : ''}`,
		issues,
	};
}
