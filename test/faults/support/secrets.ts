/** Greps for secrets in everything a run leaves behind. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Leak {
	where: string;
	secret: string;
}

/** Names (not values) of the secrets found in `text`. */
export function findSecrets(
	where: string,
	content: string | Buffer,
	secrets: Record<string, string>,
): Leak[] {
	const buffer = typeof content === 'string' ? Buffer.from(content) : content;
	return Object.entries(secrets)
		.filter(([, value]) => buffer.includes(value))
		.map(([name]) => ({ where, secret: name }));
}

/** Every file under `folder` (our own package copy under .n8n/nodes is code, not run data: skipped). */
export function filesUnder(folder: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			const st = statSync(full, { throwIfNoEntry: false });
			if (!st) continue;
			if (st.isDirectory()) {
				if (name !== 'node_modules') walk(full);
			} else if (st.isFile()) out.push(full);
		}
	};
	walk(folder);
	return out;
}

export function grepFiles(
	files: string[],
	secrets: Record<string, string>,
): { leaks: Leak[]; bytes: number } {
	let bytes = 0;
	const leaks: Leak[] = [];
	for (const file of files) {
		const content = readFileSync(file);
		bytes += content.length;
		leaks.push(...findSecrets(file, content, secrets));
	}
	return { leaks, bytes };
}
