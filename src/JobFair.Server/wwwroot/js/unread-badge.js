// The unread-notification badge in the header (Web/Components/UnreadBadge.razor): on every
// `notification` event, and whenever the connection (re)opens, it asks the server for the count.
import { live, announce, drop, highlight } from "/js/live.js";

export function start(badge) {
  let asked = 0;

  async function refresh() {
    const ticket = ++asked;
    const response = await fetch("/api/me/notifications?unread=true&pageSize=1", { headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== asked) return drop(response); // signed out meanwhile, or a newer answer is coming
    show((await response.json()).total);
  }

  function show(count) {
    const before = Number(badge.dataset.count);
    if (count === before) return;
    const said = badge.dataset.label.replace("{0}", count);
    badge.dataset.count = count;
    badge.hidden = count === 0;
    badge.querySelector("[data-count-shown]").textContent = count;
    badge.querySelector("[data-count-said]").textContent = said;
    if (count > before) {
      highlight(badge);
      announce(said);
    }
  }

  return live({ events: { notification: refresh }, refresh });
}
