/**
 * The demo's x360Recover script, driven through the stand-in's admin API (/_x360/) as a tester would:
 * every `everyMs` the next demo system turns TROUBLED (a failed backup, its recovery point ageing) and
 * recovers `recoverAfterMs` later; every fourth step an appliance goes offline and comes back after
 * the same time. Stops (and leaves everything as it is) when the signal aborts.
 */
export interface X360ScenarioOptions {
  adminUrl: string;
  /** Device ids to take turns, and appliance ids to take offline (in order). */
  devices: number[];
  appliances: number[];
  signal: AbortSignal;
  everyMs?: number;
  recoverAfterMs?: number;
  onStep?: (line: string) => void;
}

export interface X360ScenarioStats {
  troubled: number;
  recovered: number;
  offline: number;
  online: number;
  failedCalls: number;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

async function post(adminUrl: string, path: string, body: unknown): Promise<boolean> {
  try {
    const res = await fetch(`${adminUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs until aborted; the returned stats are updated as it goes. */
export function runX360Scenario(o: X360ScenarioOptions, stats: X360ScenarioStats): Promise<void> {
  const every = o.everyMs ?? 60_000;
  const recoverAfter = o.recoverAfterMs ?? 3 * 60_000;
  const pending = new Set<Promise<void>>();
  const call = async (path: string, body: unknown, count?: Exclude<keyof X360ScenarioStats, 'failedCalls'>, line?: string) => {
    if (o.signal.aborted) return;
    if (!(await post(o.adminUrl, path, body))) {
      stats.failedCalls++;
      return;
    }
    if (count) stats[count]++;
    if (line) o.onStep?.(line);
  };
  const later = (fn: () => Promise<void>) => {
    const p = wait(recoverAfter, o.signal).then(() => (o.signal.aborted ? undefined : fn()));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const loop = async () => {
    for (let step = 0; !o.signal.aborted; step++) {
      await wait(every, o.signal);
      if (o.signal.aborted) break;
      const device = o.devices[step % Math.max(1, o.devices.length)];
      if (device !== undefined) {
        await call(`/device/${device}/health`, { status: 'TROUBLED', reason: 'BACKUP_FAILED', message: 'Backup failed: VSS snapshot could not be created' }, 'troubled', `x360 device ${device} TROUBLED`);
        await call(`/device/${device}/restore-point-age`, { localMinutes: 600 });
        later(async () => {
          await call(`/device/${device}/health`, { status: 'NORMAL' }, 'recovered', `x360 device ${device} recovered`);
          await call(`/device/${device}/restore-point-age`, { localMinutes: 5 });
        });
      }
      const appliance = o.appliances[Math.floor(step / 4) % Math.max(1, o.appliances.length)];
      if (step % 4 === 1 && appliance !== undefined) {
        await call(`/appliance/${appliance}/tunnel`, { status: 'DOWN' }, 'offline', `x360 appliance ${appliance} offline`);
        later(() => call(`/appliance/${appliance}/tunnel`, { status: 'UP' }, 'online', `x360 appliance ${appliance} back online`));
      }
    }
    await Promise.all(pending);
  };
  return loop();
}
