/**
 * The stand-in's answers: status, content type, headers and body. Error bodies follow the Error object
 * of Datto's API documentation as transcribed in SimonBuckner/dattoapi `model.go` (`{code, message}`,
 * both strings); the record quotes no error text, so the wording is ours.
 */
import { Answer, JSON_TYPE, answer } from '../standIn/answer';

export { ok, type Answer } from '../standIn/answer';

const error = (
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>,
): Answer => answer(status, JSON_TYPE, { code, message }, headers);

/**
 * Missing or wrong keys: 401 with a Basic challenge. Windows PowerShell's `Invoke-RestMethod -Credential`
 * (the wrapper's 1.x releases) sends credentials only after such a challenge, so the API must send one.
 */
export const badCredentials = (): Answer =>
	error(401, 'Unauthorized', 'Invalid or missing API credentials.', {
		'WWW-Authenticate': 'Basic realm="Datto API"',
	});

export const forbidden = (): Answer =>
	error(403, 'Forbidden', 'These API keys may not access this resource.');

export const deviceNotFound = (serial: string): Answer =>
	error(404, 'NotFound', `Device ${serial} was not found.`);

export const routeNotFound = (): Answer =>
	error(404, 'NotFound', 'The requested resource was not found.');

export const badRequest = (message: string): Answer => error(400, 'BadRequest', message);

/** Past the rate limit: 429 with Retry-After in seconds. */
export const tooMany = (retryAfterSeconds: number): Answer =>
	error(429, 'TooManyRequests', 'API rate limit exceeded; retry after the time in Retry-After.', {
		'Retry-After': String(retryAfterSeconds),
	});

const REASONS: Record<number, string> = {
	500: 'InternalServerError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

/** An injected server fault (the record quotes none). */
export const serverFault = (status: number): Answer =>
	error(status, REASONS[status] ?? 'ServerError', 'The server could not complete the request.');

/** A stand-in bug (never production's): 500 in the same shape. */
export const serverBug = (message: string): Answer => error(500, 'InternalServerError', message);
