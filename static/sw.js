// Rollback Lab's service worker: the app keeps working offline once it has been visited.
//
// This is the fixed part. `lab build-site` (src/cli/site.rs) writes the
// served `sw.js` at the root of the site: a header with VERSION, PRECACHE and LATER (generated from
// the files of the build, so no list is kept by hand), then this file.
//
// - The cache is one snapshot of one deployment, named after VERSION (a hash of the build's files).
//   Installing fills it with PRECACHE (index.html, the start-up script, the light build and its style
//   sheet, the data files); activating deletes the caches of older deployments.
// - LATER (the bigger builds, build by build, each style sheet first) is fetched in the background when a page asks for it
//   ("warm" message from the start-up script, sent after the app has started), never while a
//   first visit is loading. A hashed file fetched by a page is cached too.
// - Page loads (navigations) go to the network first, so an online visit always gets the deployed
//   index.html; offline, any URL of the app gets the cached index.html and the app's router.
// - Hashed files never change: cache first. Other files (data): network first, the cached copy
//   when the network fails.
// - Only complete, successful, same-origin answers are ever cached: never an error or a redirect.

const CACHE = `rollback-lab-${VERSION}`;
const SCOPE = new URL(self.registration.scope);
const at = (path) => new URL(path, SCOPE).href;
const SHELL = at("index.html");
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css|svg)$/;

function cacheable(response) {
  return response.ok && response.status === 200 && response.type === "basic" && !response.redirected;
}

async function store(cache, key, response) {
  if (!cacheable(response)) throw new Error(`${key}: HTTP ${response.status}`);
  await cache.put(key, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `no-cache` revalidates with the server, so the snapshot is this deployment's files.
      await Promise.all(
        PRECACHE.map(async (path) => store(cache, at(path), await fetch(at(path), { cache: HASHED.test(path) ? "default" : "no-cache" }))),
      );
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("rollback-lab-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// The bigger builds, one at a time, skipping what is cached already; a failure is tried again at the
// next visit.
async function warm() {
  const cache = await caches.open(CACHE);
  for (const path of LATER) {
    if (await cache.match(at(path))) continue;
    try {
      await store(cache, at(path), await fetch(at(path)));
    } catch (error) {
      return;
    }
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "warm") event.waitUntil(warm());
  // A page that offers the learner a new deployment asks the waiting worker to take over.
  if (event.data === "skip-waiting") self.skipWaiting();
});

async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    return (await cache.match(SHELL)) || Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (HASHED.test(url.pathname)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});
