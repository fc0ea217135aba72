/**
 * The seed forms both vendor stand-ins take beside `demo` and `empty`: N generated customers, or
 * `{customers: N, systems: M}` with exactly M protected systems spread evenly (one in four a server).
 * Generated plans are deterministic for the same seed.
 */
import { seededRandom } from '../prng';

/** What a customer (organization, client) is seeded with. */
export interface SystemPlan {
	id: number;
	name: string;
	appliances: number;
	servers: number;
	workstations: number;
	localGb: number;
}

/** `names`: what the vendor calls customers and systems (`organizations`/`agents`, `clients`/`devices`). */
export interface SeedNames {
	customers: string;
	systems: string;
}

const wholeNumber = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

/** 'demo', 'empty', a number (or digits), or `{[customers]: N, [systems]?: M}`; anything else throws. */
export function parseSizedSeed<S>(value: unknown, names: SeedNames): S {
	if (value === 'demo' || value === 'empty') return value as S;
	if (typeof value === 'object' && value !== null) {
		const v = value as Record<string, unknown>;
		const [customers, systems] = [v[names.customers], v[names.systems]];
		if (wholeNumber(customers) && (systems === undefined || wholeNumber(systems)))
			return { [names.customers]: customers, [names.systems]: systems } as S;
	}
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value)
				? Number(value)
				: NaN;
	if (!wholeNumber(n))
		throw new Error(
			`seed must be "demo", "empty", a number of ${names.customers} or {${names.customers}, ${names.systems}}, got ${JSON.stringify(value)}`,
		);
	return n as S;
}

/** A number seed with `--<systems> M` from the command line becomes `{customers: N, systems: M}`. */
export function withSystems<S>(seed: S, systems: number | undefined, names: SeedNames): S {
	if (systems === undefined) return seed;
	if (typeof seed !== 'number')
		throw new Error(`--${names.systems} needs a number seed (--seed <${names.customers}>).`);
	return { [names.customers]: seed, [names.systems]: systems } as S;
}

type Between = (lo: number, hi: number) => number;

/**
 * `count` generated plans from `randomSeed`: without `total`, 1–4 servers and 0–12 workstations each;
 * with it, `total` systems spread evenly. `plan` adds the vendor's fields (drawing from the same random).
 */
export function generatedPlans<P>(
	count: number,
	total: number | undefined,
	randomSeed: number,
	plan: (i: number, servers: number, workstations: number, between: Between) => P,
): P[] {
	const random = seededRandom(randomSeed);
	const between: Between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
	return Array.from({ length: count }, (_, i) => {
		const mine =
			total === undefined ? undefined : Math.floor(total / count) + (i < total % count ? 1 : 0);
		const servers = mine === undefined ? between(1, 4) : Math.ceil(mine / 4);
		const workstations = mine === undefined ? between(0, 12) : mine - servers;
		return plan(i, servers, workstations, between);
	});
}
