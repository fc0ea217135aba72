/**
 * Summing usage snapshots per contract. A customer with several appliances
 * sends one usage report per appliance; the contract is billed their total.
 * When one appliance reported more than once in the same batch, only its
 * latest snapshot counts, so a repeated report is never billed twice.
 */
import type { BillingRow } from './billingSettings';

/** The part of an incoming item Sync Billing reads (the trigger's normalised event + Map Customer's result). */
export interface UsageItem {
	/** Index of the input item, for pairedItem. */
	index: number;
	/** The item's json. */
	data: Record<string, unknown>;
}

export interface ContractUsage {
	contractId: number;
	contractName?: string;
	companyId?: number;
	companyName?: string;
	itemIndices: number[];
	eventIds: string[];
	/** Devices whose latest snapshot was summed. */
	deviceIds: string[];
	/** Summed quantity per settings row index; undefined when no device reported it. */
	totals: Map<number, number | undefined>;
	/** When the newest summed snapshot was taken (ISO), if the items said. */
	usageAsOf?: string;
}

export interface ItemWithoutContract {
	index: number;
	reason: 'no-contract' | 'invalid-quantity';
	message: string;
}

export interface UsageGrouping {
	contracts: ContractUsage[];
	rejected: ItemWithoutContract[];
}

/** Reads a dot path ("usage.storage.localBytes") from a plain object. */
export function readPath(source: unknown, path: string): unknown {
	let current: unknown = source;
	for (const key of path.split('.').filter((k) => k !== '')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

const BUILT_IN_PATHS: Record<Exclude<BillingRow['quantity'], 'custom'>, string> = {
	appliances: 'usage.licenses.appliance',
	serverLicenses: 'usage.licenses.server',
	workstationLicenses: 'usage.licenses.workstation',
	virtualLicenses: 'usage.licenses.virtual',
	localStorage: 'usage.storage.localBytes',
	offsiteStorage: 'usage.storage.offsiteBytes',
};

/** Where in the item a row's quantity is read from. */
export function quantityPath(row: BillingRow): string {
	return row.quantity === 'custom' ? (row.customPath ?? '').trim() : BUILT_IN_PATHS[row.quantity];
}

/**
 * The row's quantity in one item: a number, undefined when the item does not
 * report it, or an Error when the value is there but is not a non-negative number.
 */
export function quantityOf(
	json: Record<string, unknown>,
	row: BillingRow,
): number | undefined | Error {
	const path = quantityPath(row);
	const value = readPath(json, path);
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
		return new Error(
			`"${path}" is ${JSON.stringify(value)}, not a number of 0 or more: fix the usage report or the row's Custom Field Path`,
		);
	}
	return n;
}

function positiveInteger(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function asString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== ''
		? value
		: typeof value === 'number'
			? String(value)
			: undefined;
}

interface Snapshot {
	item: UsageItem;
	quantities: Array<number | undefined>;
	occurredAt: string;
}

interface ContractGroup {
	usage: ContractUsage;
	/** The latest snapshot per device key. */
	devices: Map<string, Snapshot>;
}

/** An item's contract and row quantities, or why it cannot be billed. */
function readItem(
	item: UsageItem,
	rows: BillingRow[],
): { contractId: number; quantities: Array<number | undefined> } | ItemWithoutContract {
	const autotask = (item.data.autotask ?? {}) as Record<string, unknown>;
	const contractId = positiveInteger(autotask.contractId);
	if (contractId === undefined) {
		return {
			index: item.index,
			reason: 'no-contract',
			message:
				"The item has no json.autotask.contractId: put Map Customer before Sync Billing and give the customer a contract (Map Customer's contract column or the company's default contract)",
		};
	}
	const quantities: Array<number | undefined> = [];
	for (const row of rows) {
		const q = quantityOf(item.data, row);
		if (q instanceof Error)
			return {
				index: item.index,
				reason: 'invalid-quantity',
				message: `Billing Settings row ${row.index + 1}: ${q.message}`,
			};
		quantities.push(q);
	}
	return { contractId, quantities };
}

/** The contract's group, opened with the names of the first item that named it. */
function groupOf(
	byContract: Map<number, ContractGroup>,
	contractId: number,
	item: UsageItem,
): ContractGroup {
	const existing = byContract.get(contractId);
	if (existing) return existing;
	const autotask = (item.data.autotask ?? {}) as Record<string, unknown>;
	const group: ContractGroup = {
		usage: {
			contractId,
			contractName: asString(autotask.contractName),
			companyId: positiveInteger(autotask.companyId),
			companyName: asString(autotask.companyName),
			itemIndices: [],
			eventIds: [],
			deviceIds: [],
			totals: new Map(),
		},
		devices: new Map(),
	};
	byContract.set(contractId, group);
	return group;
}

/** A device id is unique within its BDR customer; items without one count as their own device. */
function deviceKey(item: UsageItem): string {
	const device = (item.data.device ?? {}) as Record<string, unknown>;
	const customer = (item.data.customer ?? {}) as Record<string, unknown>;
	const deviceId = asString(device.id);
	return deviceId !== undefined
		? `${asString(customer.id) ?? ''}\u0000${deviceId}`
		: `item:${item.index}`;
}

function addItem(
	group: ContractGroup,
	item: UsageItem,
	quantities: Array<number | undefined>,
): void {
	group.usage.itemIndices.push(item.index);
	const eventId = asString(item.data.eventId);
	if (eventId !== undefined && !group.usage.eventIds.includes(eventId))
		group.usage.eventIds.push(eventId);
	const key = deviceKey(item);
	const occurredAt = asString(item.data.occurredAt) ?? '';
	const previous = group.devices.get(key);
	// Later snapshot wins; on equal timestamps the later item wins (it arrived last).
	if (!previous || occurredAt >= previous.occurredAt)
		group.devices.set(key, { item, quantities, occurredAt });
}

/** Sums the latest snapshot of every device into the contract's totals. */
function sumGroup({ usage, devices }: ContractGroup, rows: BillingRow[]): ContractUsage {
	for (const [key, snapshot] of devices) {
		if (!key.startsWith('item:')) usage.deviceIds.push(key.split('\u0000')[1]);
		const at = Date.parse(snapshot.occurredAt);
		if (!Number.isNaN(at) && (usage.usageAsOf === undefined || at > Date.parse(usage.usageAsOf)))
			usage.usageAsOf = new Date(at).toISOString();
		rows.forEach((row, position) => {
			const q = snapshot.quantities[position];
			if (q === undefined) {
				if (!usage.totals.has(row.index)) usage.totals.set(row.index, undefined);
				return;
			}
			usage.totals.set(row.index, (usage.totals.get(row.index) ?? 0) + q);
		});
	}
	return usage;
}

/** Groups items by json.autotask.contractId and sums each row's quantity over the latest snapshot of every device. */
export function sumUsageByContract(items: UsageItem[], rows: BillingRow[]): UsageGrouping {
	const rejected: ItemWithoutContract[] = [];
	const byContract = new Map<number, ContractGroup>();
	for (const item of items) {
		const read = readItem(item, rows);
		if ('reason' in read) rejected.push(read);
		else addItem(groupOf(byContract, read.contractId, item), item, read.quantities);
	}
	return { contracts: [...byContract.values()].map((group) => sumGroup(group, rows)), rejected };
}
