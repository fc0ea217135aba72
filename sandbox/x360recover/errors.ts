/**
 * The x360Recover API's error answers as production gives them (adamburley/AxcientAPI `ApiNotes.md`,
 * "Error Handling"; WYRE-AI/node-axcient `src/http.ts` reads the same shapes): status, content type
 * and body. Wording beyond the quoted client example is ours, in the same pattern.
 */
import { Answer, JSON_TYPE, answer } from '../standIn/answer';

export { ok, type Answer } from '../standIn/answer';

const PROBLEM_TYPE = 'application/problem+json';

/** A missing or wrong `x-api-key`: 401, application/json, `{"message": "Unauthorized"}`. */
export const badKey = (): Answer => answer(401, JSON_TYPE, { message: 'Unauthorized' });

/** An unknown route or a non-numeric path id: 401 with an HTML content type and a JSON body (the spec promises 400). */
export const unknownRoute = (): Answer =>
	answer(401, 'text/html; charset=utf-8', { code: 401, msg: 'Unauthorized' });

const problem = (
	status: number,
	title: string,
	detail: string,
	type: string,
	headers?: Record<string, string>,
): Answer => answer(status, PROBLEM_TYPE, { detail, status, title, type }, headers);

/** `Client with such id = 12 is not found` / `Client not found` (the quoted example), for every kind. */
export const notFound = (kind: string, id: number | string): Answer =>
	problem(
		404,
		`${kind} not found`,
		`${kind} with such id = ${id} is not found`,
		'NotFoundException',
	);

export const forbidden = (): Answer =>
	problem(
		403,
		'Not enough permissions',
		"User doesn't have enough permissions to process this request",
		'ForbiddenException',
	);

/** Bad query parameter values: the 400 shape quoted for job history (`type: about:blank`). */
export const badRequest = (detail: string): Answer =>
	problem(400, 'Bad Request', detail, 'about:blank');

/** Our polite limit (the record publishes none): 429 with Retry-After in seconds. */
export const tooMany = (retryAfterSeconds: number): Answer =>
	problem(
		429,
		'Too Many Requests',
		'Request rate limit exceeded; retry after the time in Retry-After.',
		'about:blank',
		{ 'Retry-After': String(retryAfterSeconds) },
	);

/** An injected server fault (the record quotes none): problem+json with the status's reason phrase. */
export const serverFault = (status: number, title: string): Answer =>
	problem(
		status,
		title,
		'The server encountered an internal error and was unable to complete your request.',
		'about:blank',
	);

/** A stand-in bug (never production's): 500 problem+json. */
export const serverBug = (detail: string): Answer =>
	problem(500, 'Internal Server Error', detail, 'about:blank');
