export interface IdeSettings {
  /** The GraphQL endpoint, for queries and (over WebSocket) subscriptions. */
  endpoint: string;
  /** Where the scripts, styles and Monaco's workers are. */
  assets: string;
  /** Headers the editor starts with: the demo storefront key, when the demo data is loaded. */
  headers: Record<string, string> | null;
  /** The operation the editor starts with (GraphiQL's welcome text when null). */
  query: string | null;
}

/**
 * The IDE's page: its settings as a JSON data block (never executed, so the CSP needs no inline
 * script), one stylesheet and one script, all from this origin.
 */
export function idePage(settings: IdeSettings): string {
  // `<` escaped: no value can close the data block.
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphQL IDE · Social commerce API</title>
    <link rel="stylesheet" href="${settings.assets}/ide.css" />
  </head>
  <body>
    <div id="graphiql">Loading the GraphQL IDE…</div>
    <script type="application/json" id="ide-settings">${json}</script>
    <script src="${settings.assets}/ide.js" defer></script>
  </body>
</html>
`;
}
