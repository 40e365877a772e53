// Compiles the Pulumi entry point (lib/pulumi, published as `cdk8s-zero-trust/pulumi`) into build/pulumi.
// It stays out of the jsii build because Pulumi's types are not jsii types. The compiler also sees the
// library modules it imports, but only lib/pulumi's own output is written: the rest of build/ is jsii's
// output, which carries jsii's runtime type information and must not be overwritten.
import { dirname, join, relative, resolve, sep } from 'path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..');
const configFile = join(root, 'tsconfig.pulumi.json');
const outDir = join(root, 'build', 'pulumi');

const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) {
  fail([read.error]);
}
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configFile), undefined, configFile);
if (parsed.errors.length > 0) {
  fail(parsed.errors);
}
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  fail(diagnostics);
}
const written: string[] = [];
const result = program.emit(undefined, (file, text, bom) => {
  if (resolve(file).startsWith(outDir + sep)) {
    ts.sys.writeFile(file, text, bom);
    written.push(relative(root, file));
  }
});
if (result.diagnostics.length > 0) {
  fail(result.diagnostics);
}
console.log(`build-pulumi: wrote ${written.length} files to ${relative(root, outDir)}`);

function fail(errors: readonly ts.Diagnostic[]): never {
  console.error(ts.formatDiagnosticsWithColorAndContext(errors, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  }));
  process.exit(1);
}
