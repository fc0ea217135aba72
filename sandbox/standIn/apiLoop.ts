/**
 * The request loop of a vendor stand-in's product API, in the order production checks things: route
 * noted (counted), body read, latency, rate limit, keys, unknown route, permission, injected fault,
 * then the vendor's answer. Every request is logged; a stand-in bug answers 500 and keeps serving.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { Answer, send } from './answer';
import { RateLimit, RouteFaults } from './faults';
import { readBody, sleep } from './http';
import { RequestLog } from './requestLog';

/** The key of requests that matched no route. */
export const UNKNOWN_ROUTE = 'unknown route';

export interface ApiRules<M extends { route: string }> {
	match(method: string, path: string): M | undefined;
	/** Missing or wrong keys: the refusal, checked before the route. */
	refuseKeys(req: IncomingMessage): Answer | undefined;
	unknownRoute(): Answer;
	/** Keys that may not use this product: the refusal, checked after the route. */
	refuseProduct?(req: IncomingMessage): Answer | undefined;
	answer(matched: M, url: URL, rawBody: string): Answer;
	tooMany(retryAfterSeconds: number): Answer;
	/** The vendor's 500 shape for a stand-in bug. */
	bug(message: string): Answer;
}

export interface ApiState<M extends { route: string }> {
	latencyMs(): number;
	rate: RateLimit;
	faults: RouteFaults<M>;
	log: RequestLog;
}

async function apiAnswer<M extends { route: string }>(
	rules: ApiRules<M>,
	state: ApiState<M>,
	req: IncomingMessage,
	url: URL,
	matched: M | undefined,
): Promise<Answer> {
	const rawBody = await readBody(req);
	const latency = state.latencyMs();
	if (latency > 0) await sleep(latency);
	if (!state.rate.take()) return rules.tooMany(state.rate.retryAfter());
	// keys first, then the route, then the product permission (production's order)
	if (!matched) return rules.refuseKeys(req) ?? rules.unknownRoute();
	const refusal = rules.refuseKeys(req) ?? rules.refuseProduct?.(req);
	if (refusal) return refusal;
	const fault = state.faults.take(matched);
	if (fault?.delayMs) await sleep(fault.delayMs);
	return fault?.answer ?? rules.answer(matched, url, rawBody);
}

/** Serves one request below the base path (`path` has it cut off). */
export function apiHandler<M extends { route: string }>(rules: ApiRules<M>, state: ApiState<M>) {
	return async (
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		path: string,
	): Promise<void> => {
		const started = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const matched = rules.match(method, path);
		const route = matched?.route ?? UNKNOWN_ROUTE;
		state.log.count(route);
		let status = 0;
		try {
			const a = await apiAnswer(rules, state, req, url, matched);
			status = a.status;
			send(res, a);
		} catch (error) {
			status = 500;
			send(res, rules.bug(`stand-in bug: ${(error as Error).message}`));
		} finally {
			state.log.record({
				at: new Date(started).toISOString(),
				method,
				route,
				query: url.search.replace(/^\?/, ''),
				status,
				ms: Date.now() - started,
			});
		}
	};
}
