/** What the e2e tiers check after a stop: that no process is left and no port still answers. */

/** Whether a process (or, with a negative id, a process group) still exists. */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Whether nothing listens at the URL any more (the connection is refused). */
export async function refused(url: string): Promise<boolean> {
	try {
		await fetch(url);
		return false;
	} catch {
		return true;
	}
}
