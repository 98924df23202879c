#!/usr/bin/env node
// Builds dist/ with the Nest CLI when it is missing or older than any source, so the CLI,
// the seeder and `npm start` run the current code without rebuilding every time.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

// Newest mtime of any file below dir (0 when dir is missing).
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function buildIfStale(log = (line) => console.error(line)) {
  const entry = path.join(root, 'dist', 'src', 'main.js');
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const sources = Math.max(
    ...['src', 'libs', 'migrations', 'bench'].map((d) => newestMtime(path.join(root, d))),
  );
  if (built >= sources) return;
  log('building (dist is missing or older than the sources)');
  const result = spawnSync('npx', ['nest', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`build failed (exit ${result.status ?? result.signal})`);
  // nest build empties dist/, the staff console included (scripts/build-console.js).
  const console = spawnSync(process.execPath, [path.join(__dirname, 'build-console.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (console.status !== 0)
    throw new Error(`console build failed (exit ${console.status ?? console.signal})`);
}

module.exports = { buildIfStale };

if (require.main === module) {
  try {
    buildIfStale();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
