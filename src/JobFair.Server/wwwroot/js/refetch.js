// Catching a server-rendered part of a page up with the server: the page is fetched again and the
// part (found by its id) is brought in line with the fresh copy, keeping what did not change (so
// focus, open <details> and scroll stay put) and ringing what is new or changed. Children that carry
// data-key are matched by it; a keyed child whose own children are keyed is caught up the same way.
// The rendering, the words and the rules stay the server's: no status table is copied here.
import { drop, highlight } from "/js/live.js";

const asked = new WeakMap(); // element -> number of its latest request

// Pages the server rendered again meanwhile (an enhanced form post or navigation): a copy fetched
// before one of them is older than what the page now shows and must not be laid over it (a slot
// booked by the reader would vanish again until the next event).
let loads = 0;
let counting = false;
function countLoads() {
  if (counting || !globalThis.Blazor?.addEventListener) return;
  counting = true;
  globalThis.Blazor.addEventListener("enhancedload", () => { loads++; });
}

/** Fetches the page again and catches `element` up; resolves to the keyed elements that changed. */
export async function refetch(element) {
  countLoads();
  const seen = loads;
  const ticket = (asked.get(element) ?? 0) + 1;
  asked.set(element, ticket);
  const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!response.ok || asked.get(element) !== ticket) { // signed out meanwhile, or a newer answer is coming
    drop(response);
    return [];
  }
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(element.id);
  if (!fresh || loads !== seen || !element.isConnected) return []; // the page was rendered again meanwhile
  const changed = [];
  sameAttributes(element, fresh);
  catchUp(element, fresh, changed);
  for (const node of changed) highlight(node);
  return changed;
}

function catchUp(current, fresh, changed) {
  const old = new Map();
  for (const child of current.children) if (child.dataset.key) old.set(child.dataset.key, child);
  const unkeyed = [...current.children].filter((child) => !child.dataset.key);
  const next = [];
  for (const child of fresh.children) {
    const key = child.dataset.key;
    const before = key ? old.get(key) : unkeyed.shift();
    if (before && same(before, child)) {
      next.push(before);
    } else if (before && key && before.tagName === child.tagName && child.querySelector(":scope > [data-key]")) {
      sameAttributes(before, child);
      catchUp(before, child, changed);
      next.push(before);
    } else {
      const node = document.importNode(child, true);
      if (key) changed.push(node);
      next.push(node);
    }
  }
  // In place: an element that stays where it was is not touched (it keeps focus).
  next.forEach((node, i) => {
    const there = current.children[i];
    if (there !== node) current.insertBefore(node, there ?? null);
  });
  const kept = new Set(next);
  for (const child of [...current.children]) if (!kept.has(child)) child.remove();
}

// A <details> the reader opened or folded keeps their choice: "open" is theirs, not the server's.
const readersOwn = (element, name) => name === "open" && element.tagName === "DETAILS";

function sameAttributes(element, fresh) {
  for (const { name, value } of fresh.attributes) {
    if (!readersOwn(element, name) && element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  for (const { name } of [...element.attributes]) if (!readersOwn(element, name) && !fresh.hasAttribute(name)) element.removeAttribute(name);
}

// Equal but for the antiforgery tokens of their forms (new on every rendering) and the ring of an earlier change.
function same(a, b) {
  if (a.isEqualNode(b)) return true;
  const [x, y] = [a.cloneNode(true), b.cloneNode(true)];
  for (const clone of [x, y]) {
    for (const input of clone.querySelectorAll("input[name=__RequestVerificationToken]")) input.setAttribute("value", "");
    for (const details of [clone, ...clone.querySelectorAll("details")]) if (details.tagName === "DETAILS") details.removeAttribute("open");
    for (const ringed of [clone, ...clone.querySelectorAll(".changed")]) {
      ringed.classList.remove("changed");
      if (ringed.getAttribute("class") === "") ringed.removeAttribute("class");
    }
  }
  return x.isEqualNode(y);
}
