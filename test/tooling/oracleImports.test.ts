/**
 * Test oracles must not reuse the product (issue #16): a signing bug signed by the product's own
 * signer, or units read back with the product's own reader, would pass every test that relies on
 * them. So no file under sandbox/, bench/ or test/ takes signing or unit-reading code from nodes/;
 * the simulator signs by itself (sandbox/simulator/sign.ts) and the sandbox answers units from its
 * own period model (unitsOn in sandbox/billing.ts).
 *
 * Allowed: the unit tests OF those modules import the code they test, which is not using it as an
 * oracle; and type-only imports, which carry no behaviour.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['sandbox', 'bench', 'test'];
const SOURCE = /\.(ts|js|mjs|cjs)$/;

const SIGNING = 'nodes/logic/signature';
/** Modules holding unit readers: the pure reader of unit rows, and the node's reads through the client. */
const UNIT_READER_MODULES = ['nodes/logic/billingPlan', 'nodes/BdrSyncBilling/readBillingState'];
const UNIT_READERS = ['unitsOnDate', 'readUnits', 'readContractUnits', 'readBillingState'];

/** File → the one module it may import in full: its own subject. */
const OWN_SUBJECT: Record<string, string> = {
	'test/logic/signature.test.ts': SIGNING,
	'test/logic/billingPlan.test.ts': 'nodes/logic/billingPlan',
};

/** `import … from`, `export … from`; the clause stops at quotes and semicolons so it cannot span statements. */
const FROM = /\b(?:import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/g;
/** require(), import(), jest.requireActual(): the whole module. */
const CALL = /\b(?:require|import|requireActual)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
	module: string;
	/** Value names taken; '*' for a default, namespace or whole-module import. */
	names: string[];
}

/** Repo-relative module path (no extension, no /index, dist/ folded onto the source), or undefined for packages. */
function moduleOf(file: string, spec: string): string | undefined {
	if (!spec.startsWith('.')) return undefined;
	const resolved = relative(ROOT, join(dirname(join(ROOT, file)), spec))
		.split(sep)
		.join(posix.sep);
	return resolved
		.replace(/^dist\//, '')
		.replace(/\.(ts|js)$/, '')
		.replace(/\/index$/, '');
}

function valueNames(clause: string): string[] {
	const braces = /\{([^}]*)\}/.exec(clause);
	const named = (braces?.[1] ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p && !p.startsWith('type '));
	const whole =
		clause
			.replace(/\{[^}]*\}/, '')
			.replace(/,/g, ' ')
			.trim() !== '';
	return [...named.map((p) => p.split(/\s+as\s+/)[0].trim()), ...(whole ? ['*'] : [])];
}

function importsOf(file: string, source: string): Import[] {
	const found: Import[] = [];
	for (const [, typeOnly, clause, spec] of source.matchAll(FROM)) {
		const module = moduleOf(file, spec);
		if (module && !typeOnly) found.push({ module, names: valueNames(clause) });
	}
	for (const [, spec] of source.matchAll(CALL)) {
		const module = moduleOf(file, spec);
		if (module) found.push({ module, names: ['*'] });
	}
	return found;
}

function isOracleReuse(file: string, { module, names }: Import): boolean {
	if (names.length === 0 || OWN_SUBJECT[file] === module) return false;
	if (module === SIGNING) return true;
	if (UNIT_READER_MODULES.includes(module) && names.includes('*')) return true;
	return module.startsWith('nodes/') && names.some((n) => UNIT_READERS.includes(n));
}

/** "file: module (names)" for each import that reuses the product as an oracle. */
function oracleReuse(file: string, source: string): string[] {
	return importsOf(file, source)
		.filter((i) => isOracleReuse(file, i))
		.map((i) => `${file}: ${i.module} (${i.names.join(', ')})`);
}

function sourcesUnder(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = posix.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(path);
		return SOURCE.test(entry.name) ? [path] : [];
	});
}

describe('test oracles do not reuse the product', () => {
	// This file holds forbidden imports as samples below, so it is the one file not scanned.
	const self = relative(ROOT, __filename).split(sep).join(posix.sep);
	const files = SCANNED.flatMap(sourcesUnder).filter((f) => f !== self);

	it('no file under sandbox/, bench/ or test/ signs or reads units with the code of nodes/', () => {
		expect(files.length).toBeGreaterThan(100); // the walk found the tree, so an empty answer means something
		expect(files.flatMap((f) => oracleReuse(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
	});

	it.each([
		['test/nodes/x.test.ts', "import { signRequest } from '../../nodes/logic/signature';"],
		[
			'sandbox/simulator/x.ts',
			"import { computeSignature as sign } from '../../nodes/logic/signature';",
		],
		[
			'test/e2e/x.test.ts',
			"const { verifySignature } = require('../../dist/nodes/logic/signature.js');",
		],
		[
			'test/logic/billingPlan.test.ts',
			"import { signRequest } from '../../nodes/logic/signature';",
		],
		[
			'bench/x.ts',
			"import {\n\tplanContract,\n\tunitsOnDate as units,\n} from '../nodes/logic/billingPlan';",
		],
		['test/queue/x.ts', "import * as plan from '../../nodes/logic/billingPlan';"],
		[
			'test/faults/support/x.ts',
			"const read = jest.requireActual('../../../nodes/BdrSyncBilling/readBillingState');",
		],
		[
			'test/nodes/x.test.ts',
			"export { readUnits } from '../../nodes/BdrSyncBilling/readBillingState';",
		],
	])('catches %s taking product code as an oracle: %s', (file, source) => {
		expect(oracleReuse(file, source)).toHaveLength(1);
	});

	it.each([
		[
			'test/logic/signature.test.ts',
			"import { computeSignature, signRequest, verifySignature } from '../../nodes/logic/signature';",
		],
		[
			'test/logic/billingPlan.test.ts',
			"import { planContract, unitsOnDate, type PlanInput } from '../../nodes/logic/billingPlan';",
		],
		['test/nodes/x.test.ts', "import type { ContractPlan } from '../../nodes/logic/billingPlan';"],
		[
			'test/nodes/x.test.ts',
			"import { planContract, type ContractPlan } from '../../nodes/logic/billingPlan';",
		],
		['test/nodes/x.test.ts', "import { signatureHeaders } from '../../sandbox/simulator';"],
	])('allows %s: %s', (file, source) => {
		expect(oracleReuse(file, source)).toEqual([]);
	});
});
