import { LookupCache } from '../../nodes/autotask/lookupCache';

describe('LookupCache', () => {
	const read =
		(db: Array<{ id: number; key: string }>, log: string[][]) =>
		async (missing: Array<string | number>) => {
			log.push(missing.map(String));
			return db.filter((r) => missing.map(String).includes(r.key));
		};

	it('keeps found records for the TTL, reads only the values it does not hold, and never keeps a miss', async () => {
		const cache = new LookupCache(1000);
		const db = [
			{ id: 1, key: 'a' },
			{ id: 2, key: 'b' },
		];
		const log: string[][] = [];
		const keysOf = (r: { key: string }) => [r.key];
		expect(await cache.lookup('s', ['a', 'x'], 0, read(db, log), keysOf)).toEqual([
			{ id: 1, key: 'a' },
		]);
		expect(await cache.lookup('s', ['a', 'b', 'x'], 500, read(db, log), keysOf)).toEqual([
			{ id: 1, key: 'a' },
			{ id: 2, key: 'b' },
		]);
		expect(log).toEqual([
			['a', 'x'],
			['b', 'x'],
		]); // 'x' found nothing: read again
		db.push({ id: 3, key: 'x' }); // the mapping is added in Autotask: seen at once
		expect(await cache.lookup('s', ['x'], 600, read(db, log), keysOf)).toEqual([
			{ id: 3, key: 'x' },
		]);
		await cache.lookup('s', ['a'], 1501, read(db, log), keysOf); // expired
		expect(log.at(-1)).toEqual(['a']);
		await cache.lookup('other scope', ['b'], 700, read(db, log), keysOf); // another tenant or entity
		expect(log.at(-1)).toEqual(['b']);
	});
});
