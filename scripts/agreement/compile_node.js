#!/usr/bin/env node
// Batch compile check for V8: one JSON object {"pattern","flags"} per input line,
// one line out per line in: {"ok":true} or {"ok":false,"message":...}.
'use strict';
const readline = require('readline');
const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
const out = [];
rl.on('line', (line) => {
  let r;
  try {
    const req = JSON.parse(line);
    new RegExp(req.pattern, req.flags || '');
    r = {ok: true};
  } catch (e) {
    r = {ok: false, message: String(e && e.message || e)};
  }
  out.push(JSON.stringify(r));
  if (out.length >= 4096) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
});
rl.on('close', () => { if (out.length) process.stdout.write(out.join('\n') + '\n'); });
