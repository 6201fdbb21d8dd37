// Re-times attacks that `../shared/peers/confirm.py` confirmed, by the rule of
// `rxguard check --confirm`: an attack blocks only if each of three runs takes a second or
// more (the fastest run is the engine's own cost; other processes only slow a run down), and
// the first run under a second ends its trial. Each attack is built at the length where
// confirm.py confirmed it.
//
//   python3 scripts/eval/confirmed_tries.py CONFIRM.jsonl > TRIES.jsonl
//   node scripts/eval/retime.js TRIES.jsonl > RETIMED.jsonl
//
// Output lines: {"pattern", "flags", "len", "times": [ms, …], "blocked"}.
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const r = JSON.parse(line);
  const re = new RegExp(r.pattern, (r.flags || '').replace(/g/g, ''));
  const build = (n) => r.pumps.map(([a, b, c]) => a + b.repeat(Math.max(0, n + c))).join('') + r.suffix;
  // V8 tiers a regexp up to native code on its second run.
  for (let k = 0; k < 2; k++) { re.lastIndex = 0; re.test(build(8)); }
  const s = build(r.n);
  const times = [];
  for (let k = 0; k < 3; k++) {
    re.lastIndex = 0;
    const t0 = process.hrtime.bigint();
    re.test(s);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    times.push(ms);
    if (ms < 1000) break;
  }
  const blocked = times.length === 3 && Math.min(...times) >= 1000;
  console.log(JSON.stringify({ pattern: r.pattern, flags: r.flags || '', len: s.length, times, blocked }));
}
