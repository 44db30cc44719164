// The requests awaiting a career centre on /centre: when an employer asks to join one of its fairs
// (`participationRequested`), and whenever the connection (re)opens, the section is fetched again
// from the server and swapped in, decision forms included. The server renders it; this only
// brings it in without a reload.
import { live, announce, drop, highlight } from "/js/live.js";

export function start(section) {
  let asked = 0;

  async function refresh() {
    const ticket = ++asked;
    const response = await fetch(location.pathname, { headers: { Accept: "text/html" } });
    if (!response.ok || ticket !== asked) return drop(response);
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(section.id);
    if (!fresh) return;
    const known = new Set([...section.querySelectorAll("[data-participation]")].map((e) => e.dataset.participation));
    // A form being typed into is left alone; the next event or reconnection brings the rest.
    if (section.contains(document.activeElement) && document.activeElement.matches("input")) return;
    section.innerHTML = fresh.innerHTML;
    const arrived = [...section.querySelectorAll("[data-participation]")].filter((e) => !known.has(e.dataset.participation));
    for (const card of arrived) highlight(card);
    if (arrived.length > 0) announce(section.dataset.arrived.replace("{0}", arrived.length));
  }

  return live({ events: { participationRequested: refresh }, refresh });
}
