// The validation plugin of cdk8s.yaml, loaded from this repository's TypeScript sources (an app that
// installs the package references `./node_modules/cdk8s-zero-trust` instead, which loads build/).
require('tsx/cjs');
module.exports = require('../../lib/plugin');
