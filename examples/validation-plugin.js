// The validation plugin of `cdk8s synth` in this directory, built from the repository's sources on the fly.
// An app of your own names the installed package instead (docs/validation.md):
//   validations:
//     - package: ./node_modules/cdk8s-node-daemons   (or: package: cdk8s-node-daemons, version: 0.1.0)
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, 'tsconfig.json') });
module.exports = require('../src/validation');
