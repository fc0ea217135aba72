/**
 * Samples the resident memory of a process group (n8n and its task runner) from /proc:
 * the sum of VmRSS over the group's processes, and each process's own peak (VmHWM).
 */
import * as fs from 'fs';

export interface MemorySample {
	/** Largest sum of VmRSS over the group seen while sampling (bytes). */
	peakGroupRss: number;
	/** Largest VmHWM (the kernel's own peak RSS) of any single process of the group (bytes). */
	peakProcessHwm: number;
	/**
	 * Largest sum of Pss (proportional set size, /proc/<pid>/smaps_rollup) over the group: pages the
	 * processes share (the Node binary, libraries) counted once, split between them. 0 if unreadable.
	 */
	peakGroupPss?: number;
	processes: number;
	samples: number;
}

/** `VmRSS:   12345 kB` → bytes. */
export function statusField(status: string, field: string): number | undefined {
	const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
	return match ? Number(match[1]) * 1024 : undefined;
}

/** The process group id (field 5) from /proc/<pid>/stat; the command name may hold spaces or parentheses. */
export function processGroupOf(stat: string): number | undefined {
	const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const pgrp = Number(afterName[2]);
	return Number.isInteger(pgrp) ? pgrp : undefined;
}

export function groupPids(pgid: number): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (processGroupOf(fs.readFileSync(`/proc/${entry}/stat`, 'utf8')) === pgid)
				pids.push(Number(entry));
		} catch {
			/* the process ended meanwhile */
		}
	}
	return pids;
}

export class GroupMemorySampler {
	private timer?: NodeJS.Timeout;
	private result: MemorySample = {
		peakGroupRss: 0,
		peakProcessHwm: 0,
		peakGroupPss: 0,
		processes: 0,
		samples: 0,
	};

	constructor(
		private readonly pgid: number,
		private readonly intervalMs = 250,
	) {}

	sampleOnce(): void {
		let sum = 0;
		let pss = 0;
		const pids = groupPids(this.pgid);
		for (const pid of pids) {
			try {
				const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
				sum += statusField(status, 'VmRSS') ?? 0;
				this.result.peakProcessHwm = Math.max(
					this.result.peakProcessHwm,
					statusField(status, 'VmHWM') ?? 0,
				);
				pss += statusField(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss') ?? 0;
			} catch {
				/* ended meanwhile */
			}
		}
		this.result.peakGroupRss = Math.max(this.result.peakGroupRss, sum);
		this.result.peakGroupPss = Math.max(this.result.peakGroupPss ?? 0, pss);
		this.result.processes = Math.max(this.result.processes, pids.length);
		this.result.samples++;
	}

	start(): this {
		this.sampleOnce();
		this.timer = setInterval(() => this.sampleOnce(), this.intervalMs);
		return this;
	}

	stop(): MemorySample {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.sampleOnce();
		return { ...this.result };
	}
}
