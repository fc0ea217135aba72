/**
 * The sandbox a test file (or describe block) runs against: the demo tenant unless another seed is
 * named, started before the tests and closed after them, and (unless `reset: false`) re-seeded before
 * each test so that no test sees another's writes.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

/** `started` receives the running sandbox (the file keeps it in its own `let sb`). */
export function useSandbox(
	started: (sb: Sandbox) => void,
	{ reset = true, ...options }: SandboxOptions & { reset?: boolean } = {},
): void {
	let sb: Sandbox | undefined;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, ...options });
		started(sb);
	});
	afterAll(async () => sb?.close());
	if (reset) beforeEach(() => sb?.reset());
}
