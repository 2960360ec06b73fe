/* The JSON API client: every request the map page makes goes through here. */

export function getJSON(url) {
  return fetch(url).then((response) => {
    if (!response.ok) { throw new Error(url + " → " + response.status); }
    return response.json();
  });
}

/* Every feature of a paged GeoJSON collection, following its "next" links. */
export function fetchAll(url, collected = []) {
  return getJSON(url).then((body) => {
    const all = collected.concat(body.features);
    const next = (body.links || []).find((link) => link.rel === "next");
    return next ? fetchAll(next.href, all) : all;
  });
}

/* `routes` is the object made by createRoutes (routes.js). */
export function createApi(routes) {
  return {
    layers: () => getJSON(routes.layers()).then((body) => body.layers),
    /* Plan groups and tasks; empty lists when the plan is not loaded. */
    plan: () => Promise.all([getJSON(routes.planGroups()), getJSON(routes.planTasks())]).then(
      ([groups, tasks]) => ({ groups: groups.groups, tasks: tasks.tasks }),
      () => ({ groups: [], tasks: [] })
    ),
    features: (layerId, query) => fetchAll(routes.features(layerId, query)),
    facets: (query) => getJSON(routes.facets(query)),
    search: (text) => getJSON(routes.search(["limit=10", "q=" + encodeURIComponent(text)])),
    site: (key) => getJSON(routes.site(key))
  };
}
