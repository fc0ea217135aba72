/**
 * x360Recover's answer to an injected route fault (../standIn/faults.ts holds the fault table and rate
 * limit), in production's shape for its status: 401 bad key, 403 forbidden, 404 for the route's last
 * path id, 429 with Retry-After, 5xx.
 */
import { Answer } from '../standIn/answer';
import { FaultStatus, RouteFault } from '../standIn/faults';
import { badKey, forbidden, notFound, serverFault, tooMany } from './errors';
import { Matched } from './routes';

export type { FaultStatus, RouteFault } from '../standIn/faults';

const REASONS: Record<number, string> = {
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export function faultAnswer(status: FaultStatus, f: RouteFault, matched: Matched): Answer {
	if (status === 401) return badKey();
	if (status === 403) return forbidden();
	if (status === 404) {
		const [name, id] = Object.entries(matched.params).pop() ?? ['organization_id', 0];
		const kind = name.replace(/_id$/, '');
		return notFound(kind.charAt(0).toUpperCase() + kind.slice(1), id);
	}
	if (status === 429) return tooMany(f.retryAfter ?? 1);
	return serverFault(status, REASONS[status]);
}
