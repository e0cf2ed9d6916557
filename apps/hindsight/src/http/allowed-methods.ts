/** What this module reads of an Express 5 app: its router's layers (Nest's Express adapter reads them too). */
export interface ExpressRoutes {
  readonly router?: { readonly stack?: readonly RouterLayer[] };
}

interface RouterLayer {
  /** Set on layers of a route (`app.post(path, …)`), not on middleware. */
  readonly route?: { readonly methods: Readonly<Record<string, boolean>> };
  match(path: string): boolean;
}

/**
 * The methods of the app's routes for `url`'s path, sorted (GET implies HEAD; `*` for a route of every
 * method); empty when no route has that path. Tells "no such resource" (404) from "not with this
 * method" (405, with these methods in `Allow`).
 */
export function routeMethods(app: ExpressRoutes, url: string): string[] {
  const path = url.split('?')[0];
  const methods = new Set<string>();
  for (const layer of app.router?.stack ?? []) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [name, enabled] of Object.entries(layer.route.methods)) {
      if (enabled) methods.add(name === '_all' ? '*' : name.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
