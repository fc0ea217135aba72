import {
	nameSimilarity,
	normaliseCompanyName,
	suggestCompany,
} from '../../nodes/logic/nameSimilarity';

describe('normaliseCompanyName', () => {
	it.each([
		['Smith & Sons, Inc.', 'smith and sons'],
		['SMITH AND SONS LLC', 'smith and sons'],
		['Smith + Sons L.L.C.', 'smith and sons'],
		['Müller Bäckerei GmbH', 'muller backerei'],
		["O'Brien Dental Ltd", 'obrien dental'],
		['The Law Office Co.', 'law office'],
		['Acme Corp.', 'acme'],
		['Inc', 'inc'],
	])('%s → %s', (input, expected) => expect(normaliseCompanyName(input)).toBe(expected));
});

describe('nameSimilarity', () => {
	it('scores names equal after normalisation as 1', () => {
		expect(nameSimilarity('Smith & Sons, Inc.', 'smith and sons ltd')).toBe(1);
	});
	it('scores related names higher than unrelated ones, and never 1 unless equal', () => {
		const close = nameSimilarity('Acme Insurance', 'Acme Insurance Group');
		const far = nameSimilarity('Acme Insurance', 'Blue River Dental');
		expect(close).toBeGreaterThan(0.7);
		expect(close).toBeLessThan(1);
		expect(far).toBeLessThan(0.3);
	});
	it('tolerates word order and typos', () => {
		expect(nameSimilarity('Dental Smith', 'Smith Dental')).toBeGreaterThan(0.8);
		expect(nameSimilarity('Northwind Traders', 'Nortwind Traders')).toBeGreaterThan(0.8);
	});
	it('is symmetric and 0 for empty names', () => {
		expect(nameSimilarity('a b c', 'c d')).toBe(nameSimilarity('c d', 'a b c'));
		expect(nameSimilarity('', 'Acme')).toBe(0);
	});
});

describe('suggestCompany', () => {
	const companies = [
		{ id: 1, name: 'ACME Insurance Group' },
		{ id: 2, name: 'Acme Insurance, Inc.' },
		{ id: 3, name: 'ACE Insurance' },
		{ id: 4, name: 'Smith and Sons Plumbing LLC' },
		{ id: 5, name: 'Smith & Sons Electric' },
		{ id: 6, name: 'Müller Bau GmbH' },
		{ id: 7, name: 'Mueller Construction' },
		{ id: 8, name: 'Johnson & Johnson Dental, P.C.' },
		{ id: 9, name: 'Johnston Dental' },
	];
	it.each([
		['acme insurance', 2, 1],
		['Smith & Sons Plumbing', 4, 5],
		['Smith and Sons Electric, Inc.', 5, 4],
		['MULLER BAU', 6, undefined],
		['Johnson and Johnson Dental', 8, 9],
	])('ranks the right company first for %s', (name, best, runnerUp) => {
		const suggestion = suggestCompany(name, companies);
		expect(suggestion.best?.id).toBe(best);
		if (runnerUp !== undefined) expect(suggestion.runnerUp?.id).toBe(runnerUp);
		expect(suggestion.best!.score).toBeGreaterThan(suggestion.runnerUp?.score ?? 0);
	});
	it('applies the minimum score and breaks ties by id', () => {
		expect(suggestCompany('Zebra Logistics', companies, 0.5)).toEqual({
			best: undefined,
			runnerUp: undefined,
		});
		const tie = suggestCompany('Acme', [
			{ id: 9, name: 'Acme Ltd' },
			{ id: 3, name: 'ACME Inc' },
		]);
		expect([tie.best?.id, tie.runnerUp?.id]).toEqual([3, 9]);
	});
});
