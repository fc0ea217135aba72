/**
 * Nothing in the shipped code may carry state from one execution to the next, because under queue
 * mode the next execution runs on another worker. This reads every shipped source file's syntax tree
 * and lists what lives at module level and could change: `let`/`var`, objects made with `new`, and
 * static class fields. The only entries allowed are the three caches (zone, picklist fields, Map Customer's lookups), which
 * the queue suite proves are optimisations: a fresh worker with both empty decides the same.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';
import { ROOT } from './support';

/** file:name of every module-level mutable binding a worker could keep between executions. */
function moduleState(file: string): string[] {
	const source = ts.createSourceFile(
		file,
		readFileSync(file, 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const found: string[] = [];
	const where = (name: string) => `${relative(ROOT, file)}:${name}`;
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement)) {
			const mutable = !(statement.declarationList.flags & ts.NodeFlags.Const);
			for (const d of statement.declarationList.declarations) {
				const init =
					d.initializer && ts.isAsExpression(d.initializer)
						? d.initializer.expression
						: d.initializer;
				if (mutable || (init && ts.isNewExpression(init)))
					found.push(where(d.name.getText(source)));
			}
		}
		if (ts.isClassDeclaration(statement)) {
			for (const member of statement.members) {
				const isStatic =
					ts.canHaveModifiers(member) &&
					ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
				const isReadonly =
					ts.canHaveModifiers(member) &&
					ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
				if (isStatic && ts.isPropertyDeclaration(member) && !isReadonly)
					found.push(where(`${statement.name?.text}.${member.name.getText(source)}`));
			}
		}
	}
	return found;
}

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
	});
}

const SHIPPED = [...sources(join(ROOT, 'nodes')), ...sources(join(ROOT, 'credentials'))];
/** What may live at module level, and why it cannot change a decision made on another worker. */
const ALLOWED: Record<string, string> = {
	'nodes/autotask/picklists.ts:sharedFieldsCache':
		'cache of entityInformation/fields (5 min); a missing label reads fresh; the cold-worker test runs without it',
	'nodes/autotask/zone.ts:sharedZoneCache':
		'cache of the zone URL per API user; only with zone Auto-Detect',
	'nodes/autotask/lookupCache.ts:sharedLookupCache':
		'cache of the companies and contracts Map Customer found (5 min, per whole credential); a customer not found is read again; a cold worker reads them, the same records (issue #14)',
	'nodes/autotask/limiter.ts:sharedLimiter':
		'throttle: caps requests in flight from this process; decides nothing (each worker has its own, see docs/queue-mode.md)',
	'nodes/autotask/requestCounter.ts:processRequestCounter':
		'metrics: written by the client, never read by a node',
	'nodes/logic/nameSimilarity.ts:LEGAL_FORMS': 'constant word list, never changed',
};

/** Every use of `name` in the shipped code outside its own file. */
function usesOf(name: string, home: string): string[] {
	return SHIPPED.filter((f) => relative(ROOT, f) !== home).flatMap((f) =>
		readFileSync(f, 'utf8')
			.split('\n')
			.filter((line) => line.includes(name) && !/^\s*import /.test(line)),
	);
}

describe('no in-process state across executions in the shipped code', () => {
	it('finds module-level state where it exists (the check can fail)', () => {
		expect(moduleState(join(ROOT, 'nodes', 'autotask', 'zone.ts'))).toEqual([
			'nodes/autotask/zone.ts:sharedZoneCache',
		]);
		expect(moduleState(join(ROOT, 'nodes', 'autotask', 'limiter.ts'))).toEqual([
			'nodes/autotask/limiter.ts:sharedLimiter',
		]);
	});

	it('holds only three caches, a throttle, a metrics counter and a constant at module level', () => {
		expect(SHIPPED.length).toBeGreaterThan(20);
		expect(SHIPPED.flatMap(moduleState).sort()).toEqual(Object.keys(ALLOWED).sort());
	});

	it('the request counter is only written and the legal-forms list only read by the nodes', () => {
		const counted = usesOf('processRequestCounter', 'nodes/autotask/requestCounter.ts');
		expect(counted.length).toBeGreaterThan(0);
		for (const line of counted) expect(line).toMatch(/processRequestCounter\.record\(/);
		const legal = readFileSync(join(ROOT, 'nodes/logic/nameSimilarity.ts'), 'utf8');
		expect(legal).toMatch(/LEGAL_FORMS\.has\(/);
		expect(legal).not.toMatch(/LEGAL_FORMS\.(add|delete|clear)\(/);
	});

	it('keeps nothing in workflow static data (saved per workflow, unsafe with concurrent executions)', () => {
		const users = SHIPPED.filter((file) =>
			/getWorkflowStaticData/.test(readFileSync(file, 'utf8')),
		);
		expect(users.map((f) => relative(ROOT, f))).toEqual([]);
	});
});
