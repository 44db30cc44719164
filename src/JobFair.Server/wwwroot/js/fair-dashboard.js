// The figures of a fair's dashboard (/centre/fairs/{id}): watched live (`fairStats`), and asked
// again from the server whenever the connection (re)opens. Figures older than those shown are
// dropped (each count carries a growing version).
import { live, drop, highlight } from "/js/live.js";

const fields = {
  employers: "employers", positions: "positions", openings: "openings", applicants: "applicants",
  applications: "applications", "interviews-invited": "interviewsInvited", "interviews-booked": "interviewsBooked",
  offers: "offers", signed: "signed",
};

export function start(element) {
  const id = element.dataset.fairId;
  let version = -1;
  const format = new Intl.NumberFormat("en-US");

  function show(stats) {
    if (stats.fairId !== id || stats.version < version) return;
    version = stats.version;
    for (const cell of element.querySelectorAll("[data-stat]")) {
      const value = stats[fields[cell.dataset.stat]];
      if (value === undefined) continue;
      const text = format.format(value);
      if (cell.textContent !== text) {
        cell.textContent = text;
        highlight(cell);
      }
    }
  }

  return live({
    join: (hub) => hub.invoke("WatchFair", id),
    leave: (hub) => hub.invoke("UnwatchFair", id),
    events: { fairStats: show },
    refresh: async () => {
      const response = await fetch(`/api/fairs/${id}/stats`, { headers: { Accept: "application/json" } });
      if (response.ok) show(await response.json());
      else drop(response);
    },
  });
}
