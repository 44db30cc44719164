// A fair's figures (Features/Fairs/Pages/FairPage.razor): each `fairStats` event of the fair writes
// the numbers it carries and rings the figures that moved; after every (re)connection the figures
// are read from the server again (GET /api/fairs/{id}/stats). Figures older than those shown (a
// late answer, an event overtaken by a fresher read) are ignored by their version.
import { live, drop, highlight } from "/js/live.js";

const shown = ["employers", "positions", "applications", "signed"];

export function start(element) {
  const id = element.dataset.fairId;
  let version = Number(element.dataset.version ?? -1);

  function show(stats) {
    if (typeof stats?.version === "number") {
      if (stats.version < version) return;
      version = stats.version;
    }
    for (const name of shown) {
      const cell = element.querySelector(`[data-testid="stat-${name}"]`);
      const value = String(stats[name] ?? "");
      if (!cell || value === "" || cell.textContent === value) continue;
      cell.textContent = value;
      highlight(cell.closest(".figure") ?? cell);
    }
  }

  async function refresh() {
    const response = await fetch(`/api/fairs/${id}/stats`, { headers: { Accept: "application/json" } });
    if (response.ok) show(await response.json());
    else drop(response);
  }

  return live({
    join: (hub) => hub.invoke("WatchFair", id),
    leave: (hub) => hub.invoke("UnwatchFair", id),
    events: { fairStats: (stats) => { if (stats?.fairId === id) show(stats); } },
    refresh,
  });
}
