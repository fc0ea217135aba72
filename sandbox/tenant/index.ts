/** Seeds a tenant into the store: 'demo', 'empty' (base only: our company, resources, services) or N generated customers. */
import { Store } from '../store';
import { seedBase } from './base';
import { seedDemo } from './demo';
import { seedGenerated } from './generated';

export type SeedChoice = 'demo' | 'empty' | number;

export function parseSeed(value: unknown): SeedChoice {
	if (value === 'demo' || value === 'empty') return value;
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isInteger(n) || n < 0)
		throw new Error(
			`seed must be "demo", "empty" or a number of customers, got ${JSON.stringify(value)}`,
		);
	return n;
}

export function seedTenant(store: Store, seed: SeedChoice, apiUserName: string, now: Date): void {
	store.clear();
	if (seed === 'demo') seedDemo(store, apiUserName, now);
	else if (seed === 'empty') seedBase(store, apiUserName, now);
	else seedGenerated(store, seed, apiUserName, now);
}
