/**
 * Scenario runner: a stream of requests for a list of customers, at a rate, for a
 * duration or a count, posted to a loopback URL (or handed to a custom sender).
 */
import { seededRandom } from '../prng';
import { type EventKind, makeEvent, type SimCustomer } from './events';
import {
	EXPECTED_STATUS,
	FLAWS,
	type RequestFlaw,
	signedRequest,
	type SimRequest,
} from './request';

export const SCENARIOS = [
	'failures',
	'repeats',
	'recoveries',
	'flapping',
	'usage',
	'bad',
	'mixed',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioOptions {
	url?: string;
	secret: string;
	customers: SimCustomer[];
	scenario: ScenarioName;
	/** Requests per second (0 = as fast as answers come back). */
	rate?: number;
	/** Stop after this many seconds … */
	durationSeconds?: number;
	/** … or after this many requests (default 10 when no duration is set). */
	count?: number;
	/** Events per request. */
	batchSize?: number;
	seed?: number;
	/** Replaces HTTP, e.g. the engine harness's runWebhook. */
	send?: (request: SimRequest) => Promise<{ status: number; body: unknown }>;
	log?: (line: string) => void;
}

export interface SentRecord {
	index: number;
	flaw: RequestFlaw;
	events: number;
	kinds: EventKind[];
	status: number;
	expected: number;
	body: unknown;
}

const MACHINES = ['FS01', 'SQL01', 'DC01', 'EXCH01'];
const FAILURE_KINDS: EventKind[] = [
	'failure',
	'warning',
	'offsite',
	'hardware',
	'offline',
	'verification',
	'license',
];

/** The event kind and flaw of request n of a scenario; deterministic for a seed. */
export function planStep(
	scenario: ScenarioName,
	n: number,
	random: () => number,
): { kind: EventKind; flaw: RequestFlaw; sameMachine: boolean } {
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	switch (scenario) {
		case 'failures':
			return { kind: pick(FAILURE_KINDS), flaw: 'none', sameMachine: false };
		case 'repeats':
			return { kind: 'failure', flaw: 'none', sameMachine: true };
		case 'recoveries':
			return { kind: n % 2 === 0 ? 'failure' : 'recovery', flaw: 'none', sameMachine: true };
		case 'flapping':
			return { kind: n % 2 === 0 ? 'failure' : 'recovery', flaw: 'none', sameMachine: true };
		case 'usage':
			return { kind: 'usage', flaw: 'none', sameMachine: false };
		case 'bad':
			return { kind: 'failure', flaw: FLAWS[n % FLAWS.length], sameMachine: false };
		case 'mixed': {
			const r = random();
			const flaw = r < 0.1 ? pick(FLAWS) : 'none';
			return {
				kind: r < 0.3 ? 'usage' : r < 0.5 ? 'recovery' : pick(FAILURE_KINDS),
				flaw,
				sameMachine: r > 0.6,
			};
		}
	}
}

function assertLoopback(url: string): void {
	const host = new URL(url).hostname;
	if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
		throw new Error(`The simulator only posts to loopback addresses (127.0.0.1); got ${host}`);
	}
}

async function httpSend(
	url: string,
	request: SimRequest,
): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: request.headers,
		body: request.body,
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, body };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runScenario(options: ScenarioOptions): Promise<SentRecord[]> {
	if (!options.customers.length)
		throw new Error('No customers to simulate: pass --customers or use the demo tenant');
	if (!options.send) {
		if (!options.url) throw new Error('Give a URL to post to (or a send function)');
		assertLoopback(options.url);
	}
	const send = options.send ?? ((request: SimRequest) => httpSend(options.url!, request));
	const random = seededRandom(options.seed ?? 1);
	const batchSize = Math.max(1, options.batchSize ?? 1);
	const count = options.count ?? (options.durationSeconds ? Infinity : 10);
	const deadline = options.durationSeconds ? Date.now() + options.durationSeconds * 1000 : Infinity;
	const interval = options.rate && options.rate > 0 ? 1000 / options.rate : 0;
	const records: SentRecord[] = [];
	const started = Date.now();

	for (let n = 0; n < count && Date.now() < deadline; n++) {
		const kinds: EventKind[] = [];
		const events = [];
		let flaw: RequestFlaw = 'none';
		for (let b = 0; b < batchSize; b++) {
			const step = planStep(options.scenario, n, random);
			flaw = step.flaw;
			const customer = options.customers[(n * batchSize + b) % options.customers.length];
			const machine = step.sameMachine
				? MACHINES[0]
				: MACHINES[Math.floor(random() * MACHINES.length)];
			kinds.push(step.kind);
			events.push(makeEvent({ kind: step.kind, customer, machine }));
		}
		const request = signedRequest(options.secret, batchSize === 1 ? events[0] : events, flaw);
		const answer = await send(request);
		const record: SentRecord = {
			index: n,
			flaw,
			events: events.length,
			kinds,
			status: answer.status,
			expected: EXPECTED_STATUS[flaw],
			body: answer.body,
		};
		records.push(record);
		options.log?.(
			`#${n + 1} ${answer.status}${answer.status === record.expected ? '' : ` (expected ${record.expected})`} ${flaw === 'none' ? '' : `[${flaw}] `}` +
				`${kinds.join(',')} → ${events.map((e) => e.customer.id).join(',')} ${JSON.stringify(answer.body).slice(0, 160)}`,
		);
		const wait = started + (n + 1) * interval - Date.now();
		if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
	}
	return records;
}
