// Lets a child Node process run the TypeScript sources as the tests do (transpiled file by file,
// as ts-jest does with isolatedModules): for tests that start API processes and command-line tools.
// Transpiled files are kept in a cache in the temporary directory, keyed by path, source and
// TypeScript version: a child then starts in a second or two instead of transpiling the whole app.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Another TypeScript or other options (below, in this file) make other output.
const SALT = `${require('typescript/package.json').version}\0${fs.readFileSync(path.join(__dirname, 'ts-register.js'), 'utf8')}`;
const CACHE = path.join(os.tmpdir(), 'commerce-ts-register-cache');
fs.mkdirSync(CACHE, { recursive: true });

let ts; // loaded on the first file not in the cache
function transpile(source, filename) {
  ts ??= require('typescript');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields: false,
    isolatedModules: true,
    strict: true, // as tsconfig.json: `Entity | null` properties then carry Object as design type, not a class declared later
  };
  return ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(`${SALT}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    // Written aside and renamed: processes starting together never read half a file.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached);
  }
  module._compile(output, filename);
};
