#!/usr/bin/env node
'use strict';
// One command to run the whole platform: default the environment, create the database named
// in DATABASE_URL if it is set (unset, the app runs an embedded PostgreSQL of its own, see
// src/platform/database/embedded-postgres.ts), build if stale, then run the app.
// Migrations are not run here: the app applies them itself at start (src/bootstrap.ts).
const { spawn } = require('node:child_process');
const { buildIfStale: ensureBuild } = require('./ensure-build');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
process.chdir(root); // dist/ and npx resolve against the repository root.

// Defaults for a local machine; anything already set in the environment wins.
// DATABASE_URL and REDIS_URL have none: unset, the app starts its embedded PostgreSQL (data in
// .data/postgres) and keeps its queues, sessions and rate limits there too.
const defaults = {
  PORT: '3000',
  APP_ROLE: 'all',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'change-me-now-please',
  SEED_DEMO: 'true',
};
for (const [name, value] of Object.entries(defaults)) {
  if (!process.env[name]) process.env[name] = value;
}

// The app can only migrate a database that exists, so make it first, through the
// server's `postgres` database with the same credentials.
async function ensureDatabase(databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // Checking first lets a role without CREATEDB use a database someone else made.
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount > 0) return;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`start: created database ${name}`);
  } catch (error) {
    // 42P04 duplicate_database; 23505 when another process creates it at the same moment.
    if (error.code !== '42P04' && error.code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

// Rebuild only when dist is missing or older than the sources, so restarts stay fast.
function buildIfStale() {
  ensureBuild((line) => console.log(`start: ${line}`));
}

function run() {
  const child = spawn(process.execPath, ['dist/src/main.js'], { stdio: 'inherit', env: process.env });
  // Pass signals on so the app shuts down gracefully. A Ctrl-C from the terminal reaches both
  // processes; the app takes signals within a second of the first as that same one
  // (graceful-shutdown.ts). A later second signal forces the app's exit; a third here kills it.
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(++signals > 2 ? 'SIGKILL' : signal));
  }
  child.on('error', (error) => {
    console.error(`start: could not run the app: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    // Shell convention: death by signal N exits 128 + N.
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
}

Promise.resolve(process.env.DATABASE_URL && ensureDatabase(process.env.DATABASE_URL))
  .then(buildIfStale)
  .then(run)
  .catch((error) => {
    console.error(`start: ${error.message || error.code || error}`);
    process.exit(1);
  });
