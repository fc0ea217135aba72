/** Counts Autotask requests by route (`POST Tickets/query`, ids as `{id}`) for tests and benchmarks. */
export class RequestCounter {
	private readonly routes = new Map<string, number>();

	record(method: string, path: string): void {
		const route = routeOf(method, path);
		this.routes.set(route, (this.routes.get(route) ?? 0) + 1);
	}

	snapshot(): { total: number; byRoute: Record<string, number> } {
		const byRoute: Record<string, number> = {};
		let total = 0;
		for (const [route, n] of this.routes) {
			byRoute[route] = n;
			total += n;
		}
		return { total, byRoute };
	}

	reset(): void {
		this.routes.clear();
	}
}

export function routeOf(method: string, path: string): string {
	const clean = path.split('?')[0].replace(/^\/+|\/+$/g, '');
	return `${method.toUpperCase()} ${clean.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
}

/** Every client in this process records here too. */
export const processRequestCounter = new RequestCounter();
