// BENCH_PROFILE=1: every statement any pg client of this process sends while profiling is on,
// grouped by its first 70 characters, with the client-side time (including waits for locks and
// connections). Used by the engine's in-process phase and the timers.
import pg from 'pg';

const profile = new Map();
let on = false;
if (process.env.BENCH_PROFILE === '1') {
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(config, values, callback) {
    if (!on) return original.call(this, config, values, callback);
    const text = typeof config === 'string' ? config : config?.text ?? '';
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    const t = performance.now();
    const done = () => {
      const e = profile.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t;
      profile.set(key, e);
    };
    const r = original.call(this, config, values, callback);
    if (r && typeof r.then === 'function') r.then(done, done);
    return r;
  };
}

/** Starts counting (clears what was counted). */
export function startProfile() {
  profile.clear();
  on = true;
}

/** Stops counting; the statements by total time, per `unit` (e.g. per completion), or undefined when not profiling. */
export function stopProfile(units) {
  on = false;
  if (!profile.size) return undefined;
  const total = [...profile.values()].reduce((a, e) => a + e.n, 0);
  return {
    statementsPerUnit: total / units,
    top: [...profile.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25).map(([sql, e]) => ({ sql, perUnit: e.n / units, avgMs: e.ms / e.n })),
  };
}
