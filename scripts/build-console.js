#!/usr/bin/env node
// Builds the staff console (libs/console) into dist/console: one script bundled by esbuild, its
// page and its styles. No CDN at run time: the app serves these files itself at /console.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'console');

async function buildConsole() {
  fs.mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'libs', 'console', 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    tsconfig: path.join(root, 'libs', 'console', 'tsconfig.json'),
    outfile: path.join(out, 'app.js'),
    metafile: true,
    logLevel: 'warning',
  });
  for (const name of ['index.html', 'app.css'])
    fs.copyFileSync(path.join(root, 'libs', 'console', 'static', name), path.join(out, name));
  return result.metafile.outputs;
}

module.exports = { buildConsole };

if (require.main === module) {
  buildConsole().then(
    (outputs) => {
      for (const [file, { bytes }] of Object.entries(outputs))
        console.log(`console: ${path.relative(root, file)} ${bytes} bytes`);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
