// SPDX-License-Identifier: MIT
// Times redact-pii's SyncRedactor.redact() once per comment text of the corpus, like
// bench-scan's redact-labels path: one warm-up pass, then REPS passes; prints the
// median MB/s (10^6 UTF-8 bytes of text per second).
// usage: node peer-redact-pii.js CACHE_DIR CORPUS REPS
'use strict';
const fs = require('fs');
const path = require('path');

const [cache, corpus, repsArg] = process.argv.slice(2);
const modDir = path.join(cache, 'node_modules', 'redact-pii');
const { SyncRedactor } = require(modDir);
const version = JSON.parse(fs.readFileSync(path.join(modDir, 'package.json'), 'utf8')).version;
const reps = Math.max(1, parseInt(repsArg, 10) || 1);

const texts = fs.readFileSync(corpus, 'utf8').split('\n').filter((l) => l.length > 0)
  .map((l) => JSON.parse(l).text);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
const redactor = new SyncRedactor();

let sink = 0;
function pass() {
  const t0 = process.hrtime.bigint();
  for (const t of texts) sink += redactor.redact(t).length;
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

pass(); // warm-up: JIT, caches
const times = [];
for (let r = 0; r < reps; r++) times.push(pass());
times.sort((a, b) => a - b);
const med = reps % 2 ? times[(reps - 1) / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
console.log(`ok mbps=${(bytes / med / 1e6).toFixed(3)} version=${version} sink=${sink}`);
