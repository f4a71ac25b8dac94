#!/usr/bin/env node
// `bump:next-version` (npx projen release): the first release, when no `v*` tag exists yet, is 0.1.0.
// After that nothing is printed and projen bumps from the conventional commits since the latest tag
// (fix: patch; feat: minor; a breaking change: major, or minor while the version is 0.x).
const { execFileSync } = require('child_process');

const tags = execFileSync('git', ['tag', '--list', 'v*'], { encoding: 'utf8' }).trim();
if (!tags) process.stdout.write('0.1.0');
