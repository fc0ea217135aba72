/**
 * The event streams the suites post, built with the device simulator, and what they imply:
 * tickets per alert key and contract units at the end.
 */
import type { PostedEvent } from '../../../nodes/logic/eventSchema';
import { unitsOn } from '../../../sandbox/billing';
import { demoCustomers, makeEvent, type EventKind } from '../../../sandbox/simulator';
import type { Sandbox } from '../../../sandbox/server';
import { DEMO } from '../../../sandbox/tenant/demo';

/** Per alert key, one event per round. The patterns cover open → repeat → close → reopen. */
const PATTERNS: EventKind[][] = [
	['failure', 'failure', 'recovery', 'failure'],
	['warning', 'failure', 'failure', 'recovery'],
	['failure', 'recovery', 'failure', 'recovery'],
];
export const ROUNDS = PATTERNS[0].length;

export interface AlertPlan {
	machine: string;
	customer: { id: string; name?: string };
	kinds: EventKind[];
	/** Tickets the key must have had in total (one per failure episode) … */
	episodes: number;
	/** … and open at the end. */
	openAtEnd: number;
}

export function alertPlans(keys: number): AlertPlan[] {
	const customers = demoCustomers();
	return Array.from({ length: keys }, (_, i) => {
		const kinds = PATTERNS[i % PATTERNS.length];
		let episodes = 0;
		let open = false;
		for (const k of kinds) {
			if (k !== 'recovery' && !open) episodes++;
			open = k !== 'recovery';
		}
		return {
			machine: `FLT${String(i).padStart(3, '0')}`,
			customer: customers[i % customers.length],
			kinds,
			episodes,
			openAtEnd: open ? 1 : 0,
		};
	});
}

const base = Date.now() - 30 * 60_000;
let seq = 0;
const at = (round: number) => new Date(base + round * 60_000 + (seq % 1000));

export function ticketEvent(plan: AlertPlan, round: number, tag: string): PostedEvent {
	return makeEvent({
		kind: plan.kinds[round],
		customer: plan.customer,
		machine: plan.machine,
		occurredAt: at(round),
		eventId: `${tag}-t${round}-${plan.machine}-${++seq}`,
	});
}

/** The billing quantities of the six template rows, in template order. */
export const BILLED_SERVICES = [
	DEMO.services.appliance,
	DEMO.services.serverLicense,
	DEMO.services.workstationLicense,
	DEMO.services.virtualLicense,
	DEMO.services.localStorageGb,
	DEMO.services.cloudStorageGb,
].map((s) => s.id);

export interface UsageCustomer {
	id: string;
	name?: string;
	contractId: number;
	devices: number;
}

export function usageCustomers(): UsageCustomer[] {
	return DEMO.customerList.map((c) => ({
		id: c.bdrCustomerId,
		name: c.name,
		contractId: c.contractId,
		devices: c === DEMO.customers.bluebird ? 2 : 1,
	}));
}

/** One usage report per device of the customer for a round (whole GB, so the expected units are plain sums). */
export function usageReports(
	c: UsageCustomer,
	round: number,
	tag: string,
	index: number,
): PostedEvent[] {
	return Array.from({ length: c.devices }, (_, d) =>
		makeEvent({
			kind: 'usage',
			customer: { id: c.id, name: c.name },
			device: d + 1,
			occurredAt: at(round),
			eventId: `${tag}-u${round}-${c.id}-${d + 1}-${++seq}`,
			usage: {
				licenses: {
					appliance: 1,
					server: 1 + ((round + index + d) % 4),
					workstation: 5 + round + index + d,
					virtual: (round + d) % 3,
				},
				storage: {
					unit: 'GB',
					local: 100 + 7 * round + index + d,
					offsite: 200 + 11 * round + index,
				},
			},
		}),
	);
}

/** Units the reports of one round imply for a contract, in BILLED_SERVICES order. */
export function expectedUnits(c: UsageCustomer, round: number, index: number): number[] {
	const reports = usageReports(c, round, 'expect', index);
	const sum = (f: (e: PostedEvent) => number) => reports.reduce((n, e) => n + f(e), 0);
	const u = (e: PostedEvent) => e.usage as any;
	return [
		sum((e) => u(e).licenses.appliance),
		sum((e) => u(e).licenses.server),
		sum((e) => u(e).licenses.workstation),
		sum((e) => u(e).licenses.virtual),
		sum((e) => u(e).storage.local),
		sum((e) => u(e).storage.offsite),
	];
}

export function unitsOf(sb: Sandbox, contractId: number, date: string): Array<number | undefined> {
	return unitsTable(sb, date)(contractId);
}

/** Units of every contract on a date, from one pass over the unit rows (thousands of contracts). */
export function unitsTable(
	sb: Sandbox,
	date: string,
): (contractId: number) => Array<number | undefined> {
	const unitsOf = unitsOn(sb.store, date);
	return (contractId) => BILLED_SERVICES.map((s) => unitsOf(contractId, s));
}

/** Contract notes of a contract, and any title (with its [bdr-sync:…] marker) written more than once. */
export function noteTwins(
	sb: Sandbox,
	contractId: number,
	all = sb.store.all('ContractNotes'),
): { notes: number; twice: string[] } {
	const titles = all.filter((n) => n.contractID === contractId).map((n) => String(n.title));
	return { notes: titles.length, twice: titles.filter((t, i) => titles.indexOf(t) !== i) };
}
