/**
 * One request to the sandbox's Autotask API, in Autotask's order: zoneInformation (no credentials),
 * credentials, version, the hourly budget, the thread limit, injected faults and latency, then the
 * answer. Every request is counted and logged; a sandbox bug answers like Autotask's 500.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { handleApi } from './api';
import { AUTH_FAILED, Caller, SandboxCredentials, authenticate } from './auth';
import { ApiError, errorBody, refused } from './errors';
import {
	FaultDecision,
	Faults,
	HourlyBudget,
	ThreadLimiter,
	budgetMessage,
	threadMessage,
} from './limits';
import { Target, endpointOf, parseTarget, routeKey } from './routes';
import type { RequestLogEntry } from './server';
import { ServerSettings } from './settings';
import { answer as jsonAnswer, send as sendAnswer } from './standIn/answer';
import { readBody, sleep } from './standIn/http';
import { RequestLog } from './standIn/requestLog';
import { Store } from './store';

export interface SandboxState {
	store: Store;
	now: () => Date;
	/** The API users it accepts (the main one first). */
	accepted: SandboxCredentials[];
	origin: string;
	baseUrl: string;
	settings: ServerSettings;
	budget: HourlyBudget;
	threads: ThreadLimiter;
	faults: Faults;
	log: RequestLog<RequestLogEntry>;
}

export const JSON_CHARSET = 'application/json; charset=utf-8';

/** `body` undefined sends an empty body (a fault without a reason). */
export const send = (
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void => sendAnswer(res, jsonAnswer(status, JSON_CHARSET, body, headers));

/** How a stage answers: `reply` sends, `lose` drops the connection (the status logged is 0). */
interface Out {
	reply(status: number, body: unknown, headers?: Record<string, string>): void;
	lose(): void;
}

interface Request {
	req: IncomingMessage;
	url: URL;
	method: string;
	segments: string[];
	route: string;
	target: Target;
}

/** `rest` is the path below /ATServicesRest/V1.0/. */
export function apiRequestHandler(st: SandboxState) {
	return async (
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		rest: string,
	): Promise<void> => {
		const started = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const segments = rest
			.split('/')
			.filter((s) => s !== '')
			.map(decodeURIComponent);
		const route = routeKey(method, segments);
		st.log.count(route);
		let status = 0;
		const held: { threadKey?: string } = {};
		const out: Out = {
			reply: (s, body, headers) => {
				status = s;
				send(res, s, body, headers);
			},
			lose: () => {
				status = 0;
				res.socket?.destroy();
			},
		};
		try {
			const r: Request = { req, url, method, segments, route, target: parseTarget(segments) };
			const rawBody = await readBody(req);
			const caller = identify(st, r, out);
			if (caller && admit(st, r, caller, held, out)) await respond(st, r, caller, rawBody, out);
		} catch (error) {
			// Unexpected sandbox bug: answer like Autotask's 500 and keep serving.
			out.reply(500, errorBody([`An unexpected error has occurred: ${(error as Error).message}`]));
		} finally {
			if (held.threadKey) st.threads.release(held.threadKey);
			st.log.record({
				at: new Date(started).toISOString(),
				method,
				route,
				status,
				ms: Date.now() - started,
			});
		}
	};
}

/** zoneInformation (no auth, as on Autotask; for the sandbox's API users only), credentials, version: the caller when the request goes on. */
function identify(st: SandboxState, r: Request, out: Out): Caller | undefined {
	if (r.target.kind === 'zoneInformation') {
		const user = r.url.searchParams.get('user') ?? '';
		if (!st.accepted.some((c) => c.username.toLowerCase() === user.toLowerCase())) {
			out.reply(
				404,
				errorBody(['zoneInformation: no API user with that username exists in this sandbox.']),
			);
		} else
			out.reply(200, {
				zoneName: 'Sandbox (loopback)',
				url: `${st.origin}/ATServicesRest/`,
				webUrl: `${st.origin}/`,
				ci: 0,
			});
		return undefined;
	}
	const caller = authenticate(r.req.headers, st.accepted);
	if (caller === undefined) out.reply(401, errorBody([AUTH_FAILED]));
	else if (r.target.kind === 'version') out.reply(200, { apiVersions: ['1.0'] });
	else return caller;
	return undefined;
}

/** The hourly budget and the thread limit: true when the request may go on (its thread then held). */
function admit(
	st: SandboxState,
	r: Request,
	caller: Caller,
	held: { threadKey?: string },
	out: Out,
): boolean {
	// ThresholdInformation is not counted in the budget, but it is thread-limited (only zoneInformation is exempt).
	if (r.target.kind !== 'threshold' && !st.budget.take()) {
		out.reply(429, errorBody([budgetMessage(st.budget.limit)]), { 'Retry-After': '60' });
		return false;
	}
	// Keyed by integration code and endpoint, whichever API user sends the request.
	const key = `${endpointOf(r.target, r.segments)}|${caller.integrationCode}`;
	if (!st.threads.acquire(key)) {
		out.reply(st.settings.threadLimitStatus, errorBody([threadMessage(st.threads.limit)]));
		return false;
	}
	held.threadKey = key;
	return true;
}

/** Latency (fixed, throttled past half the budget, injected), then a fault or the answer. */
async function delayed(st: SandboxState, r: Request): Promise<FaultDecision> {
	const isWrite = r.method !== 'GET' && r.target.kind !== 'query';
	const fault = st.faults.decide(r.route, isWrite);
	const used = st.budget.used() / Math.max(1, st.budget.limit);
	const throttle =
		used > 0.75
			? 2 * st.settings.throttleLatencyMs
			: used > 0.5
				? st.settings.throttleLatencyMs
				: 0;
	const delay = st.settings.latencyMs + fault.extraMs + throttle;
	if (delay > 0) await sleep(delay);
	return fault;
}

async function respond(
	st: SandboxState,
	r: Request,
	caller: Caller,
	rawBody: string,
	out: Out,
): Promise<void> {
	const fault = await delayed(st, r);
	if (fault.kind === 'status')
		return out.reply(
			fault.status,
			fault.message === undefined ? undefined : errorBody([fault.message]),
		);
	const { store, budget } = st;
	if (r.target.kind === 'threshold') {
		return out.reply(200, {
			externalRequestThreshold: budget.limit,
			requestThresholdTimeframe: 60,
			currentTimeframeRequestCount: budget.used(),
		});
	}
	let body: unknown;
	if (rawBody.trim() !== '') {
		try {
			body = JSON.parse(rawBody);
		} catch {
			return out.reply(
				store.settings.refusalStatus,
				refused('The request body is not valid JSON.').body(),
			);
		}
	}
	const impersonated = Number(r.req.headers['impersonationresourceid']);
	const apiUser = store
		.rows('Resources')
		.find((row) => String(row.userName).toLowerCase() === caller.username.toLowerCase());
	const ctx = {
		store,
		now: st.now,
		resourceId:
			Number.isInteger(impersonated) && store.get('Resources', impersonated)
				? impersonated
				: (apiUser?.id ?? null),
	};
	let answer: { status: number; body: unknown };
	try {
		answer = handleApi(ctx, {
			method: r.method,
			target: r.target,
			path: r.segments.join('/'),
			url: r.url.href,
			query: r.url.searchParams,
			body,
			baseUrl: st.baseUrl,
		});
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		answer = { status: error.statusFor(store.settings.refusalStatus), body: error.body() };
	}
	// A lost response: the write is applied; the caller never learns it.
	if (fault.kind === 'lost') return out.lose();
	out.reply(answer.status, answer.body);
}
