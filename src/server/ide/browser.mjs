// The GraphQL IDE in the browser: GraphiQL 5, bundled by esbuild (src/tools/build-ide.ts) and
// served by the API itself with its Monaco workers, so the page needs nothing but this origin.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './page.css';

// The page says where the API and the worker scripts are, as JSON (a data block, not a script: no CSP exception).
const settings = JSON.parse(document.getElementById('ide-settings').textContent);

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(`${settings.assets}/${name}.worker.js`);
  },
};

const socket = new URL(settings.endpoint, location.href);
socket.protocol = socket.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({ url: settings.endpoint, subscriptionUrl: socket.toString() });

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: settings.query ?? undefined,
    defaultHeaders: settings.headers ? JSON.stringify(settings.headers, null, 2) : undefined,
    shouldPersistHeaders: false,
  }),
);
