/**
 * No function in nodes/ is longer than 80 lines (issue #16): a longer one does several things at once,
 * and each of them deserves a name (and a comment that says why). Counted from the function's first
 * line (its JSDoc left out) to its closing brace, nested functions counted on their own as well as
 * inside the one that holds them. Every kind counts: declarations, methods, arrow functions,
 * function expressions, accessors and constructors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const MAX_LINES = 80;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : [];
	});
}

function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if (
		ts.isVariableDeclaration(parent) ||
		ts.isPropertyAssignment(parent) ||
		ts.isPropertyDeclaration(parent)
	)
		return parent.name.getText(source);
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	return '<anonymous>';
}

/** Every function of a file with its length in lines. */
export function functionLengths(
	file: string,
	text: string,
): Array<{ name: string; line: number; lines: number }> {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const out: Array<{ name: string; line: number; lines: number }> = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
			const fn = node as ts.FunctionLikeDeclaration;
			const first = source.getLineAndCharacterOfPosition(fn.getStart(source)).line + 1;
			const last = source.getLineAndCharacterOfPosition(fn.getEnd()).line + 1;
			out.push({ name: nameOf(fn, source), line: first, lines: last - first + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return out;
}

describe('function length in nodes/', () => {
	it('counts a function from its first line to its closing brace, nested ones on their own', () => {
		const text = [
			'/** doc */',
			'export function outer() {',
			'\tconst inner = () => {',
			'\t\treturn 1;',
			'\t};',
			'\treturn inner();',
			'}',
			'class A {',
			'\tm(): void {}',
			'}',
		].join('\n');
		expect(functionLengths('x.ts', text)).toEqual([
			{ name: 'outer', line: 2, lines: 6 },
			{ name: 'inner', line: 3, lines: 3 },
			{ name: 'm', line: 9, lines: 1 },
		]);
	});

	it(`no function is longer than ${MAX_LINES} lines`, () => {
		const files = sourceFiles(join(ROOT, 'nodes'));
		expect(files.length).toBeGreaterThan(50);
		const tooLong = files.flatMap((file) =>
			functionLengths(file, readFileSync(file, 'utf8'))
				.filter((f) => f.lines > MAX_LINES)
				.map(
					(f) =>
						`${relative(ROOT, file).split(sep).join('/')}:${f.line} ${f.name} (${f.lines} lines)`,
				),
		);
		expect(tooLong).toEqual([]);
	});
});
