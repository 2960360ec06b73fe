/* URL builders over the route templates of the page config (config.routes).

   The server writes every path (API, site and task pages) into the config, so the
   scripts hold none: "{name}" in a template is replaced by the URI-encoded value. */

export function fillRoute(template, params) {
  return template.replace(/\{(\w+)\}/g, (match, name) => encodeURIComponent(params[name]));
}

/* A URL with "name=value" parts (already encoded) as its query string. */
export function withQuery(url, query) { return query.length ? url + "?" + query.join("&") : url; }

export function createRoutes(routes) {
  return {
    layers: () => routes.layers,
    features: (layer, query) => withQuery(fillRoute(routes.features, { layer }), query),
    facets: (query) => withQuery(routes.facets, query),
    search: (query) => withQuery(routes.search, query),
    site: (key) => fillRoute(routes.site, { key }),
    planGroups: () => routes.planGroups,
    planTasks: () => routes.planTasks,
    sitePage: (key) => fillRoute(routes.sitePage, { key }),
    taskPage: (code) => fillRoute(routes.taskPage, { code })
  };
}
