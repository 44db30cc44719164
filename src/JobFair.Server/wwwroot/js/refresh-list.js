// A server-rendered list that follows hub events (the recruiter's applications inbox, their fairs'
// standing): on one of the element's events (data-events="applicationReceived participationDecided"),
// and whenever the connection (re)opens, the page is asked for again and the element's content
// replaced by the server's, so the words, formats and filters are the page's own, never rebuilt here.
// Rows (children with data-row-id) that were not there before are highlighted and announced.
import { live, announce, drop, highlight } from "/js/live.js";

export function start(element) {
  const events = Object.fromEntries((element.dataset.events ?? "").split(" ").filter(Boolean).map((name) => [name, () => refresh()]));
  let asked = 0;

  async function refresh() {
    const ticket = ++asked;
    const response = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (!response.ok || ticket !== asked) return drop(response);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById(element.id);
    if (!fresh || fresh.innerHTML === element.innerHTML) return;
    const seen = new Set([...element.querySelectorAll("[data-row-id]")].map((row) => row.dataset.rowId));
    const before = new Map([...element.querySelectorAll("[data-row-id]")].map((row) => [row.dataset.rowId, row.dataset.rowState]));
    element.innerHTML = fresh.innerHTML;
    let changed = 0;
    for (const row of element.querySelectorAll("[data-row-id]")) {
      if (seen.has(row.dataset.rowId) && before.get(row.dataset.rowId) === row.dataset.rowState) continue;
      highlight(row);
      changed++;
    }
    if (changed > 0 && element.dataset.announce) announce(element.dataset.announce.replace("{0}", changed));
  }

  return live({ events, refresh });
}
