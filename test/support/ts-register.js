// Lets a child Node process run the TypeScript sources as the tests do (transpiled file by file,
// as ts-jest does with isolatedModules): for tests that need a second API process.
const fs = require('node:fs');
const ts = require('typescript');

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

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
