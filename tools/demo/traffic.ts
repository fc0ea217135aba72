/**
 * The demo's simulated BDR devices: a never-ending, seeded mix of failures, repeats, recoveries,
 * flapping machines, usage reports, one unmapped customer and the occasional bad request, posted
 * signed to n8n's production webhooks until stopped. It opens with a short script so every kind of
 * outcome shows up in the first seconds; the random mix follows.
 */
import { seededRandom } from '../../sandbox/prng';
import { makeEvent, type EventKind } from '../../sandbox/simulator/events';
import {
	EXPECTED_STATUS,
	FLAWS,
	signedRequest,
	type RequestFlaw,
} from '../../sandbox/simulator/request';

export interface UsageBase {
	appliances: number;
	server: number;
	workstation: number;
	virtual: number;
	localGb: number;
	offsiteGb: number;
}

export interface TrafficCustomer {
	id: string;
	name?: string;
	/** Where usage starts; reports then grow storage a little each time (so units keep changing). */
	base: UsageBase;
}

/** A webhook of an active workflow and which events it is for (from its trigger's settings). */
export interface Hook {
	workflow: string;
	url: string;
	usage: boolean;
	alerts: boolean;
}

export interface Step {
	customer: TrafficCustomer;
	kind: EventKind;
	machine: string;
	flaw: RequestFlaw;
}

export interface SentRequest extends Step {
	n: number;
	url: string;
	status: number;
	expected: number;
	body: string;
}

export interface TrafficStats {
	requests: number;
	accepted: number;
	refused: number;
	/** Answers that differ from what the trigger must answer for that request. */
	unexpected: number;
	/** Requests that got no answer (connection refused, reset). */
	failed: number;
}

const MACHINES = ['FS01', 'SQL01'];
const OTHER_ALERTS: EventKind[] = [
	'warning',
	'offsite',
	'hardware',
	'offline',
	'verification',
	'license',
];

/**
 * Request n of the demo mix. `mapped` are the tenant's mapped customers; `unmapped` has no
 * company in Autotask. Deterministic for a seed.
 */
export function demoStep(
	n: number,
	random: () => number,
	mapped: TrafficCustomer[],
	unmapped: TrafficCustomer,
): Step {
	const first = mapped[0];
	const second = mapped[1 % mapped.length];
	const opening: Step[] = [
		{ customer: first, kind: 'failure', machine: 'FS01', flaw: 'none' }, // opens a ticket
		{ customer: first, kind: 'usage', machine: 'FS01', flaw: 'none' }, // changes contract units
		{ customer: first, kind: 'failure', machine: 'FS01', flaw: 'none' }, // repeat: a note
		{ customer: second, kind: 'usage', machine: 'FS01', flaw: 'none' },
		{ customer: unmapped, kind: 'failure', machine: 'FS01', flaw: 'none' }, // the unmapped inbox
		{ customer: first, kind: 'recovery', machine: 'FS01', flaw: 'none' }, // closes the ticket
		{ customer: second, kind: 'failure', machine: 'SQL01', flaw: 'wrongSignature' }, // refused, no execution
	];
	if (n < opening.length) return opening[n];
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const customer = random() < 0.05 ? unmapped : pick(mapped);
	const machine = pick(MACHINES);
	const r = random();
	if (r < 0.25) return { customer, kind: 'usage', machine, flaw: 'none' };
	if (r < 0.5) return { customer, kind: 'failure', machine, flaw: 'none' }; // repeats when already open
	if (r < 0.72) return { customer, kind: 'recovery', machine, flaw: 'none' }; // failure ↔ recovery: flapping
	if (r < 0.92) return { customer, kind: pick(OTHER_ALERTS), machine, flaw: 'none' };
	return { customer, kind: 'failure', machine, flaw: pick(FLAWS) };
}

/** Usage for a customer's k-th report: licences as based, storage a few GB more each time. */
export function usageFor(base: UsageBase, k: number) {
	const round1 = (x: number) => Math.round(x * 10) / 10;
	return {
		licenses: {
			appliance: base.appliances,
			server: base.server,
			workstation: base.workstation + (k % 4 === 3 ? 1 : 0),
			virtual: base.virtual,
		},
		storage: {
			unit: 'GB' as const,
			local: round1(base.localGb + 3.7 * k + 0.4),
			offsite: round1(base.offsiteGb + 5.1 * k + 0.2),
		},
	};
}

/**
 * Answers that count as right for a request. n8n parses a JSON body before the trigger runs and
 * answers a malformed one 422 itself (checked on n8n 2.41.1); either way no execution starts.
 */
export function acceptableStatuses(flaw: RequestFlaw): number[] {
	return flaw === 'malformed' ? [EXPECTED_STATUS.malformed, 422] : [EXPECTED_STATUS[flaw]];
}

/** Which hooks take this step: usage reports go to billing workflows, everything else to alert workflows. */
export function hooksFor(step: Step, hooks: Hook[]): Hook[] {
	return hooks.filter((h) => (step.kind === 'usage' ? h.usage : h.alerts));
}

export interface TrafficOptions {
	hooks: Hook[];
	secret: string;
	mapped: TrafficCustomer[];
	unmapped: TrafficCustomer;
	rate: number;
	seed?: number;
	signal: AbortSignal;
	onSent?: (sent: SentRequest) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done);
	});
}

/** Posts until `signal` aborts; `stats` is updated as answers come in. */
export async function runTraffic(options: TrafficOptions, stats: TrafficStats): Promise<void> {
	if (!options.hooks.some((h) => h.usage) || !options.hooks.some((h) => h.alerts)) {
		throw new Error(
			'The simulator needs an active workflow with a BDR Event Trigger for alerts and one for usage reports; check the templates in workflows/',
		);
	}
	const random = seededRandom(options.seed ?? 7);
	const reports = new Map<string, number>();
	const interval = 1000 / options.rate;
	const started = Date.now();
	for (let n = 0; !options.signal.aborted; n++) {
		const step = demoStep(n, random, options.mapped, options.unmapped);
		const k = reports.get(step.customer.id) ?? 0;
		if (step.kind === 'usage') reports.set(step.customer.id, k + 1);
		const event = makeEvent({
			kind: step.kind,
			customer: step.customer,
			machine: step.machine,
			usage: step.kind === 'usage' ? usageFor(step.customer.base, k) : undefined,
		});
		const request = signedRequest(options.secret, event, step.flaw);
		for (const hook of hooksFor(step, options.hooks)) {
			let status = 0;
			let body = '';
			try {
				const res = await fetch(hook.url, {
					method: 'POST',
					headers: request.headers,
					body: request.body,
					signal: options.signal,
				});
				status = res.status;
				body = await res.text();
			} catch (error) {
				if (options.signal.aborted) return;
				body = (error as Error).message;
			}
			stats.requests++;
			const acceptable = acceptableStatuses(step.flaw);
			const expected = acceptable.includes(status) ? status : acceptable[0];
			if (status === 0) stats.failed++;
			else if (status >= 200 && status < 300) stats.accepted++;
			else stats.refused++;
			if (status !== expected) stats.unexpected++;
			options.onSent?.({ ...step, n, url: hook.url, status, expected, body });
		}
		await sleep(started + (n + 1) * interval - Date.now(), options.signal);
	}
}
