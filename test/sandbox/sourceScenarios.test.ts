/** npm start's wiring of both source scripts (tools/demo/sourceScenarios.ts) and its summary figures, on a fast clock. */
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { runSourceScenarios, sourceFigures } from '../../tools/demo/sourceScenarios';

let x: X360Recover;
let d: DattoStandIn;
beforeAll(async () => {
	[x, d] = await Promise.all([startX360Recover({ seed: 'demo' }), startDatto({ seed: 'demo' })]);
});
afterAll(() => Promise.all([x.close(), d.close()]));

it('before any step, the summary shows both sources healthy', () => {
	expect(sourceFigures(x, d)).toBe(
		' | x360Recover: 0 systems troubled, 0 appliances offline now; API calls 0 | Datto: 0 agents failing, 0 screenshots failed, 0 appliances not seen now; API calls 0',
	);
});

it('runs both scripts on one stop signal; the summary counts what is broken while it is', async () => {
	const stop = new AbortController();
	const lines: string[] = [];
	const figures = new Set<string>();
	const done = runSourceScenarios(x, d, stop.signal, (line) => lines.push(line), {
		everyMs: 50,
		recoverAfterMs: 400,
	});
	const deadline = Date.now() + 5000;
	while (
		Date.now() < deadline &&
		!(
			lines.some((l) => l.includes('recovered')) && lines.some((l) => l.includes('backed up again'))
		)
	) {
		figures.add(sourceFigures(x, d));
		await new Promise((r) => setTimeout(r, 10));
	}
	stop.abort();
	await done;
	expect(lines.some((l) => l.startsWith('x360 device'))).toBe(true);
	expect(lines.some((l) => l.startsWith('Datto agent'))).toBe(true);
	expect([...figures].some((f) => /x360Recover: [1-9]\d* systems troubled/.test(f))).toBe(true);
	expect([...figures].some((f) => /Datto: [1-9]\d* agents failing/.test(f))).toBe(true);
	const count = lines.length;
	await new Promise((r) => setTimeout(r, 200));
	expect(lines.length).toBe(count); // both stopped
});
