// Starts the live islands of a page. An island is an element with data-island="/js/x.js": that
// module's start(element) runs once for it and may return a function that stops it. Runs on load
// and after every enhanced navigation, which swaps the page's content without running scripts;
// an island whose element left the page (or whose data-island-key changed: the same element now
// shows another object) is stopped. Nothing is loaded on pages without islands.
const running = new Map(); // element -> { key, stop }

const keyOf = (element) => `${element.dataset.island}|${element.dataset.islandKey ?? ""}`;

async function start(element, entry) {
  try {
    const module = await import(element.dataset.island);
    const stop = await module.start(element);
    if (typeof stop !== "function") return;
    if (running.get(element) === entry) entry.stop = stop;
    else stop(); // left the page while starting
  } catch (error) {
    console.warn(`island ${element.dataset.island} did not start`, error);
  }
}

function sync() {
  for (const [element, entry] of running) {
    if (element.isConnected && keyOf(element) === entry.key) continue;
    running.delete(element);
    entry.stop?.();
  }
  for (const element of document.querySelectorAll("[data-island]")) {
    if (running.has(element)) continue;
    const entry = { key: keyOf(element), stop: null };
    running.set(element, entry);
    start(element, entry);
  }
}

sync();
globalThis.Blazor?.addEventListener?.("enhancedload", sync);
