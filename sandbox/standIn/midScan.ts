/**
 * A record armed to arrive in the middle of a paged list scan: after the next `afterPages` list pages,
 * so that tests see what a scan does when the list shifts under it.
 */
export interface ArmedSpec {
	/** Arrives after this many more list answers (default 1: between the first and the second page). */
	afterPages?: number;
	position?: 'start' | 'end';
}

export class MidScan<S extends ArmedSpec> {
	private armed: (S & { left: number }) | undefined;

	arm(spec: S): void {
		const left = spec.afterPages ?? 1;
		if (!Number.isInteger(left) || left < 1)
			throw new Error('afterPages must be a whole number >= 1');
		this.armed = { ...spec, left };
	}

	/** After a list page: the spec when its record is due now (then disarmed). */
	afterPage(): S | undefined {
		if (!this.armed || --this.armed.left > 0) return undefined;
		const spec = this.armed;
		this.armed = undefined;
		return spec;
	}

	clear(): void {
		this.armed = undefined;
	}

	describe(): (S & { left: number }) | null {
		return this.armed ?? null;
	}
}
