/**
 * What an Autotask answer means, decided in one place from its status and body, for every node.
 *
 * Real Autotask answers most validation and business-rule refusals with HTTP 500 and an `errors[]`
 * text (`dueDateTime is required.; on record number [0].`); a 500 with such a text is a refusal:
 * nothing was written and sending it again cannot help. Only an answer without a reason (no body,
 * 502/503/504, a timeout, a reset) is a transient fault; for a write it leaves the outcome unknown.
 */

export type AnswerKind =
	/** Refused for good (validation, business rule, permission, missing record): never resend. */
	| 'refused'
	/** A fault without a reason: a read may be sent again; for a write see 'unknown'. */
	| 'transient'
	/** A write that may or may not have been applied: re-read the state before writing again. */
	| 'unknown'
	/** The tenant's hourly request budget is spent: stop until the hour rolls. */
	| 'budget'
	/** More than 3 requests in flight on one endpoint for this integration code: refused before it ran, safe to resend. */
	| 'threadLimit';

export interface Answer {
	/** HTTP status; undefined when no answer arrived (network error, timeout, reset). */
	status?: number;
	/** Autotask's own texts (`errors[]`, or a route-level `Message`). */
	errors: string[];
	/** Whether the request changes data (POST create, PATCH, PUT, DELETE), as opposed to a read or query. */
	write: boolean;
}

const THREAD_TEXT = /thread threshold|thread limit|threads? (has|have) been exceeded/i;
const BUDGET_TEXT = /(hour|request (limit|threshold)|budget|exceeded the .*limit)/i;
/** 500 texts that say "try later" rather than "this record is wrong" (SQL timeouts, deadlocks). */
const TRANSIENT_TEXT =
	/timeout expired|timed out|deadlock|temporarily unavailable|service unavailable|try again later/i;

/** Classifies a non-2xx answer (or a missing one). */
export function classifyAnswer(answer: Answer): AnswerKind {
	const { status, errors, write } = answer;
	const transient: AnswerKind = write ? 'unknown' : 'transient';
	if (status === undefined) return transient;
	const text = errors.join(' ');
	if (THREAD_TEXT.test(text)) return 'threadLimit';
	if (status === 429) return BUDGET_TEXT.test(text) ? 'budget' : 'threadLimit';
	if (status === 408 || status === 502 || status === 503 || status === 504) return transient;
	if (status >= 500)
		return errors.length === 0 || TRANSIENT_TEXT.test(text) ? transient : 'refused';
	return 'refused';
}

/** Whether the same request may simply be sent again (the server did not act on it, or it only read). */
export function mayResend(kind: AnswerKind): boolean {
	return kind === 'transient' || kind === 'threadLimit';
}
