// The page's one connection to the hub /hubs/live (the sign-in cookie says who it is), shared by
// its islands. It reconnects by itself for as long as the page is open; meanwhile a quiet line
// (#live-status in the layout) says that the page will catch up, and when the connection is back
// every island fetches its state from the server again: what was missed is never replayed.
//
//   import { live } from "/js/live.js";
//   export function start(element) {
//     return live({
//       join: (hub) => hub.invoke("WatchFair", id),        // after every (re)connection
//       leave: (hub) => hub.invoke("UnwatchFair", id),     // when the island stops
//       events: { fairStats: (stats) => show(stats) },     // hub events of the contract
//       refresh: async () => show(await fetchStats()),     // the state, from the server
//     });
//   }

// Then every 10 s for as long as the page is open, each spread by a quarter either way so that
// thousands of phones cut off at once do not all come back in the same instant.
const retryDelays = [0, 1000, 3000, 5000, 10000];
const islands = new Set();
let hubReady = null;

/** Runs an island on the shared connection; returns the function that stops it. */
export function live({ events = {}, join, leave, refresh } = {}) {
  const island = { events, join, leave, refresh };
  islands.add(island);
  const ready = (hubReady ??= open());
  ready.then((hub) => {
    if (!islands.has(island)) return;
    for (const [name, handler] of Object.entries(events)) hub.on(name, handler);
    // Still connecting: the connection catches every island up once it is open.
    if (hub.state === "Connected") catchUp(hub, island);
  });
  return () => {
    if (!islands.delete(island)) return;
    ready.then((hub) => {
      for (const [name, handler] of Object.entries(events)) hub.off(name, handler);
      if (leave && hub.state === "Connected") Promise.resolve(leave(hub)).catch(() => {});
    });
  };
}

let said = { words: "", at: 0 };

/**
 * Says something to screen readers, politely (#live-announce in the layout). Parts of a page that
 * speak within a few seconds of each other (the header's badge and a list, for one event) are said
 * together: the region holds one text, and the later part must not silence the earlier one.
 */
export function announce(text) {
  const region = document.getElementById("live-announce");
  if (!region) return;
  const now = Date.now();
  const words = said.words && now - said.at < 3000 ? `${said.words} ${text}` : text;
  said = { words, at: now };
  region.textContent = "";
  setTimeout(() => { region.textContent = words; }, 50); // a change, even when the words repeat
}

/**
 * Lets go of an answer the caller will not read (an error, or one a newer request overtook). The browser
 * holds a fetched body until it is read or cancelled, and with it one of the few connections it opens to
 * the site: a page that refreshes often would stall on answers nobody reads.
 */
export function drop(response) {
  response.body?.cancel().catch(() => {});
}

/** Highlights an element that just changed (no animation for readers who prefer reduced motion: site.css). */
export function highlight(element) {
  element.classList.remove("changed");
  void element.offsetWidth; // restart the animation
  element.classList.add("changed");
}

async function open() {
  await import("/lib/signalr/signalr.min.js"); // the official browser bundle (npm @microsoft/signalr)
  const { HubConnectionBuilder, LogLevel } = globalThis.signalR;
  const hub = new HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => delay(previousRetryCount) })
    // A dropped connection is normal on a phone and the page says so itself: warnings, not errors.
    .configureLogging({ log: (level, message) => { if (level >= LogLevel.Error) console.warn("live:", message); } })
    .build();
  hub.onreconnecting(() => say("lost"));
  hub.onreconnected(() => { say("back"); catchUpAll(hub); });
  hub.onclose(() => { say("lost"); connect(hub, 1); });
  connect(hub, 0);
  return hub;
}

async function connect(hub, attempt) {
  for (;; attempt++) {
    try {
      await hub.start();
      if (attempt > 0) say("back");
      catchUpAll(hub);
      return;
    } catch {
      say("lost");
      await new Promise((resolve) => setTimeout(resolve, delay(attempt) || 1000));
    }
  }
}

function catchUpAll(hub) {
  for (const island of islands) catchUp(hub, island);
}

async function catchUp(hub, island) {
  try {
    await island.join?.(hub);
    await island.refresh?.();
  } catch (error) {
    console.warn("live: an island could not catch up", error);
  }
}

const delay = (attempt) => retryDelays[Math.min(attempt, retryDelays.length - 1)] * (0.75 + Math.random() / 2);

let quiet = 0;
function say(what) {
  const line = document.getElementById("live-status");
  if (!line) return;
  clearTimeout(quiet);
  if (what === "back" && line.textContent === "") return; // nothing was said to be lost
  line.textContent = line.dataset[what] ?? "";
  if (what === "back") quiet = setTimeout(() => { line.textContent = ""; }, 4000);
}
