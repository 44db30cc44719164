// The fair page's booth lines (Features/Fairs/Pages/FairPage.razor): each `queueChanged` of this fair
// writes the line's length into its booth's row and rings it; after every (re)connection the lengths
// are read from the server again (GET /api/fairs/{id}/booths?open=true). The fair itself is watched
// by the figures' island on the same page (fair-live.js), whose WatchFair brings these events too.
import { live, highlight } from "/js/live.js";

export function start(element) {
  const id = element.dataset.boothsOf;

  function show(employerId, waiting) {
    const cell = element.querySelector(`[data-booth-id="${employerId}"] [data-booth-waiting]`);
    const value = String(waiting ?? "");
    if (!cell || value === "" || cell.textContent === value) return;
    cell.textContent = value;
    highlight(cell.closest("[data-booth-id]") ?? cell);
  }

  async function refresh() {
    const response = await fetch(`/api/fairs/${id}/booths?open=true&pageSize=100`, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    for (const booth of (await response.json()).items ?? []) show(booth.employerId, booth.waiting);
  }

  return live({
    events: { queueChanged: (change) => { if (change?.fairId === id) show(change.employerId, change.waiting); } },
    refresh,
  });
}
