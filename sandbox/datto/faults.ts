/**
 * Datto's answer to an injected route fault (../standIn/faults.ts holds the fault table and rate limit):
 * 401 bad credentials, 403, 404 for the device or the route, 429 with Retry-After, 5xx.
 */
import { Answer } from '../standIn/answer';
import { FaultStatus, RouteFault } from '../standIn/faults';
import {
	badCredentials,
	deviceNotFound,
	forbidden,
	routeNotFound,
	serverFault,
	tooMany,
} from './errors';
import { Matched } from './routes';

export type { FaultStatus, RouteFault } from '../standIn/faults';

export function faultAnswer(status: FaultStatus, f: RouteFault, matched: Matched): Answer {
	if (status === 401) return badCredentials();
	if (status === 403) return forbidden();
	if (status === 404)
		return matched.params.serialNumber
			? deviceNotFound(matched.params.serialNumber)
			: routeNotFound();
	if (status === 429) return tooMany(f.retryAfter ?? 1);
	return serverFault(status);
}
