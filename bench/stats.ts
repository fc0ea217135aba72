/** Small numeric helpers for the report. */

/** Nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** a / b, or NaN when b is 0 or either is missing. */
export function ratio(a: number | undefined, b: number | undefined): number {
	if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
		return NaN;
	return a / b;
}

export function fmtRatio(r: number): string {
	return Number.isFinite(r) ? `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×` : '–';
}

export function fmtInt(n: number | undefined): string {
	return n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US');
}

export function fmtSeconds(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '–';
	const s = ms / 1000;
	return s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
}

export function fmtMs(ms: number | undefined): string {
	return ms === undefined || !Number.isFinite(ms) ? '–' : `${Math.round(ms)} ms`;
}

export function fmtBytes(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes)) return '–';
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
	if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
	return `${(bytes / 1024).toFixed(0)} KiB`;
}
