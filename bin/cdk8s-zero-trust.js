#!/usr/bin/env node
// The CLI (docs/cli.md): the compiled commands live in build/cli.
process.exitCode = require('../build/cli/main').main(process.argv.slice(2));
