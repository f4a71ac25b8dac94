#!/usr/bin/env node
// Condition of the package tasks: exits 0 (compile first) when the compiled module (.jsii) is missing or older than
// a file of src/ or package.json, 1 when it is up to date.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const mtime = (f) => fs.statSync(f).mtimeMs;
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(f) : mtime(f));
  }
  return latest;
}

const assembly = path.join(root, '.jsii');
if (!fs.existsSync(assembly) || !fs.existsSync(path.join(root, 'lib', 'index.js'))) process.exit(0);
const built = mtime(assembly);
process.exit(newest(path.join(root, 'src')) > built || mtime(path.join(root, 'package.json')) > built ? 0 : 1);
