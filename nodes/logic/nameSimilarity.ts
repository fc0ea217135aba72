/**
 * Company-name similarity for Suggest Mappings. Names of one business differ in
 * "&" vs "and", legal forms (Inc., Ltd, LLC, GmbH…), punctuation, accents and
 * case, so those are folded away before comparing.
 */

const LEGAL_FORMS = new Set([
	'inc',
	'incorporated',
	'ltd',
	'limited',
	'llc',
	'llp',
	'lp',
	'plc',
	'gmbh',
	'mbh',
	'ag',
	'kg',
	'co',
	'corp',
	'corporation',
	'company',
	'pty',
	'pvt',
	'sa',
	'sarl',
	'sas',
	'srl',
	'spa',
	'bv',
	'nv',
	'oy',
	'ab',
	'as',
	'aps',
	'kft',
]);
/** Multi-letter forms written with dots ("L.L.C.", "S.A.") collapse to these before the check above. */
const DOTTED = /\b([a-z])\.(?:\s?([a-z])\.)?(?:\s?([a-z])\.)?/g;

export function normaliseCompanyName(name: string): string {
	const folded = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(DOTTED, (_m, a: string, b?: string, c?: string) => `${a}${b ?? ''}${c ?? ''} `)
		.replace(/[&+]/g, ' and ')
		.replace(/['’`]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
	const tokens = folded.split(' ').filter(Boolean);
	const kept = tokens.filter(
		(token, index) => !(LEGAL_FORMS.has(token) && index > 0) && !(token === 'the' && index === 0),
	);
	return (kept.length ? kept : tokens).join(' ');
}

function bigrams(text: string): Map<string, number> {
	const padded = ` ${text} `;
	const grams = new Map<string, number>();
	for (let i = 0; i < padded.length - 1; i++) {
		const gram = padded.slice(i, i + 2);
		grams.set(gram, (grams.get(gram) ?? 0) + 1);
	}
	return grams;
}

/** Sørensen–Dice over character bigrams: tolerant of typos and small spelling differences. */
function bigramDice(a: string, b: string): number {
	if (!a || !b) return 0;
	const ga = bigrams(a);
	const gb = bigrams(b);
	let overlap = 0;
	let total = 0;
	for (const [gram, n] of ga) {
		overlap += Math.min(n, gb.get(gram) ?? 0);
		total += n;
	}
	for (const n of gb.values()) total += n;
	return (2 * overlap) / total;
}

/** Best partial credit for one word against a list: a misspelt word still counts. */
function bestWordMatch(word: string, others: string[]): number {
	let best = 0;
	for (const other of others) best = Math.max(best, word === other ? 1 : bigramDice(word, other));
	return best >= 0.7 ? best : 0;
}

/** Dice over words, ignoring order ("Smith Dental" ~ "Dental Smith") and forgiving typos. */
function tokenDice(a: string, b: string): number {
	const ta = [...new Set(a.split(' ').filter(Boolean))];
	const tb = [...new Set(b.split(' ').filter(Boolean))];
	if (!ta.length || !tb.length) return 0;
	const ab = ta.reduce((sum, word) => sum + bestWordMatch(word, tb), 0);
	const ba = tb.reduce((sum, word) => sum + bestWordMatch(word, ta), 0);
	return (ab + ba) / (ta.length + tb.length);
}

/** 0..1; 1 means equal after normalisation. */
export function nameSimilarity(a: string, b: string): number {
	const na = normaliseCompanyName(a);
	const nb = normaliseCompanyName(b);
	if (!na || !nb) return 0;
	if (na === nb) return 1;
	const sortedA = na.split(' ').sort().join(' ');
	const sortedB = nb.split(' ').sort().join(' ');
	const chars = Math.max(bigramDice(na, nb), bigramDice(sortedA, sortedB));
	const words = tokenDice(na, nb);
	// Characters carry typos, words carry reordering; never quite 1 unless equal.
	return Math.min(0.99, Math.round((0.6 * chars + 0.4 * words) * 1000) / 1000);
}

export interface Candidate {
	id: number;
	name: string;
}

export interface Suggestion {
	best?: Candidate & { score: number };
	runnerUp?: Candidate & { score: number };
}

/** Best and second-best candidates at or above minScore; ties go to the lower id (stable across runs). */
export function suggestCompany(name: string, candidates: Candidate[], minScore = 0): Suggestion {
	const scored = candidates
		.map((candidate) => ({ ...candidate, score: nameSimilarity(name, candidate.name) }))
		.filter((candidate) => candidate.score >= minScore && candidate.score > 0)
		.sort((x, y) => y.score - x.score || x.id - y.id);
	return { best: scored[0], runnerUp: scored[1] };
}
